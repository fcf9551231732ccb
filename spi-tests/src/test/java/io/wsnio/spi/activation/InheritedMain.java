package io.wsnio.spi.activation;

import io.wsnio.SocketActivation;
import io.wsnio.WsnioSelectorProvider;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.List;
import java.util.Map;

/**
 * Started (by a perl launcher) with sockets on stdin or as systemd's LISTEN_FDS: prints what it
 * inherited as {@code name.kind=}, {@code name.local=}, {@code name.triple=} lines and proves each
 * channel works ({@code name.works=yes}): a listener accepts a connection and reads a byte from it,
 * a datagram socket receives a datagram.
 */
public final class InheritedMain {
    public static void main(String[] args) throws Exception {
        if ("stdin".equals(args[0])) {
            describe("stdin", System.inheritedChannel());
            System.out.println("stdin.again=" + (System.inheritedChannel() == System.inheritedChannel()));
        } else {
            for (Map.Entry<String, List<Channel>> e : SocketActivation.named().entrySet()) {
                for (Channel ch : e.getValue()) {
                    describe(e.getKey(), ch);
                }
            }
            System.out.println("count=" + SocketActivation.channels().size());
        }
        System.out.println("done=OK");
    }

    private static void describe(String name, Channel ch) throws Exception {
        if (ch == null) {
            System.out.println(name + ".kind=null");
            return;
        }
        String kind = ch instanceof ServerSocketChannel ? "server" : ch instanceof SocketChannel ? "socket"
                : ch instanceof DatagramChannel ? "datagram" : ch.getClass().getName();
        System.out.println(name + ".kind=" + kind);
        SocketAddress local = ((NetworkChannel) ch).getLocalAddress();
        System.out.println(name + ".local=" + local);
        try {
            Object spec = ch.getClass().getMethod("spec").invoke(ch);
            System.out.println(name + ".triple=" + spec);
        } catch (NoSuchMethodException jdk) {
            // the JDK's channels have no triple
        }
        SelectorProvider p = ch instanceof java.nio.channels.spi.AbstractSelectableChannel
                ? ((java.nio.channels.spi.AbstractSelectableChannel) ch).provider() : null;
        System.out.println(name + ".wsnio=" + (p instanceof WsnioSelectorProvider));
        if (ch instanceof ServerSocketChannel) {
            ServerSocketChannel server = (ServerSocketChannel) ch;
            java.net.ProtocolFamily family = local instanceof java.net.UnixDomainSocketAddress
                    ? java.net.StandardProtocolFamily.UNIX : java.net.StandardProtocolFamily.INET;
            SocketChannel client;
            if (server.getClass().getSimpleName().startsWith("Wsnio") && family == java.net.StandardProtocolFamily.UNIX) {
                // the same triple as the listener (a SEQPACKET listener takes only SEQPACKET clients)
                io.wsnio.SocketSpec spec = (io.wsnio.SocketSpec) server.getClass().getMethod("spec").invoke(server);
                client = new WsnioSelectorProvider().openSocketChannel(spec);
            } else {
                client = p.openSocketChannel(family);
            }
            try (client) {
                client.connect(local);
                client.write(ByteBuffer.wrap(new byte[] {42}));
                try (SocketChannel accepted = server.accept()) {
                    ByteBuffer one = ByteBuffer.allocate(1);
                    accepted.read(one);
                    System.out.println(name + ".works=" + (one.get(0) == 42 ? "yes" : "no"));
                }
            }
        } else if (ch instanceof DatagramChannel) {
            DatagramChannel dc = (DatagramChannel) ch;
            try (DatagramChannel tx = local instanceof java.net.UnixDomainSocketAddress
                    ? p.openDatagramChannel(java.net.StandardProtocolFamily.UNIX) : p.openDatagramChannel()) {
                tx.send(ByteBuffer.wrap(new byte[] {7, 7}), local);
                ByteBuffer dst = ByteBuffer.allocate(8);
                SocketAddress from = dc.receive(dst);
                System.out.println(name + ".works=" + (from != null && dst.position() == 2 ? "yes" : "no"));
            }
        }
    }
}
