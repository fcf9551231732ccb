package io.wsnio.channels;

import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.SockOpt;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.spi.SelectorProvider;

/**
 * Channels over sockets this process inherited (stdin for {@code System.inheritedChannel()},
 * systemd's {@code LISTEN_FDS}) of any triple: the kernel names the family ({@code SO_DOMAIN}),
 * type ({@code SO_TYPE}) and protocol ({@code SO_PROTOCOL}); a listening socket
 * ({@code SO_ACCEPTCONN}) becomes a {@code ServerSocketChannel}, a connected stream or seqpacket
 * socket a {@code SocketChannel}, a message socket (DGRAM, RAW, RDM) a {@code DatagramChannel},
 * bound and connected as it is. The socket is put in blocking mode, as a new channel is.
 */
public final class InheritedSockets {
    private InheritedSockets() {
    }

    /**
     * A wsnio channel over {@code handle}, or null when it is not a socket (or a stream socket
     * neither listening nor connected, which no channel type describes; the JDK returns null too).
     * Nothing is closed when it returns null or throws: the descriptor stays the caller's.
     */
    public static Channel adopt(SelectorProvider provider, NativeNet net, long handle) throws IOException {
        int type;
        try {
            type = net.getIntOption(handle, SockOpt.SO_TYPE);
        } catch (IOException | IllegalArgumentException notASocket) {
            return null;
        }
        int af = net.getIntOption(handle, SockOpt.SO_DOMAIN);
        int protocol = net.getIntOption(handle, SockOpt.SO_PROTOCOL);
        Family family = net.symbolicFamily(af);
        SocketSpec.Type named = null;
        for (SocketSpec.Type t : SocketSpec.Type.values()) {
            if (t.value() == type) {
                named = t;
            }
        }
        SocketSpec spec = family != null && named != null ? SocketSpec.of(family, named, protocol)
                : SocketSpec.nativeTriple(af, type, protocol);
        Family f = net.familyOf(spec);
        if (spec.isConnectionOriented()) {
            if (net.getIntOption(handle, SockOpt.SO_ACCEPTCONN) != 0) {
                net.configureBlocking(handle, true);
                return new WsnioServerSocketChannel(provider, net, spec, handle);
            }
            SocketAddress remote;
            try {
                remote = net.remoteAddress(handle, f);
            } catch (IOException notConnected) {
                return null;
            }
            net.configureBlocking(handle, true);
            return new WsnioSocketChannel(provider, net, spec, handle, remote);
        }
        net.configureBlocking(handle, true);
        WsnioDatagramChannel ch = new WsnioDatagramChannel(provider, net, spec, handle);
        ch.adoptState();
        return ch;
    }
}
