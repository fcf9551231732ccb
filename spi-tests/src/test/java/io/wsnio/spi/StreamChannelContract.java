package io.wsnio.spi;

import static io.wsnio.spi.TestNet.LOOPBACK4;
import static io.wsnio.spi.TestNet.LOOPBACK6;
import static io.wsnio.spi.TestNet.TIMEOUT;
import static io.wsnio.spi.TestNet.ascii;
import static io.wsnio.spi.TestNet.randomBytes;
import static io.wsnio.spi.TestNet.readFully;
import static io.wsnio.spi.TestNet.writeFully;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.Socket;
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
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.NoConnectionPendingException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.channels.spi.SelectorProvider;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link SocketChannel} contract: every test passes on the JDK's own provider.
 */
public abstract class StreamChannelContract extends Closer {

    protected abstract SelectorProvider provider();

    // ---------------------------------------------------------------- helpers

    private SocketChannel open() throws IOException {
        return closeLater(provider().openSocketChannel());
    }

    private ServerSocketChannel listen(InetAddress loopback) throws IOException {
        ServerSocketChannel s = closeLater(provider().openServerSocketChannel());
        s.bind(new InetSocketAddress(loopback, 0));
        return s;
    }

    private ConnectedPair pair() throws IOException {
        return closeLater(ConnectedPair.open(provider()));
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

    /**
     * Starts a non-blocking connect. When it completed at once there is no pending state to test:
     * that is what a lost non-blocking flag looks like, so it fails, unless the JDK's own
     * non-blocking connect to the same address completes at once here too (then the test aborts).
     */
    private SocketChannel pendingConnect(SocketAddress to) throws IOException {
        SocketChannel ch = open();
        ch.configureBlocking(false);
        boolean connected = ch.connect(to);
        if (connected) {
            boolean jdkConnected;
            try (SocketChannel jdk = Providers.jdk().openSocketChannel()) {
                jdk.configureBlocking(false);
                jdkConnected = jdk.connect(to);
            }
            assertTrue(jdkConnected, "a non-blocking connect to " + to + " completed at once, where the JDK's"
                    + " stays pending");
            Assumptions.abort("a non-blocking loopback connect completes at once here, the JDK's too");
        }
        return ch;
    }

    // ---------------------------------------------------------------- state of a new channel

    @Test
    void newChannelIsOpenBlockingUnconnectedAndUnbound() throws IOException {
        SocketChannel ch = open();
        assertTrue(ch.isOpen());
        assertTrue(ch.isBlocking());
        assertFalse(ch.isConnected());
        assertFalse(ch.isConnectionPending());
        assertFalse(ch.isRegistered());
        assertNull(ch.getLocalAddress());
        assertNull(ch.getRemoteAddress());
        assertSame(provider(), ch.provider());
        assertEquals(SelectionKey.OP_READ | SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT,
                ch.validOps());
    }

    @Test
    void configureBlockingRoundTrips() throws IOException {
        SocketChannel ch = open();
        assertSame(ch, ch.configureBlocking(false));
        assertFalse(ch.isBlocking());
        assertSame(ch, ch.configureBlocking(false));
        assertFalse(ch.isBlocking());
        assertSame(ch, ch.configureBlocking(true));
        assertTrue(ch.isBlocking());
        ch.close();
        assertThrows(ClosedChannelException.class, () -> ch.configureBlocking(false));
    }

    @Test
    void readIntoAReadOnlyBufferIsRejectedEvenWithoutRoom() throws IOException {
        ConnectedPair p = pair();
        p.client().configureBlocking(false);
        assertThrows(IllegalArgumentException.class, () -> p.client().read(ByteBuffer.allocate(0).asReadOnlyBuffer()));
        assertThrows(IllegalArgumentException.class, () -> p.client().read(ByteBuffer.allocate(8).asReadOnlyBuffer()));
        assertThrows(IllegalArgumentException.class,
                () -> p.client().read(new ByteBuffer[] {ByteBuffer.allocate(4), ByteBuffer.allocate(4).asReadOnlyBuffer()}));
    }

    @Test
    void closingARegisteredChannelEndsThePeersStreamAtOnce() throws Exception {
        ConnectedPair p = pair();
        Selector sel = selector();
        p.client().configureBlocking(false);
        p.client().register(sel, SelectionKey.OP_READ);
        p.client().close(); // the key is cancelled but not yet deregistered: no select has run
        assertTimeoutPreemptively(TIMEOUT, () -> assertEquals(-1, p.server().read(ByteBuffer.allocate(1))),
                "the peer must see end of stream without waiting for the selector");
        sel.selectNow();
        assertTrue(sel.keys().isEmpty());
    }

    @Test
    void closeIsIdempotentAndLeavesTheChannelClosed() throws IOException {
        ConnectedPair p = pair();
        p.client().close();
        p.client().close();
        assertFalse(p.client().isOpen());
        assertFalse(p.client().isConnected());
        assertThrows(ClosedChannelException.class, () -> p.client().read(ByteBuffer.allocate(1)));
        assertThrows(ClosedChannelException.class, () -> p.client().write(ascii("x")));
        assertThrows(ClosedChannelException.class,
                () -> p.client().connect(new InetSocketAddress(LOOPBACK4, 1)));
        assertThrows(ClosedChannelException.class, () -> p.client().shutdownInput());
        assertThrows(ClosedChannelException.class, () -> p.client().shutdownOutput());
    }

    // ---------------------------------------------------------------- blocking connect and I/O

    @Test
    void blockingConnectReadAndWrite() throws Exception {
        assertTimeoutPreemptively(TIMEOUT, () -> {
            ServerSocketChannel listener = listen(LOOPBACK4);
            SocketChannel client = open();
            assertTrue(client.connect(listener.getLocalAddress()));
            assertTrue(client.isConnected());
            assertFalse(client.isConnectionPending());
            assertTrue(client.finishConnect(), "finishConnect on a connected channel");
            SocketChannel server = closeLater(listener.accept());

            assertEquals(5, client.write(ascii("hello")));
            assertArrayEquals("hello".getBytes(), readFully(server, 5));
            assertEquals(6, server.write(ascii("world!")));
            assertArrayEquals("world!".getBytes(), readFully(client, 6));
        });
    }

    @Test
    void connectionRefusedInBlockingModeThrowsConnectExceptionAndClosesTheChannel()
            throws Exception {
        InetSocketAddress refused = TestNet.refusedAddress(LOOPBACK4);
        SocketChannel ch = open();
        assertTimeoutPreemptively(TIMEOUT,
                () -> assertThrows(ConnectException.class, () -> ch.connect(refused)));
        assertFalse(ch.isOpen(), "a failed connect closes the channel");
        assertFalse(ch.isConnected());
    }

    @Test
    void readOnUnconnectedChannelThrowsNotYetConnected() throws IOException {
        SocketChannel ch = open();
        assertThrows(NotYetConnectedException.class, () -> ch.read(ByteBuffer.allocate(4)));
        assertThrows(NotYetConnectedException.class,
                () -> ch.read(new ByteBuffer[] {ByteBuffer.allocate(4)}));
        assertThrows(NotYetConnectedException.class, () -> ch.write(ascii("x")));
        assertThrows(NotYetConnectedException.class, () -> ch.write(new ByteBuffer[] {ascii("x")}));
        assertThrows(NotYetConnectedException.class, ch::shutdownInput);
        assertThrows(NotYetConnectedException.class, ch::shutdownOutput);
        assertTrue(ch.isOpen());
    }

    @Test
    void connectOnConnectedChannelThrowsAlreadyConnected() throws IOException {
        ConnectedPair p = pair();
        SocketAddress elsewhere = new InetSocketAddress(LOOPBACK4, 1);
        assertThrows(AlreadyConnectedException.class, () -> p.client().connect(elsewhere));
        p.client().configureBlocking(false);
        assertThrows(AlreadyConnectedException.class, () -> p.client().connect(elsewhere));
        assertTrue(p.client().isOpen());
        assertTrue(p.client().isConnected());
    }

    @Test
    void connectToUnresolvedAddressThrowsUnresolvedAddressException() throws IOException {
        SocketChannel ch = open();
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("localhost", 80);
        assertThrows(UnresolvedAddressException.class, () -> ch.connect(unresolved));
        assertTrue(ch.isOpen(), "an address rejected before connecting leaves the channel open");
        assertFalse(ch.isConnected());
    }

    @Test
    void connectToNullOrForeignAddressTypeIsRejected() throws IOException {
        SocketChannel ch = open();
        assertThrows(NullPointerException.class, () -> ch.connect(null));
        SocketAddress foreign = new SocketAddress() {
            private static final long serialVersionUID = 1L;
        };
        assertThrows(UnsupportedAddressTypeException.class, () -> ch.connect(foreign));
        assertTrue(ch.isOpen());
    }

    @Test
    void finishConnectWithoutConnectThrowsNoConnectionPending() throws IOException {
        SocketChannel ch = open();
        assertThrows(NoConnectionPendingException.class, ch::finishConnect);
        ch.configureBlocking(false);
        assertThrows(NoConnectionPendingException.class, ch::finishConnect);
    }

    // ---------------------------------------------------------------- non-blocking connect

    @Test
    void nonBlockingConnectCompletesThroughOpConnectAndFinishConnect() throws Exception {
        ServerSocketChannel listener = listen(LOOPBACK4);
        SocketChannel ch = pendingConnect(listener.getLocalAddress());
        assertTrue(ch.isConnectionPending());
        assertFalse(ch.isConnected());

        Selector sel = selector();
        SelectionKey key = ch.register(sel, SelectionKey.OP_CONNECT);
        assertEquals(1, sel.select(TIMEOUT.toMillis()), "OP_CONNECT never became ready");
        assertTrue(sel.selectedKeys().contains(key));
        assertTrue(key.isConnectable());
        assertEquals(SelectionKey.OP_CONNECT, key.readyOps());

        assertTrue(ch.finishConnect());
        assertTrue(ch.isConnected());
        assertFalse(ch.isConnectionPending());
        assertTrue(ch.finishConnect(), "finishConnect again on a connected channel");

        SocketChannel server = closeLater(listener.accept());
        assertEquals(ch.getLocalAddress(), server.getRemoteAddress());
        key.interestOps(SelectionKey.OP_READ);
        assertEquals(3, server.write(ascii("abc")));
        sel.selectedKeys().clear();
        assertEquals(1, sel.select(TIMEOUT.toMillis()));
        assertTrue(key.isReadable());
        ByteBuffer buf = ByteBuffer.allocate(8);
        assertEquals(3, ch.read(buf));
    }

    @Test
    void finishConnectInBlockingModeWaitsForPendingConnect() throws Exception {
        ServerSocketChannel listener = listen(LOOPBACK4);
        SocketChannel ch = pendingConnect(listener.getLocalAddress());
        ch.configureBlocking(true);
        assertTimeoutPreemptively(TIMEOUT, () -> assertTrue(ch.finishConnect()));
        assertTrue(ch.isConnected());
    }

    @Test
    void connectWhilePendingThrowsConnectionPending() throws IOException {
        ServerSocketChannel listener = listen(LOOPBACK4);
        SocketChannel ch = pendingConnect(listener.getLocalAddress());
        assertThrows(ConnectionPendingException.class, () -> ch.connect(listener.getLocalAddress()));
        assertTrue(ch.isOpen());
        assertTrue(ch.isConnectionPending());
    }

    @Test
    void connectionRefusedInNonBlockingModeThrowsConnectException() throws Exception {
        InetSocketAddress refused = TestNet.refusedAddress(LOOPBACK4);
        SocketChannel ch = open();
        ch.configureBlocking(false);
        assertTimeoutPreemptively(TIMEOUT, () -> {
            boolean connected;
            try {
                connected = ch.connect(refused);
            } catch (ConnectException immediate) {
                // the specification allows an immediate failure; the channel must then be closed
                assertFalse(ch.isOpen());
                return;
            }
            assertFalse(connected, "connect to a refused port reported success");
            Selector sel = selector();
            SelectionKey key = ch.register(sel, SelectionKey.OP_CONNECT);
            assertEquals(1, sel.select(TIMEOUT.toMillis()), "a refused connect must select OP_CONNECT");
            assertTrue(key.isConnectable());
            assertThrows(ConnectException.class, ch::finishConnect);
            assertFalse(ch.isOpen(), "a failed finishConnect closes the channel");
            assertFalse(key.isValid());
        });
    }

    // ---------------------------------------------------------------- read semantics

    @Test
    void readReturnsMinusOneAtEndOfStream() throws Exception {
        ConnectedPair p = pair();
        p.server().write(ascii("xy"));
        p.server().close();
        assertTimeoutPreemptively(TIMEOUT, () -> {
            assertArrayEquals("xy".getBytes(), readFully(p.client(), 2));
            assertEquals(-1, p.client().read(ByteBuffer.allocate(4)));
            assertEquals(-1, p.client().read(ByteBuffer.allocate(4)), "end of stream is sticky");
            assertEquals(-1L, p.client().read(new ByteBuffer[] {ByteBuffer.allocate(4)}));
        });
        p.client().configureBlocking(false);
        assertEquals(-1, p.client().read(ByteBuffer.allocate(4)));
    }

    @Test
    void nonBlockingReadReturnsZeroWhenNothingIsReady() throws IOException {
        ConnectedPair p = pair();
        p.client().configureBlocking(false);
        ByteBuffer buf = ByteBuffer.allocate(16);
        assertEquals(0, p.client().read(buf));
        assertEquals(0, buf.position());
        assertEquals(0L, p.client().read(new ByteBuffer[] {buf, ByteBuffer.allocate(4)}));
        assertEquals(0, buf.position());
    }

    @Test
    void nonBlockingReadReturnsDataOnceReadable() throws IOException {
        ConnectedPair p = pair();
        p.client().configureBlocking(false);
        Selector sel = selector();
        SelectionKey key = p.client().register(sel, SelectionKey.OP_READ);
        assertEquals(0, sel.selectNow());
        p.server().write(ascii("ready"));
        assertEquals(1, sel.select(TIMEOUT.toMillis()));
        assertTrue(key.isReadable());
        ByteBuffer buf = ByteBuffer.allocate(16);
        assertEquals(5, p.client().read(buf));
        assertEquals(0, p.client().read(buf), "drained: nothing more ready");
    }

    @Test
    void readIntoFullBufferReturnsZeroEvenWhenBlocking() throws Exception {
        ConnectedPair p = pair();
        ByteBuffer full = ByteBuffer.allocate(4);
        full.position(4);
        assertTimeoutPreemptively(TIMEOUT, () -> {
            assertEquals(0, p.client().read(full));
            assertEquals(0, p.client().write(ByteBuffer.allocate(0)));
        });
    }

    @Test
    void readIntoReadOnlyBufferThrowsIllegalArgument() throws IOException {
        ConnectedPair p = pair();
        ByteBuffer ro = ByteBuffer.allocate(8).asReadOnlyBuffer();
        assertThrows(IllegalArgumentException.class, () -> p.client().read(ro));
        assertTrue(p.client().isOpen());
    }

    @Test
    void writeFromReadOnlyBufferWorks() throws Exception {
        ConnectedPair p = pair();
        ByteBuffer ro = ascii("readonly").asReadOnlyBuffer();
        assertEquals(8, p.client().write(ro));
        assertEquals(8, ro.position());
        assertTimeoutPreemptively(TIMEOUT,
                () -> assertArrayEquals("readonly".getBytes(), readFully(p.server(), 8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "direct"})
    void writeAndReadUpdatePositionAndRespectLimit(String kind) throws Exception {
        IntFunction<ByteBuffer> alloc = allocator(kind);
        ConnectedPair p = pair();
        ByteBuffer src = alloc.apply(16);
        src.put("..ABCDE..".getBytes());
        src.position(2).limit(7);
        assertEquals(5, p.client().write(src));
        assertEquals(7, src.position());
        assertEquals(7, src.limit());

        ByteBuffer dst = alloc.apply(16);
        for (int i = 0; i < 16; i++) {
            dst.put(i, (byte) '#');
        }
        dst.position(3).limit(8);
        assertTimeoutPreemptively(TIMEOUT, () -> {
            while (dst.hasRemaining()) {
                int n = p.server().read(dst);
                assertTrue(n > 0, "read returned " + n);
            }
        });
        assertEquals(8, dst.position());
        assertEquals(8, dst.limit());
        byte[] all = new byte[16];
        dst.clear();
        dst.get(all);
        assertEquals("###ABCDE########", new String(all), "bytes outside [position, limit) untouched");
    }

    @Test
    void writeOfSliceAndDuplicateSendsOnlyTheirContent() throws Exception {
        ConnectedPair p = pair();
        ByteBuffer base = ascii("0123456789");
        ByteBuffer slice = base.position(3).slice().limit(4);
        assertEquals(4, p.client().write(slice));
        assertEquals(3, base.position(), "writing a slice leaves the parent alone");
        assertTimeoutPreemptively(TIMEOUT,
                () -> assertArrayEquals("3456".getBytes(), readFully(p.server(), 4)));
    }

    // ---------------------------------------------------------------- scattering and gathering

    @ParameterizedTest
    @ValueSource(strings = {"heap", "direct"})
    void scatteringReadFillsOnlyTheSelectedBuffersInOrder(String kind) throws Exception {
        IntFunction<ByteBuffer> alloc = allocator(kind);
        ConnectedPair p = pair();
        writeFully(p.server(), ascii("abcdefghij"));
        ByteBuffer[] bufs = {alloc.apply(3), alloc.apply(2), alloc.apply(4), alloc.apply(3)};
        long total = 0;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (bufs[2].hasRemaining() && System.nanoTime() < deadline) {
            long n = p.client().read(bufs, 1, 2);
            assertTrue(n > 0, "read returned " + n);
            total += n;
        }
        assertEquals(6, total);
        assertEquals(0, bufs[0].position(), "buffer before offset untouched");
        assertEquals(0, bufs[3].position(), "buffer after offset+length untouched");
        assertEquals(2, bufs[1].position());
        assertEquals(4, bufs[2].position());
        assertEquals("ab", content(bufs[1]));
        assertEquals("cdef", content(bufs[2]));

        // the rest through the whole array: 4 bytes land in bufs[0] then bufs[3]
        ByteBuffer[] rest = {alloc.apply(3), alloc.apply(0), alloc.apply(5)};
        total = 0;
        while (total < 4 && System.nanoTime() < deadline) {
            long n = p.client().read(rest);
            assertTrue(n > 0, "read returned " + n);
            total += n;
        }
        assertEquals(4, total);
        assertEquals("ghi", content(rest[0]));
        assertEquals("j", content(rest[2]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "direct"})
    void gatheringWriteSendsOnlyTheSelectedBuffersInOrder(String kind) throws Exception {
        IntFunction<ByteBuffer> alloc = allocator(kind);
        ConnectedPair p = pair();
        ByteBuffer[] bufs = {fill(alloc.apply(3), "XXX"), fill(alloc.apply(4), "abcd"),
            fill(alloc.apply(0), ""), fill(alloc.apply(5), "efghi"), fill(alloc.apply(2), "YY")};
        bufs[1].position(1); // only "bcd" remains
        long n = p.client().write(bufs, 1, 3);
        assertEquals(8, n, "gathering write of 3+0+5 bytes in blocking mode is complete");
        assertEquals(0, bufs[0].position(), "buffer before offset untouched");
        assertEquals(0, bufs[4].position(), "buffer after offset+length untouched");
        assertEquals(4, bufs[1].position());
        assertEquals(5, bufs[3].position());
        assertTimeoutPreemptively(TIMEOUT,
                () -> assertEquals("bcdefghi", new String(readFully(p.server(), 8))));
    }

    @Test
    void scatteringAndGatheringRejectBadOffsetOrLength() throws IOException {
        ConnectedPair p = pair();
        ByteBuffer[] bufs = {ByteBuffer.allocate(2), ByteBuffer.allocate(2)};
        assertThrows(IndexOutOfBoundsException.class, () -> p.client().read(bufs, -1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> p.client().read(bufs, 1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> p.client().write(bufs, 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> p.client().write(bufs, 2, -1));
        assertTrue(p.client().isOpen());
    }

    @Test
    void gatheringWriteOfNothingReturnsZero() throws Exception {
        ConnectedPair p = pair();
        assertTimeoutPreemptively(TIMEOUT, () -> {
            assertEquals(0L, p.client().write(new ByteBuffer[] {ByteBuffer.allocate(0)}));
            assertEquals(0L, p.client().write(new ByteBuffer[] {ascii("zz")}, 1, 0));
        });
    }

    private static ByteBuffer fill(ByteBuffer b, String s) {
        b.put(s.getBytes()).flip();
        return b;
    }

    private static String content(ByteBuffer b) {
        ByteBuffer d = b.duplicate().flip();
        byte[] a = new byte[d.remaining()];
        d.get(a);
        return new String(a);
    }

    // ---------------------------------------------------------------- shutdown

    @Test
    void shutdownInputMakesReadReturnMinusOne() throws Exception {
        ConnectedPair p = pair();
        assertSame(p.client(), p.client().shutdownInput());
        assertTimeoutPreemptively(TIMEOUT, () -> {
            assertEquals(-1, p.client().read(ByteBuffer.allocate(4)));
            assertEquals(-1, p.client().read(ByteBuffer.allocate(4)));
        });
        assertTrue(p.client().isConnected());
        assertTrue(p.client().isOpen());
        p.client().shutdownInput(); // again: no exception
        // output still works
        assertEquals(2, p.client().write(ascii("ok")));
        assertTimeoutPreemptively(TIMEOUT,
                () -> assertArrayEquals("ok".getBytes(), readFully(p.server(), 2)));
    }

    @Test
    void shutdownOutputSendsEndOfStreamAndForbidsFurtherWrites() throws Exception {
        ConnectedPair p = pair();
        p.client().write(ascii("last"));
        assertSame(p.client(), p.client().shutdownOutput());
        assertTimeoutPreemptively(TIMEOUT, () -> {
            assertArrayEquals("last".getBytes(), readFully(p.server(), 4));
            assertEquals(-1, p.server().read(ByteBuffer.allocate(4)));
        });
        assertThrows(ClosedChannelException.class, () -> p.client().write(ascii("more")));
        assertThrows(ClosedChannelException.class, () -> p.client().write(new ByteBuffer[] {ascii("m")}));
        assertTrue(p.client().isOpen(), "a write after shutdownOutput does not close the channel");
        assertTrue(p.client().isConnected());
        p.client().shutdownOutput(); // again: no exception
        // input still works
        p.server().write(ascii("back"));
        assertTimeoutPreemptively(TIMEOUT,
                () -> assertArrayEquals("back".getBytes(), readFully(p.client(), 4)));
    }

    @Test
    void shutdownOutputMakesThePeerSelectReadable() throws IOException {
        ConnectedPair p = pair();
        p.server().configureBlocking(false);
        Selector sel = selector();
        SelectionKey key = p.server().register(sel, SelectionKey.OP_READ);
        assertEquals(0, sel.selectNow());
        p.client().shutdownOutput();
        assertEquals(1, sel.select(TIMEOUT.toMillis()));
        assertTrue(key.isReadable());
        assertEquals(-1, p.server().read(ByteBuffer.allocate(1)));
    }

    @Test
    void shutdownOfAnUnconnectedPendingOrClosedChannelThrowsTheChannelExceptions() throws Exception {
        SocketChannel unconnected = open();
        assertThrows(NotYetConnectedException.class, unconnected::shutdownInput);
        assertThrows(NotYetConnectedException.class, unconnected::shutdownOutput);
        ServerSocketChannel listener = listen(LOOPBACK4);
        SocketChannel pending = open();
        pending.configureBlocking(false);
        if (!pending.connect(listener.getLocalAddress())) {
            assertThrows(NotYetConnectedException.class, pending::shutdownInput);
            assertThrows(NotYetConnectedException.class, pending::shutdownOutput);
        }
        ConnectedPair p = pair();
        p.client().close();
        assertThrows(ClosedChannelException.class, p.client()::shutdownInput);
        assertThrows(ClosedChannelException.class, p.client()::shutdownOutput);
        unconnected.close();
        assertThrows(ClosedChannelException.class, unconnected::shutdownInput);
        assertThrows(ClosedChannelException.class, unconnected::shutdownOutput);
    }

    /** A connection the peer reset is no longer connected in the kernel (ENOTCONN): shutdown still succeeds. */
    @Test
    void shutdownAfterThePeerResetSucceeds() throws Exception {
        ConnectedPair p = pair();
        p.server().setOption(StandardSocketOptions.SO_LINGER, 0);
        p.server().close();
        Thread.sleep(100); // let the reset arrive
        assertSame(p.client(), p.client().shutdownOutput());
        assertSame(p.client(), p.client().shutdownInput());
        assertTrue(p.client().isOpen());
        assertTrue(p.client().isConnected());
        assertThrows(ClosedChannelException.class, () -> p.client().write(ascii("x")));
    }

    /**
     * shutdownOutput while another thread is blocked in write ends that write: it throws
     * AsynchronousCloseException, or returns what it wrote so far and the next write throws
     * ClosedChannelException, never an IOException from the native send; the channel stays open.
     */
    @ParameterizedTest
    @ValueSource(strings = {"write", "gathering-write"})
    void shutdownOutputEndsABlockedWrite(String kind) throws Exception {
        TestNet.assumeNotUnderWine("under Wine a blocked send is not woken by shutdown(SD_SEND): the JDK oracle's"
                + " writer stays blocked as wsnio's does");
        ConnectedPair p = pair();
        Background<Void> writer = Background.start("writer", () -> {
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
            while (true) {
                chunk.clear();
                if (kind.equals("write")) {
                    p.client().write(chunk); // the peer never reads: blocks once buffers are full
                } else {
                    p.client().write(new ByteBuffer[] {chunk});
                }
            }
        });
        Thread.sleep(300);
        assertTrue(writer.isAlive(), "writer should be blocked on full buffers");
        writer.awaitInside(p.client().getClass(), "write");
        p.client().shutdownOutput();
        TestNet.assertKind(ClosedChannelException.class, writer.failure());
        assertTrue(p.client().isOpen(), "shutdownOutput does not close the channel");
        p.server().write(ascii("in"));
        assertTimeoutPreemptively(TIMEOUT, () -> assertArrayEquals("in".getBytes(), readFully(p.client(), 2)));
    }

    // ---------------------------------------------------------------- addresses

    @Test
    void addressesBeforeAndAfterConnectAndAfterClose() throws Exception {
        ServerSocketChannel listener = listen(LOOPBACK4);
        InetSocketAddress listening = (InetSocketAddress) listener.getLocalAddress();
        SocketChannel ch = open();
        assertNull(ch.getLocalAddress());
        assertNull(ch.getRemoteAddress());
        ch.connect(listening);
        SocketChannel server = closeLater(listener.accept());

        InetSocketAddress local = (InetSocketAddress) ch.getLocalAddress();
        InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
        assertEquals(listening, remote);
        assertEquals(LOOPBACK4, local.getAddress());
        assertTrue(local.getPort() > 0);
        assertEquals(local, server.getRemoteAddress());
        assertEquals(remote, server.getLocalAddress());

        ch.close();
        assertThrows(ClosedChannelException.class, ch::getLocalAddress);
        assertThrows(ClosedChannelException.class, ch::getRemoteAddress);
    }

    @Test
    void bindBeforeConnectFixesTheLocalAddress() throws Exception {
        ServerSocketChannel listener = listen(LOOPBACK4);
        SocketChannel ch = open();
        assertSame(ch, ch.bind(new InetSocketAddress(LOOPBACK4, 0)));
        InetSocketAddress bound = (InetSocketAddress) ch.getLocalAddress();
        assertNotNull(bound);
        assertTrue(bound.getPort() > 0);
        assertThrows(AlreadyBoundException.class, () -> ch.bind(new InetSocketAddress(LOOPBACK4, 0)));
        ch.connect(listener.getLocalAddress());
        assertEquals(bound, ch.getLocalAddress());
        SocketChannel server = closeLater(listener.accept());
        assertEquals(bound, server.getRemoteAddress());
    }

    @Test
    void bindOnConnectedChannelThrowsAlreadyBound() throws IOException {
        ConnectedPair p = pair();
        assertThrows(AlreadyBoundException.class, () -> p.client().bind(null));
    }

    @Test
    void bindWhileConnectPendingThrowsConnectionPending() throws IOException {
        ServerSocketChannel listener = listen(LOOPBACK4);
        SocketChannel ch = pendingConnect(listener.getLocalAddress());
        assertThrows(ConnectionPendingException.class, () -> ch.bind(null));
    }

    // ---------------------------------------------------------------- protocol families

    @Test
    void inetFamilyChannelConnectsOverIpv4() throws Exception {
        ServerSocketChannel listener = listen(LOOPBACK4);
        SocketChannel ch = closeLater(provider().openSocketChannel(StandardProtocolFamily.INET));
        assertTimeoutPreemptively(TIMEOUT, () -> assertTrue(ch.connect(listener.getLocalAddress())));
        assertInstanceOf(Inet4Address.class, ((InetSocketAddress) ch.getLocalAddress()).getAddress());
        SocketChannel server = closeLater(listener.accept());
        echoBothWays(ch, server);
    }

    @Test
    void inetFamilyChannelRejectsIpv6Address() throws IOException {
        TestNet.assumeIpv6Loopback();
        SocketChannel ch = closeLater(provider().openSocketChannel(StandardProtocolFamily.INET));
        assertThrows(UnsupportedAddressTypeException.class,
                () -> ch.connect(new InetSocketAddress(LOOPBACK6, 9)));
    }

    @Test
    void inet6FamilyChannelConnectsOverIpv6Loopback() throws Exception {
        TestNet.assumeIpv6Loopback();
        ServerSocketChannel listener = closeLater(
                provider().openServerSocketChannel(StandardProtocolFamily.INET6));
        listener.bind(new InetSocketAddress(LOOPBACK6, 0));
        SocketChannel ch = closeLater(provider().openSocketChannel(StandardProtocolFamily.INET6));
        assertTimeoutPreemptively(TIMEOUT, () -> assertTrue(ch.connect(listener.getLocalAddress())));
        InetSocketAddress local = (InetSocketAddress) ch.getLocalAddress();
        InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
        assertInstanceOf(Inet6Address.class, local.getAddress());
        assertEquals(LOOPBACK6, local.getAddress());
        assertEquals(listener.getLocalAddress(), remote);
        SocketChannel server = closeLater(listener.accept());
        assertEquals(local, server.getRemoteAddress());
        echoBothWays(ch, server);
    }

    @Test
    void defaultChannelConnectsOverIpv6LoopbackToo() throws Exception {
        TestNet.assumeIpv6Loopback();
        ConnectedPair p = closeLater(ConnectedPair.open(provider(), LOOPBACK6));
        assertEquals(LOOPBACK6, ((InetSocketAddress) p.client().getLocalAddress()).getAddress());
        echoBothWays(p.client(), p.server());
    }

    @Test
    void unsupportedProtocolFamilyIsRejected() {
        ProtocolFamily bogus = () -> "BOGUS";
        assertThrows(UnsupportedOperationException.class, () -> provider().openSocketChannel(bogus));
        assertThrows(NullPointerException.class, () -> provider().openSocketChannel(null));
    }

    private static void echoBothWays(SocketChannel a, SocketChannel b) throws Exception {
        assertTimeoutPreemptively(TIMEOUT, () -> {
            writeFully(a, ascii("ping"));
            assertArrayEquals("ping".getBytes(), readFully(b, 4));
            writeFully(b, ascii("pong"));
            assertArrayEquals("pong".getBytes(), readFully(a, 4));
        });
    }

    // ---------------------------------------------------------------- large transfers

    @ParameterizedTest
    @ValueSource(strings = {"heap", "direct"})
    void largeBlockingTransferArrivesIntact(String kind) throws Exception {
        IntFunction<ByteBuffer> alloc = allocator(kind);
        int size = 8 << 20;
        byte[] data = randomBytes(size, 42);
        ConnectedPair p = pair();
        assertTimeoutPreemptively(TIMEOUT.multipliedBy(3), () -> {
            Background<Void> writer = Background.start("writer", () -> {
                ByteBuffer chunk = alloc.apply(100_003); // odd size: chunks straddle reads
                int off = 0;
                while (off < size) {
                    int n = Math.min(chunk.capacity(), size - off);
                    chunk.clear();
                    chunk.put(data, off, n).flip();
                    writeFully(p.client(), chunk);
                    off += n;
                }
                p.client().shutdownOutput();
                return null;
            });
            byte[] got = new byte[size];
            ByteBuffer in = alloc.apply(65_536);
            int off = 0;
            while (true) {
                in.clear();
                int n = p.server().read(in);
                if (n < 0) {
                    break;
                }
                assertTrue(off + n <= size, "more bytes than were sent");
                in.flip();
                in.get(got, off, n);
                off += n;
            }
            writer.get();
            assertEquals(size, off);
            assertTrue(Arrays.equals(data, got), "content differs");
        });
    }

    @Test
    void largeNonBlockingTransferThroughSelectorArrivesIntact() throws Exception {
        int size = 8 << 20;
        byte[] data = randomBytes(size, 7);
        ConnectedPair p = pair();
        p.client().configureBlocking(false);
        p.server().configureBlocking(false);
        Selector sel = selector();
        SelectionKey wk = p.client().register(sel, SelectionKey.OP_WRITE);
        SelectionKey rk = p.server().register(sel, SelectionKey.OP_READ);
        ByteBuffer out = ByteBuffer.wrap(data);
        ByteBuffer in = ByteBuffer.allocateDirect(size);
        assertTimeoutPreemptively(TIMEOUT.multipliedBy(3), () -> {
            boolean sawPartialWrite = false;
            while (in.hasRemaining()) {
                sel.select(1000);
                for (SelectionKey k : sel.selectedKeys()) {
                    if (k == wk && k.isWritable()) {
                        int n = p.client().write(out);
                        assertTrue(n >= 0);
                        if (out.hasRemaining()) {
                            sawPartialWrite = true;
                        } else {
                            wk.interestOps(0);
                        }
                    }
                    if (k == rk && k.isReadable()) {
                        int n = p.server().read(in);
                        assertTrue(n >= 0, "unexpected end of stream");
                    }
                }
                sel.selectedKeys().clear();
            }
            assertTrue(sawPartialWrite, "8 MiB never filled the socket buffers?");
        });
        in.flip();
        byte[] got = new byte[size];
        in.get(got);
        assertTrue(Arrays.equals(data, got), "content differs");
    }

    @Test
    void nonBlockingWriteReturnsZeroWhenSendBufferIsFullAndSelectsWritableOnceDrained()
            throws Exception {
        ConnectedPair p = pair();
        p.client().configureBlocking(false);
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 16);
        long[] total = {0};
        assertTimeoutPreemptively(TIMEOUT, () -> {
            int last;
            do {
                chunk.clear();
                last = p.client().write(chunk);
                total[0] += last;
                assertTrue(total[0] < (1L << 30), "1 GiB accepted without the peer reading");
            } while (last > 0);
            assertEquals(0, last);
            assertEquals(0, chunk.position(), "a zero-byte write consumes nothing");
        });
        Selector sel = selector();
        SelectionKey key = p.client().register(sel, SelectionKey.OP_WRITE);
        assertEquals(0, sel.selectNow(), "not writable while the buffers are full");
        assertTimeoutPreemptively(TIMEOUT, () -> {
            readFully(p.server(), (int) total[0]);
            assertEquals(1, sel.select(TIMEOUT.toMillis()));
            assertTrue(key.isWritable());
        });
    }

    // ---------------------------------------------------------------- many buffers, slices

    @Test
    void gatheringWriteOfMoreBuffersThanTheSystemTakesAtOnce() throws Exception {
        int count = 2_500; // more than IOV_MAX (1024 on Linux)
        ConnectedPair p = pair();
        ByteBuffer[] bufs = new ByteBuffer[count];
        byte[] expected = new byte[count * 3];
        for (int i = 0; i < count; i++) {
            byte[] b = {(byte) i, (byte) (i >> 8), (byte) 0x5a};
            System.arraycopy(b, 0, expected, i * 3, 3);
            bufs[i] = (i % 2 == 0) ? ByteBuffer.wrap(b) : ByteBuffer.allocateDirect(3).put(b).flip();
        }
        assertTimeoutPreemptively(TIMEOUT, () -> {
            long total = 0;
            while (total < expected.length) {
                long n = p.client().write(bufs);
                assertTrue(n > 0 && total + n <= expected.length, "write returned " + n);
                total += n;
            }
            for (ByteBuffer b : bufs) {
                assertFalse(b.hasRemaining(), "every buffer consumed");
            }
            assertArrayEquals(expected, readFully(p.server(), expected.length));
        });
    }

    @Test
    void scatteringReadIntoMoreBuffersThanTheSystemTakesAtOnce() throws Exception {
        int count = 2_500;
        ConnectedPair p = pair();
        byte[] data = randomBytes(count * 2, 5);
        writeFully(p.server(), ByteBuffer.wrap(data));
        ByteBuffer[] bufs = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            bufs[i] = (i % 2 == 0) ? ByteBuffer.allocate(2) : ByteBuffer.allocateDirect(2);
        }
        assertTimeoutPreemptively(TIMEOUT, () -> {
            long total = 0;
            while (total < data.length) {
                long n = p.client().read(bufs);
                assertTrue(n > 0 && total + n <= data.length, "read returned " + n);
                total += n;
            }
        });
        for (int i = 0; i < count; i++) {
            ByteBuffer b = bufs[i].flip();
            assertEquals(2, b.remaining(), "buffer " + i);
            assertEquals(data[2 * i], b.get(), "buffer " + i);
            assertEquals(data[2 * i + 1], b.get(), "buffer " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "direct"})
    void readAndWriteThroughSlicesAtAnOffset(String kind) throws Exception {
        IntFunction<ByteBuffer> alloc = allocator(kind);
        ConnectedPair p = pair();
        ByteBuffer outer = alloc.apply(64);
        for (int i = 0; i < 64; i++) {
            outer.put(i, (byte) i);
        }
        ByteBuffer src = outer.duplicate().position(7).limit(20).slice(); // bytes 7..19
        assertEquals(13, p.client().write(src));
        ByteBuffer target = alloc.apply(64);
        ByteBuffer dst = target.duplicate().position(30).limit(43).slice();
        assertTimeoutPreemptively(TIMEOUT, () -> {
            while (dst.hasRemaining()) {
                assertTrue(p.server().read(dst) > 0);
            }
        });
        for (int i = 0; i < 64; i++) {
            byte expected = (i >= 30 && i < 43) ? (byte) (i - 23) : 0;
            assertEquals(expected, target.get(i), "byte " + i);
        }
    }

    // ---------------------------------------------------------------- concurrency on one channel

    @Test
    void aBlockedReadDoesNotBlockWritesOrStateQueriesOnTheSameChannel() throws Exception {
        ConnectedPair p = pair();
        Background<byte[]> reader = Background.start("reader", () -> readFully(p.client(), 4));
        reader.awaitInside(p.client().getClass(), "read");
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> {
            assertEquals(5, p.client().write(ascii("ahead")));
            assertTrue(p.client().isConnected());
            assertNotNull(p.client().getRemoteAddress());
            assertNotNull(p.client().getLocalAddress());
            p.client().setOption(StandardSocketOptions.TCP_NODELAY, true);
            assertEquals(Boolean.TRUE, p.client().getOption(StandardSocketOptions.TCP_NODELAY));
        }, "a write or a state query waited for a blocked read on the same channel");
        assertTimeoutPreemptively(TIMEOUT,
                () -> assertArrayEquals("ahead".getBytes(), readFully(p.server(), 5)));
        writeFully(p.server(), ascii("done"));
        assertArrayEquals("done".getBytes(), reader.get());
    }

    @Test
    void aBlockedWriteDoesNotBlockReadsOnTheSameChannel() throws Exception {
        TestNet.assumeNotTheJdkUnderWine(provider(),
                "under Wine, closing the channel from another thread does not wake the JDK oracle's"
                + " thread blocked in write (still blocked after 20 s)");
        ConnectedPair p = pair();
        Background<Long> writer = Background.start("writer", () -> {
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
            long total = 0;
            while (total < (64L << 20)) { // far more than the buffers hold: blocks
                chunk.clear();
                total += p.client().write(chunk);
            }
            return total;
        });
        writer.awaitInside(p.client().getClass(), "write");
        assertTrue(writer.isAlive(), "writer should be blocked on full buffers");
        writeFully(p.server(), ascii("meanwhile"));
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> assertArrayEquals("meanwhile".getBytes(), readFully(p.client(), 9)),
                "a read waited for a blocked write on the same channel");
        TestNet.closeBounded(p.client());
        TestNet.assertKind(ClosedChannelException.class, writer.failure());
    }

    // ---------------------------------------------------------------- resets

    @Test
    void writeToPeerThatResetEventuallyThrowsIOException() throws Exception {
        ConnectedPair p = pair();
        p.server().setOption(StandardSocketOptions.SO_LINGER, 0);
        p.server().close(); // linger 0: the peer gets a reset
        assertTimeoutPreemptively(TIMEOUT, () -> {
            ByteBuffer buf = ByteBuffer.allocate(1024);
            IOException thrown = null;
            for (int i = 0; i < 1000 && thrown == null; i++) {
                buf.clear();
                try {
                    p.client().write(buf);
                    Thread.sleep(5);
                } catch (IOException e) {
                    thrown = e;
                }
            }
            assertNotNull(thrown, "writes to a reset peer kept succeeding");
            assertFalse(thrown instanceof ClosedChannelException,
                    "a reset is not a closed channel: " + thrown);
        });
    }

    @Test
    void readFromPeerThatResetThrowsIOException() throws Exception {
        TestNet.assumeNotUnderWine("under Wine 8.0 a read from a TCP peer that closed with SO_LINGER 0 (a reset)"
                + " throws nothing, on the JDK oracle and on wsnio alike");
        ConnectedPair p = pair();
        p.server().setOption(StandardSocketOptions.SO_LINGER, 0);
        p.server().close();
        assertTimeoutPreemptively(TIMEOUT, () -> {
            IOException e = assertThrows(IOException.class, () -> p.client().read(ByteBuffer.allocate(8)));
            assertFalse(e instanceof ClosedChannelException, "a reset is not a closed channel: " + e);
        });
    }

    /**
     * SO_LINGER 0 makes close abortive: the peer's next read throws "Connection reset" (never an
     * orderly end of stream), whether the channel was blocking, non-blocking, still registered
     * with a selector (its close is deferred until the key is flushed), or closed while another
     * thread was blocked reading it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"blocking", "non-blocking", "registered", "blocked-reader"})
    void closeWithSoLingerZeroResetsTheConnection(String how) throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("wsnio.test.wine"),
                "under Wine, a read from a TCP peer that closed with SO_LINGER 0 (a reset) throws nothing;"
                + " the JDK oracle fails here too");
        ConnectedPair p = pair();
        SocketChannel ch = p.server();
        ch.setOption(StandardSocketOptions.SO_LINGER, 0);
        Selector sel = null;
        Background<Integer> reader = null;
        switch (how) {
            case "blocking" -> { }
            case "non-blocking" -> ch.configureBlocking(false);
            case "registered" -> {
                ch.configureBlocking(false);
                sel = selector();
                ch.register(sel, SelectionKey.OP_READ);
                assertEquals(0, sel.selectNow());
            }
            case "blocked-reader" -> {
                reader = Background.start("reader", () -> ch.read(ByteBuffer.allocate(8)));
                reader.awaitInside(ch.getClass(), "read");
            }
            default -> throw new IllegalArgumentException(how);
        }
        TestNet.closeBounded(ch);
        if (reader != null) {
            TestNet.assertKind(AsynchronousCloseException.class, reader.failure());
        }
        SocketChannel peer = p.client();
        if (sel != null) {
            // the close waits for the selector to flush the cancelled key: nothing reaches the peer yet
            Thread.sleep(50);
            peer.configureBlocking(false);
            assertEquals(0, peer.read(ByteBuffer.allocate(8)), "the peer saw the registered channel's close before the key was flushed");
            peer.configureBlocking(true);
            sel.selectNow();
        }
        assertTimeoutPreemptively(TIMEOUT, () -> {
            IOException e = assertThrows(IOException.class, () -> {
                int n = peer.read(ByteBuffer.allocate(8));
                throw new AssertionError("the peer read " + n + " instead of a reset (" + how + ")");
            });
            assertFalse(e instanceof ClosedChannelException, "a reset is not a closed channel: " + e);
            assertTrue(String.valueOf(e.getMessage()).contains("Connection reset"), "message: " + e);
        });
    }

    /**
     * A write to a reset connection fails with an IOException that is not a ClosedChannelException
     * (the JDK's is a plain IOException "Broken pipe", wsnio's a NativeSocketException, which is
     * a SocketException: a documented difference of kind, not of meaning).
     */
    private static String writeOutcome(ThrowingCall call) {
        try {
            call.run();
            return "written";
        } catch (ClosedChannelException e) {
            return "ClosedChannelException";
        } catch (IOException e) {
            return "IOException";
        } catch (Exception e) {
            return e.getClass().getName();
        }
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    /** A client channel from {@code p} whose peer has reset the connection (SO_LINGER 0 close). */
    private SocketChannel resetBy(SelectorProvider p, boolean dataPending) throws Exception {
        ConnectedPair pair = closeLater(ConnectedPair.open(p));
        if (dataPending) {
            pair.server().write(ascii("data"));
        }
        pair.server().setOption(StandardSocketOptions.SO_LINGER, 0);
        pair.server().close();
        Thread.sleep(100); // let the reset arrive
        return pair.client();
    }

    /**
     * After the peer reset the connection, the channel and its adaptor's streams behave as on the
     * JDK, call after call: which exception each read, write and available() gives, how often,
     * and what comes after.
     */
    @ParameterizedTest
    @ValueSource(strings = {"channel", "adaptor streams", "data pending"})
    void operationsAfterAPeerResetBehaveAsOnTheJdk(String how) throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("wsnio.test.wine"),
                "under Wine, a read from a TCP peer that closed with SO_LINGER 0 (a reset) throws nothing;"
                + " the JDK oracle fails here too");
        List<Outcomes.Step<SocketChannel>> steps = switch (how) {
            case "adaptor streams" -> List.of(
                    Outcomes.value("available()", c -> c.socket().getInputStream().available()),
                    Outcomes.value("read()", c -> c.socket().getInputStream().read()),
                    Outcomes.value("read() again", c -> c.socket().getInputStream().read()),
                    Outcomes.value("available() after", c -> c.socket().getInputStream().available()),
                    Outcomes.value("write(1)", c -> writeOutcome(() -> c.socket().getOutputStream().write(1))),
                    Outcomes.value("isConnected()", SocketChannel::isConnected),
                    Outcomes.value("isOpen()", SocketChannel::isOpen));
            default -> List.of(
                    Outcomes.value("available()", c -> c.socket().getInputStream().available()),
                    Outcomes.value("read", c -> c.read(ByteBuffer.allocate(16))),
                    Outcomes.value("read again", c -> c.read(ByteBuffer.allocate(16))),
                    Outcomes.value("read a third time", c -> c.read(ByteBuffer.allocate(16))),
                    Outcomes.value("write", c -> writeOutcome(() -> c.write(ascii("x")))),
                    Outcomes.value("isConnected()", SocketChannel::isConnected),
                    Outcomes.value("isOpen()", SocketChannel::isOpen),
                    Outcomes.step("shutdownInput()", SocketChannel::shutdownInput),
                    Outcomes.value("read after shutdownInput", c -> c.read(ByteBuffer.allocate(16))));
        };
        boolean pending = how.equals("data pending");
        Outcomes.assertSameSequenceAsJdk(how, steps, () -> resetBy(Providers.jdk(), pending), () -> resetBy(provider(), pending));
    }

    @Test
    void aResetPeerMakesAReadInterestedKeyReady() throws Exception {
        TestNet.assumeNotUnderWine("under Wine 8.0 a read from a TCP peer that closed with SO_LINGER 0 (a reset)"
                + " throws nothing, on the JDK oracle and on wsnio alike");
        ConnectedPair p = pair();
        p.client().configureBlocking(false);
        Selector sel = selector();
        SelectionKey key = p.client().register(sel, SelectionKey.OP_READ);
        assertEquals(0, sel.selectNow());
        p.server().setOption(StandardSocketOptions.SO_LINGER, 0);
        p.server().close();
        assertEquals(1, sel.select(TIMEOUT.toMillis()));
        assertTrue(key.isReadable());
        assertThrows(IOException.class, () -> p.client().read(ByteBuffer.allocate(8)));
    }

    @Test
    void aKeyWithNoInterestDoesNotWakeSelectWhenThePeerHangsUpOrResets() throws Exception {
        ConnectedPair closed = pair();
        ConnectedPair reset = pair();
        closed.client().configureBlocking(false);
        reset.client().configureBlocking(false);
        Selector sel = selector();
        closed.client().register(sel, 0);
        reset.client().register(sel, 0);
        closed.server().close();
        reset.server().setOption(StandardSocketOptions.SO_LINGER, 0);
        reset.server().close();
        Thread.sleep(100); // let the FIN and the RST arrive
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            int n = assertTimeoutPreemptively(TIMEOUT, () -> sel.select(300));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(0, n);
            assertTrue(ms >= 225, "select(300) returned after " + ms
                    + " ms: a hang-up on a key with no interest must not wake the selector");
            TestNet.assertWaitedAbout(300, ms, "select(300)");
        }
    }

    // ---------------------------------------------------------------- blocking mode and selectors

    @Test
    void registerInBlockingModeThrowsIllegalBlockingMode() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        assertThrows(IllegalBlockingModeException.class,
                () -> p.client().register(sel, SelectionKey.OP_READ));
        assertFalse(p.client().isRegistered());
    }

    @Test
    void configureBlockingWhileRegisteredThrowsIllegalBlockingMode() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        p.client().configureBlocking(false);
        SelectionKey key = p.client().register(sel, SelectionKey.OP_READ);
        assertThrows(IllegalBlockingModeException.class, () -> p.client().configureBlocking(true));
        assertFalse(p.client().isBlocking());
        key.cancel();
        sel.selectNow();
        p.client().configureBlocking(true);
        assertTrue(p.client().isBlocking());
    }

    @Test
    void registerWithInvalidOpsThrowsIllegalArgument() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        p.client().configureBlocking(false);
        assertThrows(IllegalArgumentException.class,
                () -> p.client().register(sel, SelectionKey.OP_ACCEPT));
    }

    // ---------------------------------------------------------------- close and interrupt

    @Test
    void closeFromAnotherThreadWakesBlockedReadWithAsynchronousClose() throws Exception {
        ConnectedPair p = pair();
        Background<Integer> reader = Background.start("reader",
                () -> p.client().read(ByteBuffer.allocate(8)));
        reader.awaitInside(p.client().getClass(), "read");
        TestNet.closeBounded(p.client());
        Throwable t = reader.failure();
        TestNet.assertKind(AsynchronousCloseException.class, t);
        assertFalse(t instanceof ClosedByInterruptException);
        assertFalse(p.client().isOpen());
    }

    @Test
    void interruptWakesBlockedReadWithClosedByInterruptAndClosesTheChannel() throws Exception {
        ConnectedPair p = pair();
        Background<Integer> reader = Background.start("reader",
                () -> p.client().read(ByteBuffer.allocate(8)));
        reader.awaitInside(p.client().getClass(), "read");
        reader.interruptBounded();
        TestNet.assertKind(ClosedByInterruptException.class, reader.failure());
        assertTrue(reader.interruptedAtEnd(), "interrupt status stays set");
        assertFalse(p.client().isOpen());
        // the peer sees the close
        assertTimeoutPreemptively(TIMEOUT, () -> assertEquals(-1, p.server().read(ByteBuffer.allocate(1))));
    }

    @Test
    void closeFromAnotherThreadWakesBlockedWrite() throws Exception {
        TestNet.assumeNotTheJdkUnderWine(provider(),
                "under Wine, closing the channel from another thread does not wake the JDK oracle's"
                + " thread blocked in write (still blocked after 20 s)");
        ConnectedPair p = pair();
        Background<Void> writer = Background.start("writer", () -> {
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
            while (true) {
                chunk.clear();
                p.client().write(chunk); // the peer never reads: blocks once buffers are full
            }
        });
        writer.awaitInside(p.client().getClass(), "write");
        assertTrue(writer.isAlive(), "writer should be blocked on full buffers");
        TestNet.closeBounded(p.client());
        // the blocked write either throws AsynchronousCloseException or returns its partial
        // count (the JDK does that), in which case the next write throws ClosedChannelException
        TestNet.assertKind(ClosedChannelException.class, writer.failure());
        assertFalse(p.client().isOpen());
    }

    @Test
    void interruptBeforeReadClosesTheChannel() throws Exception {
        ConnectedPair p = pair();
        Background<Integer> reader = Background.start("reader", () -> {
            Thread.currentThread().interrupt();
            return p.client().read(ByteBuffer.allocate(8));
        });
        TestNet.assertKind(ClosedByInterruptException.class, reader.failure());
        assertFalse(p.client().isOpen());
    }

    // ---------------------------------------------------------------- socket options

    /** The options every TCP channel supports; SO_REUSEPORT where the JDK supports it here. */
    private static List<SocketOption<?>> tcpOptions() throws IOException {
        List<SocketOption<?>> l = new java.util.ArrayList<>(List.of(
                StandardSocketOptions.TCP_NODELAY, StandardSocketOptions.SO_REUSEADDR,
                StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_LINGER,
                StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF,
                StandardSocketOptions.IP_TOS));
        if (jdkSupports(StandardSocketOptions.SO_REUSEPORT)) {
            l.add(StandardSocketOptions.SO_REUSEPORT);
        }
        return l;
    }

    private static boolean jdkSupports(SocketOption<?> option) throws IOException {
        try (SocketChannel jdk = Providers.jdk().openSocketChannel()) {
            return jdk.supportedOptions().contains(option);
        }
    }

    @Test
    void supportedOptionsContainTheStandardTcpOptions() throws IOException {
        Set<SocketOption<?>> supported = open().supportedOptions();
        for (SocketOption<?> o : tcpOptions()) {
            assertTrue(supported.contains(o), "missing " + o);
        }
        assertThrows(UnsupportedOperationException.class,
                () -> supported.add(StandardSocketOptions.SO_BROADCAST), "supportedOptions is unmodifiable");
    }

    /** Compares with the JDK: not run on the JDK itself ({@link JdkStreamChannelTest}). */
    @Test
    void supportedOptionsIncludeEveryPublicOptionTheJdkSupports() throws IOException {
        Set<SocketOption<?>> supported = open().supportedOptions();
        try (SocketChannel jdk = Providers.jdk().openSocketChannel()) {
            for (SocketOption<?> o : PublicOptions.publicOf(jdk.supportedOptions())) {
                assertTrue(supported.contains(o), "the JDK supports " + o + " but this provider does not");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TCP_NODELAY", "SO_REUSEADDR", "SO_KEEPALIVE", "SO_REUSEPORT"})
    void booleanOptionRoundTrips(String name) throws IOException {
        @SuppressWarnings("unchecked")
        SocketOption<Boolean> opt = (SocketOption<Boolean>) standardOption(name);
        if (opt == StandardSocketOptions.SO_REUSEPORT) {
            Assumptions.assumeTrue(jdkSupports(opt), "the JDK does not support SO_REUSEPORT here");
        }
        SocketChannel ch = open();
        assertSame(ch, ch.setOption(opt, true));
        assertEquals(Boolean.TRUE, ch.getOption(opt));
        ch.setOption(opt, false);
        assertEquals(Boolean.FALSE, ch.getOption(opt));
        ch.setOption(opt, true);
        assertEquals(Boolean.TRUE, ch.getOption(opt));
    }

    @Test
    void booleanOptionsRoundTripOnConnectedChannel() throws IOException {
        ConnectedPair p = pair();
        p.client().setOption(StandardSocketOptions.TCP_NODELAY, true);
        assertEquals(Boolean.TRUE, p.client().getOption(StandardSocketOptions.TCP_NODELAY));
        p.client().setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        assertEquals(Boolean.TRUE, p.client().getOption(StandardSocketOptions.SO_KEEPALIVE));
        // accepted channels support options too
        p.server().setOption(StandardSocketOptions.TCP_NODELAY, true);
        assertEquals(Boolean.TRUE, p.server().getOption(StandardSocketOptions.TCP_NODELAY));
    }

    @Test
    void soLingerRoundTrips() throws IOException {
        SocketChannel ch = open();
        ch.setOption(StandardSocketOptions.SO_LINGER, 5);
        assertEquals(5, ch.getOption(StandardSocketOptions.SO_LINGER));
        ch.setOption(StandardSocketOptions.SO_LINGER, 0);
        assertEquals(0, ch.getOption(StandardSocketOptions.SO_LINGER));
        ch.setOption(StandardSocketOptions.SO_LINGER, -1);
        assertEquals(-1, ch.getOption(StandardSocketOptions.SO_LINGER), "negative disables linger");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SO_SNDBUF", "SO_RCVBUF"})
    void bufferSizeOptionsRoundTripAtLeastTheRequestedSize(String name) throws IOException {
        @SuppressWarnings("unchecked")
        SocketOption<Integer> opt = (SocketOption<Integer>) standardOption(name);
        SocketChannel ch = open();
        int initial = ch.getOption(opt);
        assertTrue(initial > 0, name + " default " + initial);
        ch.setOption(opt, 65_536);
        int got = ch.getOption(opt);
        assertTrue(got >= 65_536, name + " set 65536, got " + got);
        ch.setOption(opt, 4_096);
        int small = ch.getOption(opt);
        assertTrue(small > 0 && small < got, name + " set 4096 after 65536, got " + small);
    }

    @Test
    void ipTosRoundTrips() throws IOException {
        for (ProtocolFamily family : new ProtocolFamily[] {null, StandardProtocolFamily.INET}) {
            SocketChannel ch = closeLater(family == null
                    ? provider().openSocketChannel() : provider().openSocketChannel(family));
            for (int tos : new int[] {0x10, 0x20, 0xb8, 0}) {
                ch.setOption(StandardSocketOptions.IP_TOS, tos);
                assertEquals(expectedTos(family, tos), ch.getOption(StandardSocketOptions.IP_TOS),
                        "IP_TOS " + tos + " on a " + (family == null ? "default" : family) + " channel");
            }
        }
    }

    /** What the JDK reads back after setting {@code tos} (Windows ignores IP_TOS, for example). */
    private static int expectedTos(ProtocolFamily family, int tos) throws IOException {
        try (SocketChannel jdk = family == null
                ? Providers.jdk().openSocketChannel() : Providers.jdk().openSocketChannel(family)) {
            jdk.setOption(StandardSocketOptions.IP_TOS, tos);
            int got = jdk.getOption(StandardSocketOptions.IP_TOS);
            if (!System.getProperty("os.name").startsWith("Windows")) {
                assertEquals(tos, got, "the JDK oracle itself round-trips IP_TOS");
            }
            return got;
        }
    }

    /** Compares with the JDK: not run on the JDK itself ({@link JdkStreamChannelTest}). */
    @Test
    void defaultOptionValuesMatchTheJdk() throws IOException {
        SocketChannel ch = open();
        try (SocketChannel jdk = Providers.jdk().openSocketChannel()) {
            for (SocketOption<?> o : tcpOptions()) {
                assertEquals(jdk.getOption(o), ch.getOption(o), "default of " + o);
            }
        }
    }

    @Test
    void nullOptionNameThrowsNullPointer() throws IOException {
        SocketChannel ch = open();
        assertThrows(NullPointerException.class, () -> ch.setOption(null, 1));
        assertThrows(NullPointerException.class, () -> ch.getOption(null));
    }

    @Test
    void unsupportedOptionThrowsUnsupportedOperation() throws IOException {
        SocketChannel ch = open();
        SocketOption<Integer> bogus = new SocketOption<>() {
            @Override public String name() {
                return "BOGUS";
            }
            @Override public Class<Integer> type() {
                return Integer.class;
            }
        };
        assertThrows(UnsupportedOperationException.class, () -> ch.setOption(bogus, 1));
        assertThrows(UnsupportedOperationException.class, () -> ch.getOption(bogus));
        assertThrows(UnsupportedOperationException.class,
                () -> ch.setOption(StandardSocketOptions.SO_BROADCAST, true));
        assertThrows(UnsupportedOperationException.class,
                () -> ch.getOption(StandardSocketOptions.IP_MULTICAST_TTL));
    }

    @Test
    void invalidOptionValuesThrowIllegalArgument() throws IOException {
        SocketChannel ch = open();
        assertThrows(IllegalArgumentException.class, () -> ch.setOption(StandardSocketOptions.SO_SNDBUF, -1));
        assertThrows(IllegalArgumentException.class, () -> ch.setOption(StandardSocketOptions.SO_RCVBUF, -1));
        assertThrows(IllegalArgumentException.class, () -> ch.setOption(StandardSocketOptions.IP_TOS, 256));
        assertThrows(IllegalArgumentException.class, () -> ch.setOption(StandardSocketOptions.IP_TOS, -1));
        assertThrows(IllegalArgumentException.class, () -> ch.setOption(StandardSocketOptions.TCP_NODELAY, null));
        assertThrows(IllegalArgumentException.class, () -> ch.setOption(StandardSocketOptions.SO_LINGER, null));
        @SuppressWarnings({"unchecked", "rawtypes"})
        SocketOption<Object> raw = (SocketOption) StandardSocketOptions.TCP_NODELAY;
        assertThrows(IllegalArgumentException.class, () -> ch.setOption(raw, 1), "wrong value type");
        assertTrue(ch.isOpen());
    }

    @Test
    void optionsOnClosedChannelThrowClosedChannel() throws IOException {
        SocketChannel ch = open();
        ch.close();
        assertThrows(ClosedChannelException.class, () -> ch.setOption(StandardSocketOptions.TCP_NODELAY, true));
        assertThrows(ClosedChannelException.class, () -> ch.getOption(StandardSocketOptions.TCP_NODELAY));
        assertThrows(ClosedChannelException.class, () -> ch.getOption(StandardSocketOptions.SO_RCVBUF));
    }

    private static SocketOption<?> standardOption(String name) {
        try {
            return (SocketOption<?>) StandardSocketOptions.class.getField(name).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- socket adaptor

    @Test
    void socketAdaptorReflectsTheChannel() throws IOException {
        ConnectedPair p = pair();
        Socket s = p.client().socket();
        assertNotNull(s);
        assertSame(p.client(), s.getChannel());
        assertTrue(s.isConnected());
        assertFalse(s.isClosed());
        InetSocketAddress remote = (InetSocketAddress) p.client().getRemoteAddress();
        InetSocketAddress local = (InetSocketAddress) p.client().getLocalAddress();
        assertEquals(remote.getAddress(), s.getInetAddress());
        assertEquals(remote.getPort(), s.getPort());
        assertEquals(local.getPort(), s.getLocalPort());
        assertEquals(remote, s.getRemoteSocketAddress());
        assertEquals(local, s.getLocalSocketAddress());
        s.setTcpNoDelay(true);
        assertEquals(Boolean.TRUE, p.client().getOption(StandardSocketOptions.TCP_NODELAY));
        p.client().setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        assertTrue(s.getKeepAlive());
        s.close();
        assertFalse(p.client().isOpen(), "closing the adaptor closes the channel");
        assertTrue(s.isClosed());
    }

    @Test
    void socketAdaptorStreamsWorkInBlockingModeOnly() throws Exception {
        ConnectedPair p = pair();
        Socket s = p.client().socket();
        assertTimeoutPreemptively(TIMEOUT, () -> {
            s.getOutputStream().write("adaptor".getBytes());
            assertArrayEquals("adaptor".getBytes(), readFully(p.server(), 7));
            writeFully(p.server(), ascii("back"));
            byte[] b = s.getInputStream().readNBytes(4);
            assertArrayEquals("back".getBytes(), b);
        });
        p.client().configureBlocking(false);
        assertThrows(IllegalBlockingModeException.class, () -> s.getInputStream().read());
    }

    @Test
    void socketAdaptorReadHonoursSoTimeout() throws Exception {
        ConnectedPair p = pair();
        Socket s = p.client().socket();
        s.setSoTimeout(200);
        assertEquals(200, s.getSoTimeout());
        long t0 = System.nanoTime();
        assertTimeoutPreemptively(TIMEOUT, () -> assertThrows(java.net.SocketTimeoutException.class,
                () -> s.getInputStream().read()));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        TestNet.assertWaitedAbout(200, ms, "a read with SO_TIMEOUT 200 ms");
        assertTrue(p.client().isOpen(), "a read timeout does not close the channel");
        writeFully(p.server(), ascii("!"));
        assertTimeoutPreemptively(TIMEOUT, () -> assertEquals('!', s.getInputStream().read()));
    }

    @Test
    void closeWakesASocketAdaptorReadWaitingInItsSoTimeout() throws Exception {
        ConnectedPair p = pair();
        Socket s = p.client().socket();
        s.setSoTimeout(60_000);
        java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                s.getInputStream().read();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        }, "adaptor-reader");
        reader.setDaemon(true);
        reader.start();
        Background.awaitBlocked(reader); // waiting for data (up to its 60 s SO_TIMEOUT)
        long t0 = System.nanoTime();
        p.client().close();
        Throwable t = outcome.get(10, java.util.concurrent.TimeUnit.SECONDS);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(t instanceof java.io.IOException && !(t instanceof java.net.SocketTimeoutException),
                "the close ends the wait with an IOException, not a time-out: " + t);
        assertTrue(ms < 5_000, "woken " + ms + " ms after the close");
    }

    /**
     * After a close, the adaptor's available(), setOOBInline and getOOBInline act on no socket,
     * even when a new socket has the closed one's descriptor number (opened right after the close,
     * with bytes waiting and SO_OOBINLINE off): available() answers 0 or throws, the option
     * calls throw SocketException, and the new socket's option is untouched.
     */
    @Test
    void socketAdaptorAvailableAndOobInlineAfterCloseTouchNoReusedDescriptor() throws Exception {
        ConnectedPair p = pair();
        Socket s = p.client().socket();
        java.io.InputStream in = s.getInputStream();
        ServerSocketChannel listener = listen(LOOPBACK4);
        p.client().close();
        SocketChannel reuser = open(); // the lowest free number: the closed channel's
        reuser.connect(listener.getLocalAddress());
        SocketChannel peer = closeLater(listener.accept());
        writeFully(peer, ByteBuffer.wrap(new byte[7]));
        long end = System.nanoTime() + TIMEOUT.toNanos();
        while (reuser.socket().getInputStream().available() < 7 && System.nanoTime() - end < 0) {
            Thread.sleep(5);
        }
        int available;
        try {
            available = in.available();
        } catch (IOException e) {
            available = 0;
        }
        assertEquals(0, available, "available() of a closed socket's input stream");
        assertThrows(java.net.SocketException.class, () -> s.setOOBInline(true));
        assertThrows(java.net.SocketException.class, s::getOOBInline);
        assertFalse(reuser.socket().getOOBInline(), "SO_OOBINLINE of the socket opened after the close");
    }

    @Test
    void socketAdaptorConnectsWithATimeout() throws Exception {
        ServerSocketChannel listener = listen(LOOPBACK4);
        SocketChannel ch = open();
        Socket s = ch.socket();
        assertFalse(s.isConnected());
        assertTimeoutPreemptively(TIMEOUT, () -> s.connect(listener.getLocalAddress(), 5_000));
        assertTrue(s.isConnected());
        assertTrue(ch.isConnected());
        assertTrue(ch.isBlocking());
        closeLater(listener.accept());
    }

    @Test
    void socketAdaptorConnectTimeOutExpiresAndClosesTheChannel() throws Exception {
        java.util.List<AutoCloseable> fillers = new java.util.ArrayList<>();
        ServerSocketChannel full = TestNet.fullListener(fillers);
        fillers.forEach(this::closeLater);
        SocketChannel ch = open();
        Socket s = ch.socket();
        long t0 = System.nanoTime();
        assertTimeoutPreemptively(TIMEOUT, () -> assertThrows(java.net.SocketTimeoutException.class,
                () -> s.connect(full.getLocalAddress(), 300)));
        TestNet.assertWaitedAbout(300, (System.nanoTime() - t0) / 1_000_000, "a connect with a 300 ms time-out");
        assertFalse(ch.isOpen(), "a connect that timed out closes the channel");
        assertFalse(ch.isConnected());
    }

    @Test
    void closeEndsATimedSocketAdaptorConnect() throws Exception {
        java.util.List<AutoCloseable> fillers = new java.util.ArrayList<>();
        ServerSocketChannel full = TestNet.fullListener(fillers);
        fillers.forEach(this::closeLater);
        SocketChannel ch = open();
        Socket s = ch.socket();
        Background<Void> connecting = Background.start("adaptor-connect", () -> {
            s.connect(full.getLocalAddress(), 60_000);
            return null;
        });
        connecting.awaitBlocked();
        long t0 = System.nanoTime();
        TestNet.closeBounded(ch);
        Throwable t = connecting.failure();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(t instanceof IOException && !(t instanceof java.net.SocketTimeoutException),
                "a close ends the timed connect with an IOException, not a time-out: " + t);
        assertTrue(ms < 5_000, "ended " + ms + " ms after the close");
        assertFalse(ch.isConnected());
    }

    @Test
    void interruptEndsASocketAdaptorReadWaitingInItsSoTimeout() throws Exception {
        ConnectedPair p = pair();
        Socket s = p.client().socket();
        s.setSoTimeout(60_000);
        Background<Integer> reader = Background.start("adaptor-reader", () -> s.getInputStream().read());
        reader.awaitBlocked();
        long t0 = System.nanoTime();
        reader.interruptBounded();
        Throwable t = reader.failure();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(t instanceof IOException && !(t instanceof java.net.SocketTimeoutException),
                "an interrupt ends the wait with an IOException, not a time-out: " + t);
        assertTrue(ms < 5_000, "ended " + ms + " ms after the interrupt");
        assertTrue(reader.interruptedAtEnd(), "the interrupt status stays set");
        assertFalse(p.client().isOpen(), "an interrupted blocking read closes the channel");
    }

    @Test
    void socketAdaptorConnectToARefusedPortThrowsConnectException() throws Exception {
        InetSocketAddress refused = TestNet.refusedAddress(LOOPBACK4);
        Socket s = open().socket();
        assertTimeoutPreemptively(TIMEOUT,
                () -> assertThrows(ConnectException.class, () -> s.connect(refused, 5_000)));
    }

    /**
     * The adaptor's streams are full duplex: a thread blocked in {@code getInputStream().read()}
     * does not hold up another thread's {@code getOutputStream().write()} (the JDK's adaptor
     * allows it; a stream that took the channel's blockingLock() for the read would hang here).
     */
    /** A socket adaptor from {@code p} in {@code state}; connected ones are connected to a listener from the same provider. */
    private Socket adaptorIn(SelectorProvider p, String state) throws IOException {
        boolean connect = state.contains("connected") && !state.contains("unconnected") || state.equals("shutdown");
        SocketChannel ch;
        if (connect) {
            ch = closeLater(ConnectedPair.open(p)).client();
        } else {
            ch = closeLater(p.openSocketChannel());
        }
        switch (state) {
            case "closed", "closed-after-connect" -> ch.close();
            case "shutdown" -> {
                ch.shutdownInput();
                ch.shutdownOutput();
            }
            case "non-blocking-unconnected", "non-blocking-connected" -> ch.configureBlocking(false);
            default -> { }
        }
        return ch.socket();
    }

    private static List<Outcomes.Step<Socket>> socketAdaptorSteps(InetSocketAddress listening) {
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("wsnio.invalid", 80);
        java.net.UnixDomainSocketAddress unix = java.net.UnixDomainSocketAddress.of("wsnio-test-socket");
        return List.of(
                Outcomes.step("connect(null)", s -> { s.connect(null); return null; }),
                Outcomes.step("connect(unresolved)", s -> { s.connect(unresolved); return null; }),
                Outcomes.step("connect(unresolved, 1000)", s -> { s.connect(unresolved, 1000); return null; }),
                Outcomes.value("connect(unresolved) then isClosed()", s -> {
                    try {
                        s.connect(unresolved);
                    } catch (IOException expected) {
                        // the step above checks the exception
                    }
                    return s.isClosed();
                }),
                Outcomes.step("connect(UNIX address)", s -> { s.connect(unix); return null; }),
                Outcomes.step("connect(listener, -1)", s -> { s.connect(listening, -1); return null; }),
                Outcomes.step("connect(listener)", s -> { s.connect(listening); return null; }),
                Outcomes.step("connect(listener, 5000)", s -> { s.connect(listening, 5000); return null; }),
                Outcomes.step("bind(null)", s -> { s.bind(null); return null; }),
                Outcomes.step("bind(unresolved)", s -> { s.bind(InetSocketAddress.createUnresolved("wsnio.invalid", 0)); return null; }),
                Outcomes.step("bind(UNIX address)", s -> { s.bind(unix); return null; }),
                Outcomes.step("getInputStream()", Socket::getInputStream),
                Outcomes.step("getOutputStream()", Socket::getOutputStream),
                Outcomes.step("read() with SO_TIMEOUT 1", s -> { s.setSoTimeout(1); return s.getInputStream().read(); }),
                Outcomes.step("read(new byte[0])", s -> s.getInputStream().read(new byte[0])),
                Outcomes.value("available()", s -> s.getInputStream().available()),
                Outcomes.step("write(1)", s -> { s.getOutputStream().write(1); return null; }),
                Outcomes.step("write(new byte[0])", s -> { s.getOutputStream().write(new byte[0]); return null; }),
                Outcomes.value("getTcpNoDelay()", Socket::getTcpNoDelay),
                Outcomes.step("setTcpNoDelay(true)", s -> { s.setTcpNoDelay(true); return null; }),
                Outcomes.value("getSoLinger()", Socket::getSoLinger),
                Outcomes.step("setSoLinger(true, -1)", s -> { s.setSoLinger(true, -1); return null; }),
                Outcomes.value("setSoLinger(true, 5) then getSoLinger()", s -> { s.setSoLinger(true, 5); return s.getSoLinger(); }),
                Outcomes.value("setSoLinger(false, 5) then getSoLinger()", s -> { s.setSoLinger(false, 5); return s.getSoLinger(); }),
                Outcomes.step("sendUrgentData(65)", s -> { s.sendUrgentData(65); return null; }),
                Outcomes.value("getOOBInline()", Socket::getOOBInline),
                Outcomes.value("setOOBInline(true) then getOOBInline()", s -> { s.setOOBInline(true); return s.getOOBInline(); }),
                Outcomes.value("getSoTimeout()", Socket::getSoTimeout),
                Outcomes.step("setSoTimeout(-1)", s -> { s.setSoTimeout(-1); return null; }),
                Outcomes.step("setSendBufferSize(0)", s -> { s.setSendBufferSize(0); return null; }),
                Outcomes.step("setSendBufferSize(65536)", s -> { s.setSendBufferSize(65536); return null; }),
                Outcomes.step("getSendBufferSize()", Socket::getSendBufferSize),
                Outcomes.step("setReceiveBufferSize(0)", s -> { s.setReceiveBufferSize(0); return null; }),
                Outcomes.step("setReceiveBufferSize(65536)", s -> { s.setReceiveBufferSize(65536); return null; }),
                Outcomes.step("getReceiveBufferSize()", Socket::getReceiveBufferSize),
                Outcomes.value("getKeepAlive()", Socket::getKeepAlive),
                Outcomes.step("setKeepAlive(true)", s -> { s.setKeepAlive(true); return null; }),
                Outcomes.step("setTrafficClass(-1)", s -> { s.setTrafficClass(-1); return null; }),
                Outcomes.step("setTrafficClass(256)", s -> { s.setTrafficClass(256); return null; }),
                Outcomes.step("setTrafficClass(16)", s -> { s.setTrafficClass(16); return null; }),
                Outcomes.step("getTrafficClass()", Socket::getTrafficClass),
                Outcomes.step("getReuseAddress()", Socket::getReuseAddress),
                Outcomes.step("setReuseAddress(true)", s -> { s.setReuseAddress(true); return null; }),
                Outcomes.step("setOption(SO_LINGER, 5)", s -> s.setOption(StandardSocketOptions.SO_LINGER, 5)),
                Outcomes.value("getOption(SO_KEEPALIVE)", s -> s.getOption(StandardSocketOptions.SO_KEEPALIVE)),
                Outcomes.step("getOption(IP_MULTICAST_IF)", s -> s.getOption(StandardSocketOptions.IP_MULTICAST_IF)),
                Outcomes.step("setOption(null, 1)", s -> s.setOption(null, 1)),
                Outcomes.step("shutdownInput()", s -> { s.shutdownInput(); return null; }),
                Outcomes.step("shutdownOutput()", s -> { s.shutdownOutput(); return null; }),
                Outcomes.value("isConnected()", Socket::isConnected),
                Outcomes.value("isBound()", Socket::isBound),
                Outcomes.value("isClosed()", Socket::isClosed),
                Outcomes.value("isInputShutdown()", Socket::isInputShutdown),
                Outcomes.value("isOutputShutdown()", Socket::isOutputShutdown),
                Outcomes.value("getInetAddress() == null", s -> s.getInetAddress() == null),
                Outcomes.value("getPort() == 0", s -> s.getPort() == 0),
                Outcomes.value("getLocalPort() == -1", s -> s.getLocalPort() == -1),
                Outcomes.value("getLocalAddress()", Socket::getLocalAddress),
                Outcomes.value("getRemoteSocketAddress() == null", s -> s.getRemoteSocketAddress() == null),
                Outcomes.value("getLocalSocketAddress() == null", s -> s.getLocalSocketAddress() == null),
                Outcomes.value("toString() unconnected", s -> s.toString().equals("Socket[unconnected]")),
                Outcomes.step("close()", s -> { s.close(); return null; }));
    }

    /**
     * Every method of the socket adaptor, in every state, does what the JDK's adaptor does: the
     * same result or the same {@code java.net} exception (java.net.Socket's, not the channel's).
     */
    @ParameterizedTest
    @ValueSource(strings = {"unconnected", "connected", "closed", "closed-after-connect", "shutdown",
            "non-blocking-unconnected", "non-blocking-connected"})
    void socketAdaptorMethodsBehaveAsTheJdksAdaptor(String state) throws Exception {
        ServerSocketChannel listener = closeLater(Providers.jdk().openServerSocketChannel());
        listener.bind(new InetSocketAddress(LOOPBACK4, 0), 500);
        InetSocketAddress listening = (InetSocketAddress) listener.getLocalAddress();
        Outcomes.assertSameAsJdk(state, socketAdaptorSteps(listening),
                () -> adaptorIn(Providers.jdk(), state), () -> adaptorIn(provider(), state));
    }

    /**
     * sendUrgentData sends one byte of urgent data (MSG_OOB): a peer with SO_OOBINLINE reads it
     * in line, in stream order.
     */
    @Test
    void socketAdaptorSendsUrgentDataThatAnOobInlinePeerReadsInLine() throws Exception {
        ConnectedPair p = pair();
        p.server().socket().setOOBInline(true);
        assertTrue(p.server().socket().getOOBInline());
        Socket s = p.client().socket();
        s.getOutputStream().write('X');
        s.sendUrgentData('U');
        s.getOutputStream().write('Y');
        assertTimeoutPreemptively(TIMEOUT, () -> assertArrayEquals("XUY".getBytes(), readFully(p.server(), 3)));
    }

    /** The exceptions the issue names, asserted outright (the sweep above compares with the JDK). */
    @Test
    void socketAdaptorThrowsJavaNetExceptions() throws Exception {
        Socket s = open().socket();
        assertThrows(IllegalArgumentException.class, () -> s.connect(null));
        assertThrows(java.net.UnknownHostException.class,
                () -> s.connect(InetSocketAddress.createUnresolved("wsnio.invalid", 80)));
        Socket closed = open().socket();
        closed.close();
        java.net.SocketException e = assertThrows(java.net.SocketException.class, closed::getInputStream);
        assertEquals("Socket is closed", e.getMessage());
        e = assertThrows(java.net.SocketException.class, () -> closed.setTcpNoDelay(true));
        assertEquals("Socket is closed", e.getMessage());
        Socket unconnected = open().socket();
        e = assertThrows(java.net.SocketException.class, unconnected::shutdownInput);
        assertEquals("Socket is not connected", e.getMessage());
    }

    @Test
    void socketAdaptorStreamsAreFullDuplex() throws Exception {
        ConnectedPair p = pair();
        java.io.InputStream in = p.client().socket().getInputStream();
        java.io.OutputStream out = p.client().socket().getOutputStream();
        Background<Integer> reader = Background.start("adaptor-read", in::read);
        reader.awaitBlocked();
        Background<Boolean> writer = Background.start("adaptor-write", () -> {
            out.write(new byte[] {1, 2, 3});
            out.flush();
            return true;
        });
        assertEquals(true, writer.get(), "a write was held up by a read blocked on the other stream");
        assertArrayEquals(new byte[] {1, 2, 3}, readFully(p.server(), 3));
        p.server().write(ByteBuffer.wrap(new byte[] {9}));
        assertEquals(9, reader.get());
    }

    /** Compares with the JDK: not run on the JDK itself ({@link JdkStreamChannelTest}). */
    @Test
    void inheritedChannelMatchesTheJdk() throws IOException {
        boolean jdkHasOne = Providers.jdk().inheritedChannel() != null;
        assertEquals(jdkHasOne, provider().inheritedChannel() != null,
                "inheritedChannel() presence differs from the JDK's");
    }
}
