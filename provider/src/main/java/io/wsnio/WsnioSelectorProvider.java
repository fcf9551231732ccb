package io.wsnio;

import io.wsnio.channels.InheritedSockets;
import io.wsnio.channels.WsnioDatagramChannel;
import io.wsnio.channels.WsnioPipe;
import io.wsnio.channels.WsnioSelector;
import io.wsnio.channels.WsnioServerSocketChannel;
import io.wsnio.channels.WsnioSocketChannel;
import io.wsnio.nativeio.Backends;
import io.wsnio.nativeio.NativeNet;
import java.io.IOException;
import java.net.ProtocolFamily;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * wsnio's {@link SelectorProvider}: every channel is a native socket opened with an explicit
 * {@link SocketSpec} triple, and every channel it opens registers with its selectors.
 *
 * <p>Install for the whole JVM with
 * {@code -Djava.nio.channels.spi.SelectorProvider=io.wsnio.WsnioSelectorProvider} or by putting
 * the wsnio-services jar on the class path; or use an instance directly.
 */
public class WsnioSelectorProvider extends SelectorProvider {
    private static final LongAdder SOCKETS = new LongAdder();
    private static final LongAdder SERVERS = new LongAdder();
    private static final LongAdder SELECTORS = new LongAdder();
    private static final LongAdder PIPES = new LongAdder();
    private static final LongAdder DATAGRAMS = new LongAdder();

    private final NativeNet net;
    private final ProtocolDefaults defaults;

    /** The provider on this platform's backend; throws if the backend cannot load. */
    public WsnioSelectorProvider() {
        this.net = Backends.net();
        this.defaults = ProtocolDefaults.fromSystemProperties(net);
    }

    /**
     * The name of the native backend in use, e.g. {@code posix-epoll-jna} (JDK 17 to 21),
     * {@code posix-epoll-ffm} (JDK 22 and later, from a jar built by one), {@code winsock-afd} or
     * {@code winsock-afd-ffm} (the opt-in {@code -Dwsnio.winsock.bridge=ffm} on JDK 22 and later).
     */
    public String backendName() {
        return net.name();
    }

    /** Channels and selectors opened by wsnio providers in this JVM, for diagnostics and tests. */
    public static String statistics() {
        return "sockets=" + SOCKETS.sum() + " servers=" + SERVERS.sum() + " datagrams=" + DATAGRAMS.sum()
                + " selectors=" + SELECTORS.sum() + " pipes=" + PIPES.sum();
    }

    /**
     * With {@code -Dwsnio.statistics.protocols=true}: the protocol the kernel reported
     * ({@code SO_PROTOCOL}) for each socket wsnio opened or accepted, counted per kind of channel,
     * e.g. {@code accepted:262=50 server:262=1 stream:262=50} (MPTCP served every connection);
     * empty when the property is off or nothing was opened yet. One {@code getsockopt} per channel
     * when on, nothing when off: for programs that cannot reach the channels a framework opened.
     */
    public static String protocolStatistics() {
        return io.wsnio.channels.ProtocolTally.snapshot();
    }

    /** Number of stream socket channels opened (connected or accepted) by wsnio in this JVM. */
    public static long socketChannelsOpened() {
        return SOCKETS.sum();
    }

    /** Number of server socket channels opened by wsnio in this JVM. */
    public static long serverChannelsOpened() {
        return SERVERS.sum();
    }

    /** Number of datagram (message) channels opened by wsnio in this JVM. */
    public static long datagramChannelsOpened() {
        return DATAGRAMS.sum();
    }

    /** Number of selectors opened by wsnio in this JVM. */
    public static long selectorsOpened() {
        return SELECTORS.sum();
    }

    // -- inherited sockets (socket activation)

    private static Channel inherited;       // guarded by WsnioSelectorProvider.class
    private static boolean inheritedLooked; // guarded by WsnioSelectorProvider.class

    /**
     * The socket this JVM inherited on stdin (inetd-style socket activation) as a wsnio channel of
     * whatever triple it is — MPTCP, SEQPACKET, UNIX, raw, not only the INET stream and datagram
     * sockets the JDK's provider handles — or null when stdin is not a socket, or on Windows (as
     * the JDK). The same channel on every call. For systemd's {@code LISTEN_FDS} see
     * {@link SocketActivation}.
     */
    @Override
    public Channel inheritedChannel() throws IOException {
        synchronized (WsnioSelectorProvider.class) {
            if (!inheritedLooked) {
                long h = net.descriptorHandle(0);
                inherited = h < 0 ? null : InheritedSockets.adopt(this, net, h);
                inheritedLooked = true;
            }
            return inherited;
        }
    }

    /** A channel over this process's descriptor {@code fd}, or null when it is not a socket wsnio can adopt. */
    Channel adoptDescriptor(int fd) throws IOException {
        long h = net.descriptorHandle(fd);
        return h < 0 ? null : InheritedSockets.adopt(this, net, h);
    }

    // -- explicit API

    /**
     * Opens a connection-oriented socket (STREAM or SEQPACKET) of any family as a SocketChannel; also
     * PGM, (INET, RDM, RM), whose sender connects to its multicast group and writes.
     */
    public SocketChannel openSocketChannel(SocketSpec spec) throws IOException {
        requireConnectionOriented(spec);
        WsnioSocketChannel ch = new WsnioSocketChannel(this, net, spec);
        SOCKETS.increment();
        return ch;
    }

    /**
     * Opens a connection-oriented socket (STREAM or SEQPACKET) of any family as a ServerSocketChannel;
     * also PGM, (INET, RDM, RM), whose receiver binds to its multicast group, listens and accepts
     * each sender's session.
     */
    public ServerSocketChannel openServerSocketChannel(SocketSpec spec) throws IOException {
        requireConnectionOriented(spec);
        WsnioServerSocketChannel ch = new WsnioServerSocketChannel(this, net, spec);
        SERVERS.increment();
        return ch;
    }

    /** Opens a message socket (DGRAM, RAW or RDM) of any family as a DatagramChannel. */
    public DatagramChannel openDatagramChannel(SocketSpec spec) throws IOException {
        Objects.requireNonNull(spec, "spec");
        if (spec.isConnectionOriented()) {
            throw new IllegalArgumentException("not a message type (DGRAM, RAW or RDM): " + spec);
        }
        WsnioDatagramChannel ch = new WsnioDatagramChannel(this, net, spec);
        DATAGRAMS.increment();
        return ch;
    }

    /** PGM reliable multicast: SOCK_RDM with IPPROTO_RM (113), a session protocol on Winsock. */
    private static boolean isPgm(SocketSpec spec) {
        return spec.typeValue() == SocketSpec.Type.RDM.value() && spec.protocolValue() == SocketSpec.Protocol.RM.value();
    }

    private static void requireConnectionOriented(SocketSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (!spec.isConnectionOriented() && !isPgm(spec)) {
            throw new IllegalArgumentException("not a connection-oriented type (STREAM or SEQPACKET, or PGM): " + spec);
        }
    }

    // -- SelectorProvider

    // The plain opens get the triple chosen by wsnio.stream.protocol / wsnio.datagram.protocol;
    // when the kernel refuses it, wsnio.protocol.fallback decides (ProtocolDefaults.refused).

    @Override
    public SocketChannel openSocketChannel() throws IOException {
        return openDefaultSocketChannel(null);
    }

    @Override
    public SocketChannel openSocketChannel(ProtocolFamily family) throws IOException {
        return openDefaultSocketChannel(Objects.requireNonNull(family));
    }

    private SocketChannel openDefaultSocketChannel(ProtocolFamily family) throws IOException {
        SocketSpec spec = defaults.stream(family);
        try {
            return openSocketChannel(spec);
        } catch (SocketCreationException e) {
            return openSocketChannel(defaults.refused(spec, e));
        }
    }

    @Override
    public ServerSocketChannel openServerSocketChannel() throws IOException {
        return openDefaultServerSocketChannel(null);
    }

    @Override
    public ServerSocketChannel openServerSocketChannel(ProtocolFamily family) throws IOException {
        return openDefaultServerSocketChannel(Objects.requireNonNull(family));
    }

    private ServerSocketChannel openDefaultServerSocketChannel(ProtocolFamily family) throws IOException {
        SocketSpec spec = defaults.stream(family);
        try {
            return openServerSocketChannel(spec);
        } catch (SocketCreationException e) {
            return openServerSocketChannel(defaults.refused(spec, e));
        }
    }

    @Override
    public DatagramChannel openDatagramChannel() throws IOException {
        return openDefaultDatagramChannel(null);
    }

    @Override
    public DatagramChannel openDatagramChannel(ProtocolFamily family) throws IOException {
        return openDefaultDatagramChannel(Objects.requireNonNull(family));
    }

    private DatagramChannel openDefaultDatagramChannel(ProtocolFamily family) throws IOException {
        SocketSpec spec = defaults.datagram(family);
        try {
            return openDatagramChannel(spec);
        } catch (SocketCreationException e) {
            return openDatagramChannel(defaults.refused(spec, e));
        }
    }

    @Override
    public Pipe openPipe() throws IOException {
        WsnioPipe p = new WsnioPipe(this, net);
        PIPES.increment();
        return p;
    }

    @Override
    public AbstractSelector openSelector() throws IOException {
        WsnioSelector s = new WsnioSelector(this, net);
        SELECTORS.increment();
        return s;
    }

    @Override
    public String toString() {
        return "WsnioSelectorProvider[" + net.name() + "]";
    }
}
