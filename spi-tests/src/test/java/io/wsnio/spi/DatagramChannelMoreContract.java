package io.wsnio.spi;

import static io.wsnio.spi.TestNet.LOOPBACK4;
import static io.wsnio.spi.TestNet.LOOPBACK6;
import static io.wsnio.spi.TestNet.TIMEOUT;
import static io.wsnio.spi.TestNet.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * More of the {@link DatagramChannel} contract, beside {@link DatagramChannelContract}: dual-stack
 * sends, connect details, blocked connected reads, the {@code socket()} adaptor and multicast.
 * Every test passes on the JDK's own provider.
 */
public abstract class DatagramChannelMoreContract extends Closer {

    protected abstract SelectorProvider provider();

    // ---------------------------------------------------------------- helpers

    private DatagramChannel open() throws IOException {
        return closeLater(provider().openDatagramChannel());
    }

    private DatagramChannel open(StandardProtocolFamily family) throws IOException {
        return closeLater(provider().openDatagramChannel(family));
    }

    private DatagramChannel bound(InetAddress loopback) throws IOException {
        DatagramChannel ch = open();
        ch.bind(new InetSocketAddress(loopback, 0));
        return ch;
    }

    private Selector selector() throws IOException {
        return closeLater(provider().openSelector());
    }

    private static IntFunction<ByteBuffer> allocator(String kind) {
        return switch (kind) {
            case "heap" -> ByteBuffer::allocate;
            case "direct" -> ByteBuffer::allocateDirect;
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static String text(ByteBuffer b) {
        b.flip();
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return new String(a, StandardCharsets.US_ASCII);
    }

    /** Receives (blocking, bounded) one datagram; returns its sender. */
    private static SocketAddress receiveBounded(DatagramChannel ch, ByteBuffer dst) {
        return assertTimeoutPreemptively(TIMEOUT, () -> ch.receive(dst));
    }

    // ---------------------------------------------------------------- state of a new channel




    // ---------------------------------------------------------------- send and receive



    @Test
    void sendToPortZeroIsRefused() throws IOException {
        DatagramChannel a = open();
        assertThrows(java.net.SocketException.class, () -> a.send(ascii("x"), new InetSocketAddress(LOOPBACK4, 0)));
    }




    /**
     * One gathering write is one datagram, however many buffers it spans (the JDK takes up to
     * IOV_MAX, 1,024, buffers in one call); and one scattering read takes one datagram over as
     * many buffers. 300 buffers are more than one wsnio native call takes (224 on Linux, 128 on
     * Windows), which once sent a truncated datagram.
     */
    @ParameterizedTest
    @ValueSource(strings = {"heap", "direct"})
    void aGatheringWriteOverManyBuffersIsOneDatagram(String kind) throws IOException {
        Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows")
                && provider().getClass().getName().startsWith("sun.nio.ch."),
                "the JDK on Windows puts at most 16 buffers (its IOV_MAX) in one gathering write: its datagram"
                        + " holds the first 64 bytes");
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        a.connect(b.getLocalAddress());
        b.connect(a.getLocalAddress());
        ByteBuffer[] srcs = new ByteBuffer[300];
        for (int i = 0; i < srcs.length; i++) {
            srcs[i] = allocator(kind).apply(4);
            srcs[i].putInt(0, i).limit(4);
        }
        assertEquals(1200, assertTimeoutPreemptively(TIMEOUT, () -> a.write(srcs)));
        for (ByteBuffer s : srcs) {
            assertFalse(s.hasRemaining());
        }
        ByteBuffer[] dsts = new ByteBuffer[300];
        for (int i = 0; i < dsts.length; i++) {
            dsts[i] = allocator(kind).apply(4);
        }
        assertEquals(1200, assertTimeoutPreemptively(TIMEOUT, () -> b.read(dsts)), "one 1,200-byte datagram");
        for (int i = 0; i < dsts.length; i++) {
            assertEquals(i, dsts[i].getInt(0), "buffer " + i);
            assertFalse(dsts[i].hasRemaining());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "direct"})
    void aDatagramLargerThanTheBufferIsTruncatedAndTheRestDiscarded(String kind) throws IOException {
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        a.send(ascii("0123456789"), b.getLocalAddress());
        a.send(ascii("next"), b.getLocalAddress());
        ByteBuffer small = allocator(kind).apply(4);
        assertNotNull(receiveBounded(b, small));
        assertEquals("0123", text(small));
        ByteBuffer dst = allocator(kind).apply(64);
        receiveBounded(b, dst);
        assertEquals("next", text(dst), "the rest of the first datagram is discarded");
    }



    @Test
    void dualStackDefaultChannelReachesIpv4Loopback() throws IOException {
        DatagramChannel a = open();          // the default family (IPv6 dual-stack where available)
        DatagramChannel b = open(StandardProtocolFamily.INET);
        b.bind(new InetSocketAddress(LOOPBACK4, 0));
        a.send(ascii("mapped"), b.getLocalAddress());
        ByteBuffer dst = ByteBuffer.allocate(16);
        InetSocketAddress from = (InetSocketAddress) receiveBounded(b, dst);
        assertEquals(LOOPBACK4, from.getAddress());
        assertEquals("mapped", text(dst));
        // and the reply comes back to the dual-stack socket, its sender reported as IPv4
        b.send(ascii("back"), from);
        ByteBuffer back = ByteBuffer.allocate(16);
        InetSocketAddress replier = (InetSocketAddress) receiveBounded(a, back);
        assertEquals(LOOPBACK4, replier.getAddress());
        assertEquals("back", text(back));
    }

    @Test
    void repeatedReceivesFromTheSameSenderReportEqualAddresses() throws IOException {
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        a.send(ascii("1"), b.getLocalAddress());
        a.send(ascii("2"), b.getLocalAddress());
        SocketAddress first = receiveBounded(b, ByteBuffer.allocate(4));
        SocketAddress second = receiveBounded(b, ByteBuffer.allocate(4));
        assertEquals(first, second);
    }

    // ---------------------------------------------------------------- connect, read, write


    @Test
    void connectReadWriteAndDisconnect() throws IOException {
        TestNet.assumeNotUnderWine("under Wine 8.0 re-binding a UDP socket's address after its disconnect fails with"
                + " WSAEINVAL: the JDK oracle's (SocketException 'Invalid argument: bind' from"
                + " DatagramChannelImpl.repairSocket) and wsnio's (NativeSocketException WSAEINVAL from bind)");
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        SocketAddress aLocal = a.getLocalAddress();
        assertSame(a, a.connect(b.getLocalAddress()));
        assertTrue(a.isConnected());
        assertEquals(b.getLocalAddress(), a.getRemoteAddress());
        assertEquals(aLocal, a.getLocalAddress());
        assertThrows(AlreadyConnectedException.class, () -> a.connect(b.getLocalAddress()));

        assertEquals(5, a.write(ascii("hello")));
        ByteBuffer dst = ByteBuffer.allocate(16);
        assertEquals(aLocal, receiveBounded(b, dst));
        assertEquals("hello", text(dst));

        b.send(ascii("reply"), aLocal);
        ByteBuffer in = ByteBuffer.allocate(16);
        assertEquals(5, assertTimeoutPreemptively(TIMEOUT, () -> a.read(in)));
        assertEquals("reply", text(in));

        // send to the connected peer is allowed, to anyone else is not
        assertEquals(1, a.send(ascii("x"), b.getLocalAddress()));
        assertThrows(AlreadyConnectedException.class, () -> a.send(ascii("x"), new InetSocketAddress(LOOPBACK4, 9)));

        assertSame(a, a.disconnect());
        assertFalse(a.isConnected());
        assertNull(a.getRemoteAddress());
        assertEquals(aLocal, a.getLocalAddress(), "disconnect keeps the local address");
        assertThrows(NotYetConnectedException.class, () -> a.write(ascii("x")));
        assertSame(a, a.disconnect(), "disconnect of an unconnected channel does nothing");
    }

    @Test
    void connectOnAnUnboundChannelBindsIt() throws IOException {
        DatagramChannel a = open(StandardProtocolFamily.INET);
        DatagramChannel b = bound(LOOPBACK4);
        a.connect(b.getLocalAddress());
        assertNotNull(a.getLocalAddress());
        assertNotEquals(0, ((InetSocketAddress) a.getLocalAddress()).getPort());
    }



    @Test
    void nonBlockingReadOfAConnectedChannelReturnsZero() throws IOException {
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        a.connect(b.getLocalAddress());
        a.configureBlocking(false);
        assertEquals(0, a.read(ByteBuffer.allocate(8)));
    }


    // ---------------------------------------------------------------- selector


    // ---------------------------------------------------------------- close and interrupt


    @Test
    void interruptWakesBlockedReceiveWithClosedByInterruptAndClosesTheChannel() throws Exception {
        DatagramChannel b = bound(LOOPBACK4);
        Background<SocketAddress> reader = Background.start("receiver", () -> b.receive(ByteBuffer.allocate(8)));
        reader.awaitInside(b.getClass(), "receive");
        reader.interruptBounded();
        assertInstanceOf(ClosedByInterruptException.class, reader.failure());
        assertTrue(reader.interruptedAtEnd(), "interrupt status stays set");
        assertFalse(b.isOpen());
    }

    @Test
    void closeFromAnotherThreadWakesBlockedRead() throws Exception {
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        a.connect(b.getLocalAddress());
        Background<Integer> reader = Background.start("reader", () -> a.read(ByteBuffer.allocate(8)));
        reader.awaitInside(a.getClass(), "read");
        TestNet.closeBounded(a);
        assertInstanceOf(AsynchronousCloseException.class, reader.failure());
    }

    // ---------------------------------------------------------------- options



    @Test
    void multicastInterfaceRoundTripsOnLoopback() throws IOException {
        NetworkInterface lo = NetworkInterface.getByInetAddress(LOOPBACK4);
        Assumptions.assumeTrue(lo != null, "no interface carries 127.0.0.1");
        DatagramChannel ch = open(StandardProtocolFamily.INET);
        ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo);
        assertEquals(lo, ch.getOption(StandardSocketOptions.IP_MULTICAST_IF));
        DatagramChannel six = open();
        six.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo);
        assertEquals(lo, six.getOption(StandardSocketOptions.IP_MULTICAST_IF));
    }


    // ---------------------------------------------------------------- socket() adaptor

    @Test
    void socketAdaptorSendsAndReceivesPackets() throws IOException {
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        DatagramSocket sa = a.socket();
        DatagramSocket sb = b.socket();
        assertSame(sa, a.socket());
        assertSame(a, sa.getChannel());
        assertTrue(sa.isBound());
        assertEquals(((InetSocketAddress) a.getLocalAddress()).getPort(), sa.getLocalPort());
        byte[] out = "packet".getBytes(StandardCharsets.US_ASCII);
        sa.send(new DatagramPacket(out, out.length, b.getLocalAddress()));
        byte[] buf = new byte[32];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        sb.setSoTimeout((int) TIMEOUT.toMillis());
        sb.receive(p);
        assertEquals("packet", new String(p.getData(), p.getOffset(), p.getLength(), StandardCharsets.US_ASCII));
        assertEquals(a.getLocalAddress(), p.getSocketAddress());
        // the same packet reused takes a longer datagram whole
        byte[] longer = "a longer packet".getBytes(StandardCharsets.US_ASCII);
        sa.send(new DatagramPacket(longer, longer.length, b.getLocalAddress()));
        sb.receive(p);
        assertEquals("a longer packet", new String(p.getData(), p.getOffset(), p.getLength(), StandardCharsets.US_ASCII));
        sa.close();
        assertTrue(sa.isClosed());
        assertFalse(a.isOpen());
    }

    @Test
    void socketAdaptorReceiveTimesOut() throws IOException {
        DatagramChannel b = bound(LOOPBACK4);
        DatagramSocket sb = b.socket();
        sb.setSoTimeout(200);
        assertEquals(200, sb.getSoTimeout());
        long t0 = System.nanoTime();
        assertTimeoutPreemptively(TIMEOUT,
                () -> assertThrows(SocketTimeoutException.class, () -> sb.receive(new DatagramPacket(new byte[8], 8))));
        TestNet.assertWaitedAbout(200, (System.nanoTime() - t0) / 1_000_000, "a receive with SO_TIMEOUT 200 ms");
        assertTrue(b.isOpen(), "a time-out does not close the channel");
    }

    @Test
    void socketAdaptorConnectAndOptions() throws IOException {
        TestNet.assumeNotUnderWine("under Wine 8.0 re-binding a UDP socket's address after its disconnect fails with"
                + " WSAEINVAL: the JDK oracle's (SocketException 'Invalid argument: bind' from"
                + " DatagramChannelImpl.repairSocket) and wsnio's (NativeSocketException WSAEINVAL from bind)");
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        DatagramSocket sa = a.socket();
        sa.connect(b.getLocalAddress());
        assertTrue(sa.isConnected());
        assertEquals(b.getLocalAddress(), sa.getRemoteSocketAddress());
        assertEquals(((InetSocketAddress) b.getLocalAddress()).getPort(), sa.getPort());
        byte[] out = "c".getBytes(StandardCharsets.US_ASCII);
        sa.send(new DatagramPacket(out, out.length));   // to the connected peer
        assertEquals(a.getLocalAddress(), receiveBounded(b, ByteBuffer.allocate(4)));
        sa.setBroadcast(true);
        assertTrue(sa.getBroadcast());
        sa.setReceiveBufferSize(65536);
        assertEquals(65536, sa.getReceiveBufferSize());
        sa.disconnect();
        assertFalse(sa.isConnected());
        assertThrows(IllegalArgumentException.class, () -> sa.send(new DatagramPacket(out, out.length)));
    }

    /** A datagram socket adaptor from {@code p} in {@code state}, over IPv4. */
    private java.net.MulticastSocket datagramAdaptorIn(SelectorProvider p, String state, SocketAddress peer) throws IOException {
        DatagramChannel ch = closeLater(p.openDatagramChannel(StandardProtocolFamily.INET));
        if (!state.equals("unbound") && !state.equals("closed")) {
            ch.bind(new InetSocketAddress(LOOPBACK4, 0));
        }
        if (state.equals("connected")) {
            ch.connect(peer);
        }
        if (state.startsWith("closed")) {
            ch.close();
        }
        if (state.startsWith("non-blocking")) {
            ch.configureBlocking(false);
        }
        // the JDK's adaptor is a MulticastSocket (JDK 17+)
        return (java.net.MulticastSocket) ch.socket();
    }

    private static java.util.List<Outcomes.Step<java.net.MulticastSocket>> datagramAdaptorSteps(SocketAddress peer)
            throws IOException {
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("wsnio.invalid", 9);
        java.net.UnixDomainSocketAddress unix = java.net.UnixDomainSocketAddress.of("wsnio-test-socket");
        InetSocketAddress other = new InetSocketAddress(LOOPBACK4, 9);
        InetSocketAddress group = new InetSocketAddress(InetAddress.getByName("239.255.77.78"), 0);
        NetworkInterface lo = NetworkInterface.getByInetAddress(LOOPBACK4);
        byte[] b = {1, 2, 3};
        return java.util.List.of(
                Outcomes.step("bind(null)", s -> { s.bind(null); return null; }),
                Outcomes.step("bind(unresolved)", s -> { s.bind(unresolved); return null; }),
                Outcomes.step("bind(UNIX address)", s -> { s.bind(unix); return null; }),
                Outcomes.step("connect((SocketAddress) null)", s -> { s.connect((SocketAddress) null); return null; }),
                Outcomes.step("connect((InetAddress) null, 9)", s -> { s.connect((InetAddress) null, 9); return null; }),
                Outcomes.step("connect(unresolved)", s -> { s.connect(unresolved); return null; }),
                Outcomes.step("connect(UNIX address)", s -> { s.connect(unix); return null; }),
                Outcomes.value("connect(peer) then isConnected()", s -> { s.connect(peer); return s.isConnected(); }),
                Outcomes.value("connect(loopback:0) then isConnected()", s -> {
                    s.connect(new InetSocketAddress(LOOPBACK4, 0));
                    return s.isConnected();
                }),
                Outcomes.value("disconnect() then isConnected()", s -> { s.disconnect(); return s.isConnected(); }),
                Outcomes.value("isBound()", DatagramSocket::isBound),
                Outcomes.value("isConnected()", DatagramSocket::isConnected),
                Outcomes.value("isClosed()", DatagramSocket::isClosed),
                Outcomes.value("getInetAddress()", DatagramSocket::getInetAddress),
                Outcomes.value("getPort() <= 0 ? getPort() : peer's", s -> s.getPort() <= 0 ? s.getPort() : "peer's"),
                Outcomes.value("getLocalAddress()", DatagramSocket::getLocalAddress),
                Outcomes.value("getLocalPort() <= 0 ? getLocalPort() : ephemeral", s -> s.getLocalPort() <= 0 ? s.getLocalPort() : "ephemeral"),
                Outcomes.value("getRemoteSocketAddress() == null", s -> s.getRemoteSocketAddress() == null),
                Outcomes.value("getLocalSocketAddress() == null", s -> s.getLocalSocketAddress() == null),
                Outcomes.step("send(packet without address)", s -> { s.send(new DatagramPacket(b, b.length)); return null; }),
                Outcomes.step("send(packet to the peer)", s -> { s.send(new DatagramPacket(b, b.length, peer)); return null; }),
                Outcomes.step("send(packet to another address)", s -> { s.send(new DatagramPacket(b, b.length, other)); return null; }),
                Outcomes.step("send(packet to port 0)", s -> {
                    s.send(new DatagramPacket(b, b.length, new InetSocketAddress(LOOPBACK4, 0)));
                    return null;
                }),
                Outcomes.step("receive() with SO_TIMEOUT 1", s -> {
                    s.setSoTimeout(1);
                    s.receive(new DatagramPacket(new byte[8], 8));
                    return null;
                }),
                Outcomes.step("setSoTimeout(-1)", s -> { s.setSoTimeout(-1); return null; }),
                Outcomes.value("getSoTimeout()", DatagramSocket::getSoTimeout),
                Outcomes.step("setSendBufferSize(0)", s -> { s.setSendBufferSize(0); return null; }),
                Outcomes.step("setSendBufferSize(65536)", s -> { s.setSendBufferSize(65536); return null; }),
                Outcomes.step("getSendBufferSize()", DatagramSocket::getSendBufferSize),
                Outcomes.step("setReceiveBufferSize(0)", s -> { s.setReceiveBufferSize(0); return null; }),
                Outcomes.step("getReceiveBufferSize()", DatagramSocket::getReceiveBufferSize),
                Outcomes.value("getReuseAddress()", DatagramSocket::getReuseAddress),
                Outcomes.step("setReuseAddress(true)", s -> { s.setReuseAddress(true); return null; }),
                Outcomes.value("setBroadcast(true) then getBroadcast()", s -> { s.setBroadcast(true); return s.getBroadcast(); }),
                Outcomes.step("setTrafficClass(-1)", s -> { s.setTrafficClass(-1); return null; }),
                Outcomes.step("setTrafficClass(256)", s -> { s.setTrafficClass(256); return null; }),
                Outcomes.value("setTrafficClass(16) then getTrafficClass()", s -> { s.setTrafficClass(16); return s.getTrafficClass(); }),
                Outcomes.step("setOption(null, 1)", s -> s.setOption(null, 1)),
                Outcomes.step("getOption(SO_KEEPALIVE)", s -> s.getOption(StandardSocketOptions.SO_KEEPALIVE)),
                Outcomes.value("getTimeToLive()", java.net.MulticastSocket::getTimeToLive),
                Outcomes.step("setTimeToLive(-1)", s -> { s.setTimeToLive(-1); return null; }),
                Outcomes.step("setTimeToLive(256)", s -> { s.setTimeToLive(256); return null; }),
                Outcomes.value("setTimeToLive(5) then getTimeToLive()", s -> { s.setTimeToLive(5); return s.getTimeToLive(); }),
                Outcomes.value("setTTL((byte) 200) then getTTL()", s -> { s.setTTL((byte) 200); return s.getTTL(); }),
                Outcomes.value("setLoopbackMode(true) then getLoopbackMode()", s -> { s.setLoopbackMode(true); return s.getLoopbackMode(); }),
                Outcomes.value("getNetworkInterface()", java.net.MulticastSocket::getNetworkInterface),
                Outcomes.value("getInterface()", java.net.MulticastSocket::getInterface),
                Outcomes.step("setInterface(null)", s -> { s.setInterface(null); return null; }),
                Outcomes.value("setInterface(127.0.0.1) then getInterface()", s -> { s.setInterface(LOOPBACK4); return s.getInterface(); }),
                Outcomes.value("setNetworkInterface(lo) then getNetworkInterface()", s -> {
                    s.setNetworkInterface(lo);
                    return s.getNetworkInterface();
                }),
                Outcomes.step("joinGroup(127.0.0.1, lo)", s -> { s.joinGroup(new InetSocketAddress(LOOPBACK4, 0), lo); return null; }),
                Outcomes.step("joinGroup(UNIX address, lo)", s -> { s.joinGroup(unix, lo); return null; }),
                Outcomes.step("leaveGroup(group, lo) not joined", s -> { s.leaveGroup(group, lo); return null; }),
                Outcomes.step("joinGroup(group, lo) twice", s -> {
                    s.joinGroup(group, lo);
                    s.joinGroup(group, lo);
                    return null;
                }),
                Outcomes.step("joinGroup(group, lo) then leaveGroup(group, lo) twice", s -> {
                    s.joinGroup(group, lo);
                    s.leaveGroup(group, lo);
                    s.leaveGroup(group, lo);
                    return null;
                }),
                Outcomes.step("setInterface(127.0.0.1), joinGroup(group address) then leaveGroup", s -> {
                    s.setInterface(LOOPBACK4);
                    s.joinGroup(group.getAddress());
                    s.leaveGroup(group.getAddress());
                    return null;
                }),
                Outcomes.step("close()", s -> { s.close(); return null; }));
    }

    /**
     * Every method of the datagram socket adaptor, a {@link java.net.MulticastSocket} as on the
     * JDK, does in every state what the JDK's adaptor does (its result or its {@code java.net}
     * exception).
     */
    @ParameterizedTest
    @ValueSource(strings = {"unbound", "bound", "connected", "closed", "closed-after-bind", "non-blocking-bound"})
    void datagramSocketAdaptorMethodsBehaveAsTheJdksAdaptor(String state) throws Exception {
        Assumptions.assumeTrue(NetworkInterface.getByInetAddress(LOOPBACK4) != null, "no interface carries 127.0.0.1");
        DatagramChannel peer = bound(LOOPBACK4);
        SocketAddress to = peer.getLocalAddress();
        Outcomes.assertSameAsJdk(state, datagramAdaptorSteps(to),
                () -> datagramAdaptorIn(Providers.jdk(), state, to), () -> datagramAdaptorIn(provider(), state, to));
    }

    /**
     * A receive sets a packet's length, never its buffer length: a packet that took a short
     * datagram takes a longer one whole on the next receive, also through another socket.
     */
    @Test
    void socketAdaptorReceiveKeepsThePacketsBufferLength() throws Exception {
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        DatagramChannel c = bound(LOOPBACK4);
        DatagramPacket p = new DatagramPacket(new byte[64], 4, 32);
        b.socket().setSoTimeout((int) TIMEOUT.toMillis());
        c.socket().setSoTimeout((int) TIMEOUT.toMillis());
        a.send(ascii("short"), b.getLocalAddress());
        b.socket().receive(p);
        assertEquals(5, p.getLength());
        assertEquals(4, p.getOffset());
        a.send(ascii("a much longer datagram"), c.getLocalAddress());
        c.socket().receive(p);
        assertEquals("a much longer datagram", new String(p.getData(), p.getOffset(), p.getLength(), StandardCharsets.US_ASCII));
        // the buffer length is still 32 after setLength by the caller is not involved: a datagram
        // longer than the buffer is truncated to it
        a.send(ByteBuffer.wrap(new byte[40]), b.getLocalAddress());
        b.socket().receive(p);
        assertEquals(32, p.getLength());
    }

    /** Repeated datagrams from one source return the same sender address object, as the JDK's channel does. */
    @Test
    void receiveReturnsTheSameSenderObjectForRepeatedDatagramsFromOneSource() throws Exception {
        DatagramChannel rx = bound(LOOPBACK4);
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        ByteBuffer buf = ByteBuffer.allocate(16);
        a.send(ascii("1"), rx.getLocalAddress());
        SocketAddress first = receiveBounded(rx, buf);
        buf.clear();
        a.send(ascii("2"), rx.getLocalAddress());
        assertSame(first, receiveBounded(rx, buf), "the same source gives the same address object");
        buf.clear();
        b.send(ascii("3"), rx.getLocalAddress());
        SocketAddress other = receiveBounded(rx, buf);
        assertEquals(b.getLocalAddress(), other);
        assertNotEquals(first, other);
        buf.clear();
        b.send(ascii("4"), rx.getLocalAddress());
        assertSame(other, receiveBounded(rx, buf));
    }

    /** Port 0 is no destination: connect and send throw the JDK's SocketException, and nothing is sent. */
    @Test
    void connectOrSendToPortZeroThrowsSocketException() throws Exception {
        DatagramChannel ch = bound(LOOPBACK4);
        java.net.SocketException e = assertThrows(java.net.SocketException.class,
                () -> ch.send(ascii("x"), new InetSocketAddress(LOOPBACK4, 0)));
        assertEquals("Can't send to port 0", e.getMessage());
        e = assertThrows(java.net.SocketException.class, () -> ch.connect(new InetSocketAddress(LOOPBACK4, 0)));
        assertEquals("Can't connect to port 0", e.getMessage());
        assertTrue(ch.isOpen(), "a refused connect to port 0 leaves the channel open");
        assertFalse(ch.isConnected());
        TestNet.assumeIpv6Loopback();
        DatagramChannel six = open(StandardProtocolFamily.INET6);
        e = assertThrows(java.net.SocketException.class, () -> six.send(ascii("x"), new InetSocketAddress(LOOPBACK6, 0)));
        assertEquals("Can't send to port 0", e.getMessage());
    }

    // ---------------------------------------------------------------- multicast

    /**
     * Why the JDK cannot join {@code group} on {@code lo} and receive its own looped-back datagram
     * here, or null when it can: the oracle for the multicast test's skip.
     */
    private static String jdkMulticastLoopbackFails(InetAddress group, NetworkInterface lo) throws Exception {
        try (DatagramChannel rx = Providers.jdk().openDatagramChannel(StandardProtocolFamily.INET);
             DatagramChannel tx = Providers.jdk().openDatagramChannel(StandardProtocolFamily.INET)) {
            rx.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            rx.bind(new InetSocketAddress(0));
            try {
                rx.join(group, lo);
            } catch (IOException e) {
                return "the JDK cannot join " + group + " on " + lo.getName() + " here: " + e;
            }
            tx.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo);
            tx.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            tx.send(ascii("probe"), new InetSocketAddress(group, ((InetSocketAddress) rx.getLocalAddress()).getPort()));
            rx.configureBlocking(false);
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (rx.receive(ByteBuffer.allocate(32)) != null) {
                    return null;
                }
                Thread.sleep(10);
            }
            return "multicast to " + group + " is not looped back to the JDK on " + lo.getName()
                    + " here (no route for 239/8 via lo?)";
        }
    }

    @Test
    void multicastJoinOnLoopback() throws Exception {
        NetworkInterface lo = NetworkInterface.getByInetAddress(LOOPBACK4);
        Assumptions.assumeTrue(lo != null, "no interface carries 127.0.0.1");
        InetAddress group = InetAddress.getByName("239.255.77.77");
        String jdkFails = jdkMulticastLoopbackFails(group, lo);
        Assumptions.assumeTrue(jdkFails == null, jdkFails);
        DatagramChannel rx = open(StandardProtocolFamily.INET);
        rx.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        rx.bind(new InetSocketAddress(0));
        MembershipKey key = rx.join(group, lo);
        assertTrue(key.isValid());
        assertSame(key, rx.join(group, lo), "joining again returns the same key");
        assertEquals(group, key.group());
        assertEquals(lo, key.networkInterface());
        assertNull(key.sourceAddress());
        assertThrows(IllegalArgumentException.class, () -> rx.join(LOOPBACK4, lo), "not a multicast address");
        assertThrows(IllegalStateException.class, () -> rx.join(group, lo, LOOPBACK4),
                "source-specific over an any-source membership");

        DatagramChannel tx = open(StandardProtocolFamily.INET);
        tx.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo);
        tx.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
        int port = ((InetSocketAddress) rx.getLocalAddress()).getPort();
        tx.send(ascii("to the group"), new InetSocketAddress(group, port));
        rx.configureBlocking(false);
        ByteBuffer dst = ByteBuffer.allocate(32);
        long deadline = System.nanoTime() + 2_000_000_000L;
        SocketAddress from = null;
        while (from == null && System.nanoTime() < deadline) {
            from = rx.receive(dst);
            if (from == null) {
                Thread.sleep(10);
            }
        }
        assertNotNull(from, "the datagram sent to the group was not looped back on " + lo.getName()
                + ", though it is to the JDK here");
        assertEquals("to the group", text(dst));

        key.drop();
        assertFalse(key.isValid());
        key.drop();
        MembershipKey again = rx.join(group, lo);
        assertNotEquals(key, again);
        rx.close();
        assertFalse(again.isValid(), "closing the channel drops its memberships");
    }
}
