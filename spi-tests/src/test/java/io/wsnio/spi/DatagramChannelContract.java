package io.wsnio.spi;

import static io.wsnio.spi.TestNet.LOOPBACK4;
import static io.wsnio.spi.TestNet.LOOPBACK6;
import static io.wsnio.spi.TestNet.TIMEOUT;
import static io.wsnio.spi.TestNet.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.channels.spi.SelectorProvider;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The {@link DatagramChannel} contract (UDP over loopback): every test passes on the JDK's own
 * provider.
 */
public abstract class DatagramChannelContract extends Closer {

    protected abstract SelectorProvider provider();

    private DatagramChannel open() throws IOException {
        return closeLater(provider().openDatagramChannel());
    }

    private DatagramChannel bound(InetAddress loopback) throws IOException {
        DatagramChannel ch = loopback instanceof Inet6Address
                ? closeLater(provider().openDatagramChannel(StandardProtocolFamily.INET6))
                : open();
        ch.bind(new InetSocketAddress(loopback, 0));
        return ch;
    }

    private Selector selector() throws IOException {
        return closeLater(provider().openSelector());
    }

    /** Blocking receive, bounded. */
    private static SocketAddress receive(DatagramChannel ch, ByteBuffer dst) throws Exception {
        return assertTimeoutPreemptively(TIMEOUT, () -> ch.receive(dst));
    }

    private static String text(ByteBuffer b) {
        ByteBuffer d = b.duplicate().flip();
        byte[] a = new byte[d.remaining()];
        d.get(a);
        return new String(a);
    }

    // ---------------------------------------------------------------- state and bind

    @Test
    void newChannelIsOpenBlockingUnboundAndUnconnected() throws IOException {
        DatagramChannel ch = open();
        assertTrue(ch.isOpen());
        assertTrue(ch.isBlocking());
        assertFalse(ch.isConnected());
        assertNull(ch.getLocalAddress());
        assertNull(ch.getRemoteAddress());
        assertSame(provider(), ch.provider());
        assertEquals(SelectionKey.OP_READ | SelectionKey.OP_WRITE, ch.validOps());
    }

    @Test
    void bindNullBindsAnEphemeralWildcardPort() throws IOException {
        DatagramChannel ch = open();
        assertSame(ch, ch.bind(null));
        InetSocketAddress a = (InetSocketAddress) ch.getLocalAddress();
        assertTrue(a.getPort() > 0);
        assertTrue(a.getAddress().isAnyLocalAddress(), "bound to " + a);
        assertThrows(AlreadyBoundException.class, () -> ch.bind(null));
    }

    @Test
    void bindToLoopbackAndToAPortInUse() throws IOException {
        DatagramChannel a = bound(LOOPBACK4);
        InetSocketAddress la = (InetSocketAddress) a.getLocalAddress();
        assertEquals(LOOPBACK4, la.getAddress());
        assertTrue(la.getPort() > 0);
        DatagramChannel b = open();
        assertThrows(java.net.BindException.class, () -> b.bind(la));
        assertTrue(b.isOpen());
    }

    // ---------------------------------------------------------------- send and receive

    @Test
    void sendAndReceiveReportTheSourceAddress() throws Exception {
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        ByteBuffer out = ascii("datagram");
        assertEquals(8, a.send(out, b.getLocalAddress()));
        assertEquals(8, out.position());
        ByteBuffer in = ByteBuffer.allocate(64);
        SocketAddress from = receive(b, in);
        assertEquals(a.getLocalAddress(), from);
        assertEquals(8, in.position());
        assertEquals("datagram", text(in));
    }

    @Test
    void sendAndReceiveWithDirectBuffers() throws Exception {
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        ByteBuffer out = ByteBuffer.allocateDirect(16);
        out.put("..direct..".getBytes()).position(2).limit(8);
        assertEquals(6, a.send(out, b.getLocalAddress()));
        assertEquals(8, out.position());
        ByteBuffer in = ByteBuffer.allocateDirect(16);
        in.position(3);
        assertEquals(a.getLocalAddress(), receive(b, in));
        assertEquals(9, in.position());
        byte[] got = new byte[6];
        in.position(3);
        in.get(got);
        assertEquals("direct", new String(got));
    }

    @Test
    void sendOnUnboundChannelBindsIt() throws Exception {
        DatagramChannel a = open();
        DatagramChannel b = bound(LOOPBACK4);
        a.send(ascii("x"), b.getLocalAddress());
        InetSocketAddress local = (InetSocketAddress) a.getLocalAddress();
        assertNotNull(local, "send binds the channel");
        assertTrue(local.getPort() > 0);
        InetSocketAddress from = (InetSocketAddress) receive(b, ByteBuffer.allocate(4));
        assertEquals(local.getPort(), from.getPort());
    }

    @Test
    void nonBlockingReceiveReturnsNullWhenNothingArrived() throws IOException {
        DatagramChannel ch = bound(LOOPBACK4);
        ch.configureBlocking(false);
        ByteBuffer buf = ByteBuffer.allocate(16);
        assertNull(ch.receive(buf));
        assertEquals(0, buf.position());
    }

    @Test
    void aDatagramLargerThanTheBufferIsTruncatedAndTheRestDiscarded() throws Exception {
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        a.send(ascii("0123456789abcdefghij"), b.getLocalAddress());
        a.send(ascii("next"), b.getLocalAddress());
        ByteBuffer small = ByteBuffer.allocate(10);
        assertEquals(a.getLocalAddress(), receive(b, small));
        assertEquals(10, small.position());
        assertEquals("0123456789", text(small));
        ByteBuffer in = ByteBuffer.allocate(64);
        receive(b, in);
        assertEquals("next", text(in), "the truncated remainder must not appear as data");
    }

    @Test
    void anEmptyDatagramIsReceivedWithItsSource() throws Exception {
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        assertEquals(0, a.send(ByteBuffer.allocate(0), b.getLocalAddress()));
        ByteBuffer in = ByteBuffer.allocate(8);
        assertEquals(a.getLocalAddress(), receive(b, in));
        assertEquals(0, in.position());
    }

    @Test
    void datagramsKeepTheirBoundaries() throws Exception {
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        for (String s : new String[] {"one", "two", "three"}) {
            a.send(ascii(s), b.getLocalAddress());
        }
        for (String s : new String[] {"one", "two", "three"}) {
            ByteBuffer in = ByteBuffer.allocate(64);
            receive(b, in);
            assertEquals(s, text(in));
        }
    }

    @Test
    void sendToUnresolvedOrForeignAddressIsRejected() throws IOException {
        DatagramChannel ch = open();
        assertThrows(UnresolvedAddressException.class,
                () -> ch.send(ascii("x"), InetSocketAddress.createUnresolved("localhost", 9)));
        assertThrows(UnsupportedAddressTypeException.class,
                () -> ch.send(ascii("x"), new SocketAddress() {
                    private static final long serialVersionUID = 1L;
                }));
        assertTrue(ch.isOpen());
    }

    @Test
    void receiveIntoReadOnlyBufferThrowsIllegalArgument() throws IOException {
        DatagramChannel ch = bound(LOOPBACK4);
        assertThrows(IllegalArgumentException.class,
                () -> ch.receive(ByteBuffer.allocate(4).asReadOnlyBuffer()));
    }

    // ---------------------------------------------------------------- connect

    @Test
    void connectedChannelsReadAndWrite() throws Exception {
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        assertSame(a, a.connect(b.getLocalAddress()));
        b.connect(a.getLocalAddress());
        assertTrue(a.isConnected());
        assertEquals(b.getLocalAddress(), a.getRemoteAddress());
        assertEquals(5, a.write(ascii("hello")));
        ByteBuffer in = ByteBuffer.allocate(16);
        assertEquals(5, (int) assertTimeoutPreemptively(TIMEOUT, () -> b.read(in)));
        assertEquals("hello", text(in));
        // receive on a connected channel reports the peer
        b.write(ascii("back"));
        ByteBuffer in2 = ByteBuffer.allocate(16);
        assertEquals(b.getLocalAddress(), receive(a, in2));
        assertEquals("back", text(in2));
    }

    @Test
    void gatheringWriteSendsOneDatagramAndScatteringReadSplitsIt() throws Exception {
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        a.connect(b.getLocalAddress());
        b.connect(a.getLocalAddress());
        ByteBuffer[] out = {ascii("XX"), ascii("abc"), ascii("defg")};
        assertEquals(7L, a.write(out, 1, 2));
        assertEquals(0, out[0].position());
        ByteBuffer[] in = {ByteBuffer.allocate(2), ByteBuffer.allocate(5), ByteBuffer.allocate(8)};
        assertEquals(7L, (long) assertTimeoutPreemptively(TIMEOUT, () -> b.read(in, 1, 2)));
        assertEquals(0, in[0].position());
        assertEquals("abcde", text(in[1]));
        assertEquals("fg", text(in[2]));
    }

    /**
     * A datagram larger than the scattering read's buffers fills them and the read returns what it
     * wrote (the rest is discarded); Winsock reports such a read as WSAEMSGSIZE.
     */
    @Test
    void scatteringReadOfALargerDatagramReturnsTheBytesItWrote() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("wsnio.test.wine") && Providers.isJdk(provider()),
                "under Wine the JDK oracle's scattering read of a larger datagram returns -1: Wine's"
                + " WSARecv fails with WSAEMSGSIZE without writing the byte count");
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        a.connect(b.getLocalAddress());
        b.connect(a.getLocalAddress());
        assertEquals(26, a.write(ascii("abcdefghijklmnopqrstuvwxyz")));
        ByteBuffer[] in = {ByteBuffer.allocate(4), ByteBuffer.allocate(6)};
        assertEquals(10L, (long) assertTimeoutPreemptively(TIMEOUT, () -> b.read(in)));
        assertEquals("abcd", text(in[0]));
        assertEquals("efghij", text(in[1]));
    }

    @Test
    void aConnectedChannelOnlyReceivesFromItsPeer() throws Exception {
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel peer = bound(LOOPBACK4);
        DatagramChannel stranger = bound(LOOPBACK4);
        a.connect(peer.getLocalAddress());
        stranger.send(ascii("stranger"), a.getLocalAddress());
        peer.send(ascii("peer"), a.getLocalAddress());
        ByteBuffer in = ByteBuffer.allocate(16);
        assertEquals(peer.getLocalAddress(), receive(a, in));
        assertEquals("peer", text(in));
    }

    @Test
    void sendToAnotherAddressWhileConnectedThrowsAlreadyConnected() throws Exception {
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        DatagramChannel c = bound(LOOPBACK4);
        a.connect(b.getLocalAddress());
        assertThrows(AlreadyConnectedException.class, () -> a.send(ascii("x"), c.getLocalAddress()));
        assertEquals(1, a.send(ascii("y"), b.getLocalAddress()), "sending to the peer is allowed");
        ByteBuffer in = ByteBuffer.allocate(4);
        receive(b, in);
        assertEquals("y", text(in));
    }

    @Test
    void disconnectReturnsToTheUnconnectedState() throws Exception {
        TestNet.assumeNotUnderWine("under Wine 8.0 re-binding a UDP socket's address after its disconnect fails with"
                + " WSAEINVAL: the JDK oracle's (SocketException 'Invalid argument: bind' from"
                + " DatagramChannelImpl.repairSocket) and wsnio's (NativeSocketException WSAEINVAL from bind)");
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        SocketAddress local = a.getLocalAddress();
        a.connect(b.getLocalAddress());
        assertSame(a, a.disconnect());
        assertFalse(a.isConnected());
        assertNull(a.getRemoteAddress());
        assertEquals(((InetSocketAddress) local).getPort(),
                ((InetSocketAddress) a.getLocalAddress()).getPort(), "disconnect keeps the port");
        assertThrows(NotYetConnectedException.class, () -> a.read(ByteBuffer.allocate(4)));
        assertThrows(NotYetConnectedException.class, () -> a.write(ascii("x")));
        a.disconnect(); // again: no effect
        // sends to anyone work again
        DatagramChannel c = bound(LOOPBACK4);
        a.send(ascii("free"), c.getLocalAddress());
        ByteBuffer in = ByteBuffer.allocate(8);
        receive(c, in);
        assertEquals("free", text(in));
    }

    @Test
    void readAndWriteOnUnconnectedChannelThrowNotYetConnected() throws IOException {
        DatagramChannel ch = bound(LOOPBACK4);
        assertThrows(NotYetConnectedException.class, () -> ch.read(ByteBuffer.allocate(4)));
        assertThrows(NotYetConnectedException.class, () -> ch.write(ascii("x")));
        assertThrows(NotYetConnectedException.class, () -> ch.write(new ByteBuffer[] {ascii("x")}));
    }

    @Test
    void connectedChannelReportsPortUnreachable() throws Exception {
        Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows"),
                "the JDK on Windows suppresses ICMP port-unreachable for datagram channels");
        InetSocketAddress refused;
        try (DatagramChannel tmp = Providers.jdk().openDatagramChannel()) {
            tmp.bind(new InetSocketAddress(LOOPBACK4, 0));
            refused = (InetSocketAddress) tmp.getLocalAddress();
        }
        DatagramChannel a = bound(LOOPBACK4);
        a.connect(refused);
        a.write(ascii("anyone?"));
        a.configureBlocking(false);
        assertTimeoutPreemptively(TIMEOUT, () -> {
            while (true) {
                try {
                    int n = a.read(ByteBuffer.allocate(8));
                    assertEquals(0, n, "nothing can arrive from a closed port");
                    Thread.sleep(10);
                } catch (PortUnreachableException expected) {
                    return;
                }
            }
        });
        assertTrue(a.isOpen(), "port unreachable does not close the channel");
    }

    // ---------------------------------------------------------------- families

    @Test
    void inet6ChannelsSendAndReceiveOverIpv6Loopback() throws Exception {
        TestNet.assumeIpv6Loopback();
        DatagramChannel a = bound(LOOPBACK6);
        DatagramChannel b = bound(LOOPBACK6);
        assertInstanceOf(Inet6Address.class, ((InetSocketAddress) a.getLocalAddress()).getAddress());
        a.send(ascii("six"), b.getLocalAddress());
        ByteBuffer in = ByteBuffer.allocate(8);
        InetSocketAddress from = (InetSocketAddress) receive(b, in);
        assertEquals(a.getLocalAddress(), from);
        assertEquals(LOOPBACK6, from.getAddress());
        assertEquals("six", text(in));
    }

    @Test
    void inetChannelRejectsIpv6Addresses() throws IOException {
        TestNet.assumeIpv6Loopback();
        DatagramChannel ch = closeLater(provider().openDatagramChannel(StandardProtocolFamily.INET));
        assertThrows(UnsupportedAddressTypeException.class,
                () -> ch.send(ascii("x"), new InetSocketAddress(LOOPBACK6, 9)));
        assertThrows(UnsupportedAddressTypeException.class,
                () -> ch.bind(new InetSocketAddress(LOOPBACK6, 0)));
    }

    @Test
    void unsupportedProtocolFamilyIsRejected() {
        assertThrows(UnsupportedOperationException.class,
                () -> provider().openDatagramChannel(() -> "BOGUS"));
        assertThrows(NullPointerException.class, () -> provider().openDatagramChannel(null));
    }

    // ---------------------------------------------------------------- selector

    @Test
    void opReadIsSelectedWhenADatagramArrives() throws Exception {
        DatagramChannel a = bound(LOOPBACK4);
        DatagramChannel b = bound(LOOPBACK4);
        b.configureBlocking(false);
        Selector sel = selector();
        SelectionKey key = b.register(sel, SelectionKey.OP_READ);
        assertEquals(0, sel.selectNow());
        a.send(ascii("wake"), b.getLocalAddress());
        assertEquals(1, sel.select(TIMEOUT.toMillis()));
        assertTrue(key.isReadable());
        ByteBuffer in = ByteBuffer.allocate(8);
        assertEquals(a.getLocalAddress(), b.receive(in));
        assertEquals("wake", text(in));
        sel.selectedKeys().clear();
        assertEquals(0, sel.selectNow(), "drained");
        assertNull(b.receive(in));
    }

    @Test
    void opWriteIsReadyAtOnce() throws IOException {
        DatagramChannel ch = bound(LOOPBACK4);
        ch.configureBlocking(false);
        Selector sel = selector();
        SelectionKey key = ch.register(sel, SelectionKey.OP_WRITE);
        assertEquals(1, sel.selectNow());
        assertTrue(key.isWritable());
        assertEquals(Set.of(key), sel.selectedKeys());
    }

    // ---------------------------------------------------------------- close and interrupt

    @Test
    void closedChannelThrowsClosedChannel() throws IOException {
        DatagramChannel ch = bound(LOOPBACK4);
        ch.close();
        assertThrows(ClosedChannelException.class, () -> ch.receive(ByteBuffer.allocate(4)));
        assertThrows(ClosedChannelException.class, () -> ch.send(ascii("x"), new InetSocketAddress(LOOPBACK4, 9)));
        assertThrows(ClosedChannelException.class, ch::getLocalAddress);
        assertThrows(ClosedChannelException.class, () -> ch.connect(new InetSocketAddress(LOOPBACK4, 9)));
    }

    @Test
    void closeFromAnotherThreadWakesABlockedReceive() throws Exception {
        DatagramChannel ch = bound(LOOPBACK4);
        Background<SocketAddress> r = Background.start("receiver", () -> ch.receive(ByteBuffer.allocate(8)));
        r.awaitInside(ch.getClass(), "receive");
        TestNet.closeBounded(ch);
        Throwable t = r.failure();
        TestNet.assertKind(AsynchronousCloseException.class, t);
        assertFalse(t instanceof ClosedByInterruptException);
    }

    @Test
    void interruptWakesABlockedReceive() throws Exception {
        DatagramChannel ch = bound(LOOPBACK4);
        Background<SocketAddress> r = Background.start("receiver", () -> ch.receive(ByteBuffer.allocate(8)));
        r.awaitInside(ch.getClass(), "receive");
        r.interruptBounded();
        TestNet.assertKind(ClosedByInterruptException.class, r.failure());
        assertTrue(r.interruptedAtEnd());
        assertFalse(ch.isOpen());
    }

    // ---------------------------------------------------------------- options

    @Test
    void supportedOptionsContainTheStandardDatagramOptions() throws IOException {
        Set<SocketOption<?>> supported = open().supportedOptions();
        for (SocketOption<?> o : new SocketOption<?>[] {StandardSocketOptions.SO_BROADCAST,
            StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.IP_TOS,
            StandardSocketOptions.IP_MULTICAST_TTL, StandardSocketOptions.IP_MULTICAST_LOOP,
            StandardSocketOptions.IP_MULTICAST_IF}) {
            assertTrue(supported.contains(o), "missing " + o);
        }
    }

    /** Compares with the JDK: not run on the JDK itself ({@link JdkDatagramChannelTest}). */
    @Test
    void supportedOptionsIncludeEveryPublicOptionTheJdkSupports() throws IOException {
        Set<SocketOption<?>> supported = open().supportedOptions();
        try (DatagramChannel jdk = Providers.jdk().openDatagramChannel()) {
            for (SocketOption<?> o : PublicOptions.publicOf(jdk.supportedOptions())) {
                assertTrue(supported.contains(o), "the JDK supports " + o + " but this provider does not");
            }
        }
    }

    @Test
    void optionsRoundTrip() throws IOException {
        DatagramChannel ch = open();
        for (boolean v : new boolean[] {true, false}) {
            ch.setOption(StandardSocketOptions.SO_BROADCAST, v);
            assertEquals(v, ch.getOption(StandardSocketOptions.SO_BROADCAST));
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, v);
            assertEquals(v, ch.getOption(StandardSocketOptions.SO_REUSEADDR));
            ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, v);
            assertEquals(v, ch.getOption(StandardSocketOptions.IP_MULTICAST_LOOP));
        }
        ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 7);
        assertEquals(7, ch.getOption(StandardSocketOptions.IP_MULTICAST_TTL));
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 65_536);
        assertTrue(ch.getOption(StandardSocketOptions.SO_RCVBUF) >= 65_536);
        ch.setOption(StandardSocketOptions.SO_SNDBUF, 65_536);
        assertTrue(ch.getOption(StandardSocketOptions.SO_SNDBUF) >= 65_536);
    }

    /** Compares with the JDK: not run on the JDK itself ({@link JdkDatagramChannelTest}). */
    @Test
    void defaultOptionValuesMatchTheJdk() throws IOException {
        DatagramChannel ch = open();
        try (DatagramChannel jdk = Providers.jdk().openDatagramChannel()) {
            for (SocketOption<?> o : new SocketOption<?>[] {StandardSocketOptions.SO_BROADCAST,
                StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.IP_TOS,
                StandardSocketOptions.IP_MULTICAST_TTL, StandardSocketOptions.IP_MULTICAST_LOOP}) {
                assertEquals(jdk.getOption(o), ch.getOption(o), "default of " + o);
            }
        }
    }

    @Test
    void optionValidationMatchesTheJdk() throws IOException {
        DatagramChannel ch = open();
        assertThrows(NullPointerException.class, () -> ch.setOption(null, 1));
        assertThrows(NullPointerException.class, () -> ch.getOption(null));
        assertThrows(UnsupportedOperationException.class, () -> ch.setOption(StandardSocketOptions.TCP_NODELAY, true));
        assertThrows(UnsupportedOperationException.class, () -> ch.getOption(StandardSocketOptions.SO_LINGER));
        assertThrows(IllegalArgumentException.class, () -> ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 256));
        assertThrows(IllegalArgumentException.class, () -> ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, -1));
        assertThrows(IllegalArgumentException.class, () -> ch.setOption(StandardSocketOptions.IP_TOS, 256));
        assertThrows(IllegalArgumentException.class, () -> ch.setOption(StandardSocketOptions.SO_RCVBUF, -1));
        assertThrows(IllegalArgumentException.class, () -> ch.setOption(StandardSocketOptions.SO_BROADCAST, null));
        ch.close();
        assertThrows(ClosedChannelException.class, () -> ch.setOption(StandardSocketOptions.SO_BROADCAST, true));
        assertThrows(ClosedChannelException.class, () -> ch.getOption(StandardSocketOptions.SO_RCVBUF));
    }

    // ---------------------------------------------------------------- adaptor

    @Test
    void datagramSocketAdaptorReflectsTheChannel() throws IOException {
        DatagramChannel ch = bound(LOOPBACK4);
        DatagramSocket s = ch.socket();
        assertNotNull(s);
        assertSame(ch, s.getChannel());
        assertTrue(s.isBound());
        assertEquals(((InetSocketAddress) ch.getLocalAddress()).getPort(), s.getLocalPort());
        assertEquals(ch.getLocalAddress(), s.getLocalSocketAddress());
        s.setBroadcast(true);
        assertEquals(Boolean.TRUE, ch.getOption(StandardSocketOptions.SO_BROADCAST));
        s.close();
        assertFalse(ch.isOpen());
    }
}
