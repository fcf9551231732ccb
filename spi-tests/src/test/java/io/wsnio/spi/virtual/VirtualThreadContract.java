package io.wsnio.spi.virtual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.spi.ConnectedPair;
import io.wsnio.spi.TestNet;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Blocking operations on virtual threads: while an operation waits, the virtual thread is parked
 * (WAITING or TIMED_WAITING), never RUNNABLE in a system call that holds its carrier; it completes
 * when the peer acts; close, interrupt and shutdown end the wait as on a platform thread; a stray
 * {@code LockSupport.unpark} never ends it. The JDK's provider (the oracle) and wsnio run the same
 * tests; on JDK 17-20 they abort (no virtual threads).
 */
@Timeout(60)
public abstract class VirtualThreadContract {

    protected abstract SelectorProvider provider();

    @BeforeEach
    void needVirtualThreads() {
        VirtualThreads.assumeAvailable();
    }

    private static ByteBuffer bytes(int n) {
        ByteBuffer b = ByteBuffer.allocateDirect(n);
        for (int i = 0; i < n; i++) {
            b.put(i, (byte) (i * 7 + 1));
        }
        return b;
    }

    @Test
    void readParksThenCompletes() throws Exception {
        try (ConnectedPair p = ConnectedPair.open(provider())) {
            var t = VirtualThreads.start(() -> {
                ByteBuffer dst = ByteBuffer.allocateDirect(16);
                int n = p.server().read(dst);
                return n;
            }).awaitParked();
            p.client().write(bytes(5));
            assertEquals(5, t.get());
        }
    }

    @Test
    void heapScatteringReadParksThenCompletes() throws Exception {
        try (ConnectedPair p = ConnectedPair.open(provider())) {
            var t = VirtualThreads.start(() -> {
                ByteBuffer[] dsts = {ByteBuffer.allocate(2), ByteBuffer.allocate(8)};
                long n = p.server().read(dsts);
                return n + ":" + dsts[0].position() + "," + dsts[1].position();
            }).awaitParked();
            p.client().write(bytes(6));
            assertEquals("6:2,4", t.get());
        }
    }

    @Test
    void strayUnparksDoNotEndARead() throws Exception {
        try (ConnectedPair p = ConnectedPair.open(provider())) {
            var t = VirtualThreads.start(() -> p.server().read(ByteBuffer.allocateDirect(8))).awaitParked();
            for (int i = 0; i < 5; i++) {
                LockSupport.unpark(t.thread());
                Thread.sleep(10);
                t.assertStillWaiting();
            }
            t.awaitParked();
            p.client().write(bytes(3));
            assertEquals(3, t.get());
        }
    }

    /** Blocking writes of 64 KiB until {@code total} bytes are written: with nobody reading, one parks once the buffers are full. */
    static long writeUntil(java.nio.channels.WritableByteChannel ch, long total) throws java.io.IOException {
        ByteBuffer src = ByteBuffer.allocateDirect(1 << 16);
        long written = 0;
        while (written < total) {
            src.clear();
            src.limit((int) Math.min(src.capacity(), total - written));
            // the JDK's blocking write on a virtual thread may return after part of the buffer
            while (src.hasRemaining()) {
                written += ch.write(src);
            }
        }
        return written;
    }

    /** Reads and discards {@code total} bytes. */
    static void drain(java.nio.channels.ReadableByteChannel ch, long total) throws java.io.IOException {
        ByteBuffer sink = ByteBuffer.allocateDirect(1 << 16);
        long got = 0;
        while (got < total) {
            sink.clear();
            int n = ch.read(sink);
            if (n < 0) {
                throw new AssertionError("end of stream after " + got + " of " + total);
            }
            got += n;
        }
    }

    private static final long MORE_THAN_THE_BUFFERS = 64L << 20;

    @Test
    void writeParksUntilThePeerDrains() throws Exception {
        try (ConnectedPair p = ConnectedPair.open(provider())) {
            var t = VirtualThreads.start(() -> writeUntil(p.client(), MORE_THAN_THE_BUFFERS)).awaitParked();
            drain(p.server(), MORE_THAN_THE_BUFFERS);
            assertEquals(MORE_THAN_THE_BUFFERS, t.get());
        }
    }

    @Test
    void acceptParksThenCompletes() throws Exception {
        try (ServerSocketChannel listener = provider().openServerSocketChannel()) {
            listener.bind(new InetSocketAddress(TestNet.LOOPBACK4, 0));
            var t = VirtualThreads.start(listener::accept).awaitParked();
            try (SocketChannel c = provider().openSocketChannel()) {
                c.connect(listener.getLocalAddress());
                try (SocketChannel accepted = t.get()) {
                    assertEquals(c.getLocalAddress(), accepted.getRemoteAddress());
                }
            }
        }
    }

    @Test
    void acceptAdaptorTimesOutParked() throws Exception {
        try (ServerSocketChannel listener = provider().openServerSocketChannel()) {
            listener.bind(new InetSocketAddress(TestNet.LOOPBACK4, 0));
            listener.socket().setSoTimeout(300);
            long t0 = System.nanoTime();
            var t = VirtualThreads.start(() -> listener.socket().accept()).awaitParked();
            assertInstanceOf(SocketTimeoutException.class, assertThrows(Exception.class, t::get));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 290 && ms < 5_000, "timed out after " + ms + " ms");
        }
    }

    @Test
    void streamAdaptorReadParksAndTimesOut() throws Exception {
        try (ConnectedPair p = ConnectedPair.open(provider())) {
            p.server().socket().setSoTimeout(300);
            InputStream in = p.server().socket().getInputStream();
            var t = VirtualThreads.start(in::read).awaitParked();
            assertEquals(Thread.State.TIMED_WAITING, t.thread().getState());
            assertInstanceOf(SocketTimeoutException.class, assertThrows(Exception.class, t::get));
            // and without a time-out, a byte ends the wait
            p.server().socket().setSoTimeout(0);
            var u = VirtualThreads.start(in::read).awaitParked();
            assertEquals(Thread.State.WAITING, u.thread().getState());
            p.client().write(ByteBuffer.wrap(new byte[] {42}));
            assertEquals(42, u.get());
        }
    }

    @Test
    void connectParksUntilTheListenerHasRoom() throws Exception {
        List<AutoCloseable> fillers = new ArrayList<>();
        try (SocketChannel c = provider().openSocketChannel()) {
            ServerSocketChannel full = TestNet.fullListener(fillers);
            var t = VirtualThreads.start(() -> c.connect(full.getLocalAddress())).awaitParked();
            full.configureBlocking(false);
            while (!t.result().isDone()) {
                SocketChannel a = full.accept();
                if (a != null) {
                    fillers.add(a);
                } else {
                    Thread.sleep(5);
                }
            }
            assertTrue(t.get());
            assertTrue(c.isConnected());
        } finally {
            closeAll(fillers);
        }
    }

    @Test
    void closeEndsAParkedConnect() throws Exception {
        List<AutoCloseable> fillers = new ArrayList<>();
        try {
            ServerSocketChannel full = TestNet.fullListener(fillers);
            SocketChannel c = provider().openSocketChannel();
            var t = VirtualThreads.start(() -> c.connect(full.getLocalAddress())).awaitParked();
            c.close();
            assertInstanceOf(AsynchronousCloseException.class, assertThrows(Exception.class, t::get));
        } finally {
            closeAll(fillers);
        }
    }

    private static void closeAll(List<AutoCloseable> resources) throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    @Test
    void receiveParksThenCompletes() throws Exception {
        try (DatagramChannel rx = provider().openDatagramChannel();
                DatagramChannel tx = provider().openDatagramChannel()) {
            rx.bind(new InetSocketAddress(TestNet.LOOPBACK4, 0));
            var t = VirtualThreads.start(() -> {
                ByteBuffer dst = ByteBuffer.allocateDirect(64);
                SocketAddress from = rx.receive(dst);
                return from + "/" + dst.position();
            }).awaitParked();
            tx.bind(new InetSocketAddress(TestNet.LOOPBACK4, 0));
            tx.send(bytes(9), rx.getLocalAddress());
            assertEquals(tx.getLocalAddress() + "/9", t.get());
        }
    }

    @Test
    void connectedDatagramReadParksThenCompletes() throws Exception {
        try (DatagramChannel rx = provider().openDatagramChannel();
                DatagramChannel tx = provider().openDatagramChannel()) {
            rx.bind(new InetSocketAddress(TestNet.LOOPBACK4, 0));
            tx.bind(new InetSocketAddress(TestNet.LOOPBACK4, 0));
            rx.connect(tx.getLocalAddress());
            var t = VirtualThreads.start(() -> rx.read(ByteBuffer.allocate(64))).awaitParked();
            tx.send(bytes(4), rx.getLocalAddress());
            assertEquals(4, t.get());
        }
    }

    @Test
    void datagramAdaptorReceiveTimesOutParked() throws Exception {
        try (DatagramChannel rx = provider().openDatagramChannel()) {
            rx.bind(new InetSocketAddress(TestNet.LOOPBACK4, 0));
            rx.socket().setSoTimeout(300);
            var t = VirtualThreads.start(() -> {
                rx.socket().receive(new java.net.DatagramPacket(new byte[16], 16));
                return null;
            }).awaitParked();
            assertInstanceOf(SocketTimeoutException.class, assertThrows(Exception.class, t::get));
        }
    }

    @Test
    void pipeSourceAndSinkPark() throws Exception {
        Pipe pipe = provider().openPipe();
        try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            var r = VirtualThreads.start(() -> source.read(ByteBuffer.allocateDirect(8))).awaitParked();
            sink.write(bytes(3));
            assertEquals(3, r.get());
            var w = VirtualThreads.start(() -> writeUntil(sink, MORE_THAN_THE_BUFFERS)).awaitParked();
            drain(source, MORE_THAN_THE_BUFFERS);
            assertEquals(MORE_THAN_THE_BUFFERS, w.get());
        }
    }

    @Test
    void selectParksUntilReadyOrWakeup() throws Exception {
        try (Selector sel = provider().openSelector(); ConnectedPair p = ConnectedPair.open(provider())) {
            p.server().configureBlocking(false);
            SelectionKey key = p.server().register(sel, SelectionKey.OP_READ);
            var t = VirtualThreads.start(sel::select).awaitParked();
            p.client().write(bytes(1));
            assertEquals(1, t.get());
            assertTrue(sel.selectedKeys().contains(key));
            sel.selectedKeys().clear();
            p.server().read(ByteBuffer.allocate(8));
            var u = VirtualThreads.start(() -> sel.select(60_000)).awaitParked();
            sel.wakeup();
            assertEquals(0, u.get());
            long t0 = System.nanoTime();
            var v = VirtualThreads.start(() -> sel.select(300)).awaitParked();
            assertEquals(0, v.get());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 290 && ms < 5_000, "select(300) took " + ms + " ms");
        }
    }

    @Test
    void selectorCloseEndsAParkedSelect() throws Exception {
        Selector sel = provider().openSelector();
        var t = VirtualThreads.start(sel::select).awaitParked();
        sel.close();
        assertEquals(0, t.get());
    }

    @Test
    void interruptEndsAParkedSelect() throws Exception {
        try (Selector sel = provider().openSelector()) {
            var t = VirtualThreads.start(() -> {
                int n = sel.select();
                return n + ":" + Thread.currentThread().isInterrupted();
            }).awaitParked();
            t.thread().interrupt();
            assertEquals("0:true", t.get());
            assertTrue(sel.isOpen());
        }
    }

    @Test
    void closeEndsAParkedRead() throws Exception {
        try (ConnectedPair p = ConnectedPair.open(provider())) {
            var t = VirtualThreads.start(() -> p.server().read(ByteBuffer.allocateDirect(8))).awaitParked();
            p.server().close();
            assertInstanceOf(AsynchronousCloseException.class, assertThrows(Exception.class, t::get));
        }
    }

    @Test
    void closeEndsAParkedAcceptAndWrite() throws Exception {
        try (ServerSocketChannel listener = provider().openServerSocketChannel()) {
            listener.bind(new InetSocketAddress(TestNet.LOOPBACK4, 0));
            var t = VirtualThreads.start(listener::accept).awaitParked();
            listener.close();
            assertInstanceOf(AsynchronousCloseException.class, assertThrows(Exception.class, t::get));
        }
        try (ConnectedPair p = ConnectedPair.open(provider())) {
            var t = VirtualThreads.start(() -> writeUntil(p.client(), MORE_THAN_THE_BUFFERS)).awaitParked();
            p.client().close();
            // the parked write ends: AsynchronousCloseException, or (after a short write that
            // returned what it had sent) the next write's ClosedChannelException
            assertInstanceOf(java.nio.channels.ClosedChannelException.class, assertThrows(Exception.class, t::get));
        }
    }

    /**
     * Closes from a platform thread while virtual threads keep every carrier busy (256 connections
     * ping-ponging): each close returns at once, though the channel's own virtual thread is in the
     * middle of its exchange (a close never waits for a virtual thread, which may need a carrier
     * to leave).
     */
    @Test
    void closeIsPromptWhileVirtualThreadsKeepTheCarriersBusy() throws Exception {
        List<ConnectedPair> busy = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<VirtualThreads.Task<Integer>> loops = new ArrayList<>();
        try {
            for (int i = 0; i < 256; i++) {
                ConnectedPair p = ConnectedPair.open(provider());
                busy.add(p);
                loops.add(VirtualThreads.start(() -> echo(p.server(), stop)));
                loops.add(VirtualThreads.start(() -> pingPong(p.client(), stop)));
            }
            Thread.sleep(1_000);
            long t0 = System.nanoTime();
            for (ConnectedPair p : busy) {
                long t1 = System.nanoTime();
                p.client().close();
                long ms = (System.nanoTime() - t1) / 1_000_000;
                assertTrue(ms < 1_000, "a close took " + ms + " ms");
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 5_000, "256 closes took " + ms + " ms");
        } finally {
            stop.set(true);
            for (ConnectedPair p : busy) {
                p.close();
            }
        }
        for (var l : loops) {
            assertTrue(l.get() >= 0);
        }
    }

    private static int echo(SocketChannel ch, java.util.concurrent.atomic.AtomicBoolean stop) {
        ByteBuffer b = ByteBuffer.allocateDirect(8);
        int n = 0;
        try {
            while (!stop.get()) {
                b.clear();
                if (ch.read(b) < 0) {
                    break;
                }
                b.flip();
                ch.write(b);
                n++;
            }
        } catch (java.io.IOException closed) {
            // the pairs are closed at the end
        }
        return n;
    }

    private static int pingPong(SocketChannel ch, java.util.concurrent.atomic.AtomicBoolean stop) {
        ByteBuffer b = ByteBuffer.allocateDirect(8);
        int n = 0;
        try {
            while (!stop.get()) {
                b.clear();
                ch.write(b);
                b.clear();
                while (b.hasRemaining()) {
                    if (ch.read(b) < 0) {
                        return n;
                    }
                }
                n++;
            }
        } catch (java.io.IOException closed) {
            // the pairs are closed at the end
        }
        return n;
    }

    @Test
    void interruptClosesTheChannelOfAParkedRead() throws Exception {
        try (ConnectedPair p = ConnectedPair.open(provider())) {
            var t = VirtualThreads.start(() -> {
                try {
                    return p.server().read(ByteBuffer.allocateDirect(8));
                } catch (ClosedByInterruptException e) {
                    assertTrue(Thread.currentThread().isInterrupted(), "interrupt status kept");
                    throw e;
                }
            }).awaitParked();
            t.thread().interrupt();
            assertInstanceOf(ClosedByInterruptException.class, assertThrows(Exception.class, t::get));
            assertFalse(p.server().isOpen());
        }
    }

    @Test
    void interruptEndsAParkedReceive() throws Exception {
        try (DatagramChannel rx = provider().openDatagramChannel()) {
            rx.bind(new InetSocketAddress(TestNet.LOOPBACK4, 0));
            var t = VirtualThreads.start(() -> rx.receive(ByteBuffer.allocateDirect(8))).awaitParked();
            t.thread().interrupt();
            assertInstanceOf(ClosedByInterruptException.class, assertThrows(Exception.class, t::get));
            assertFalse(rx.isOpen());
        }
    }

    @Test
    void shutdownInputEndsAParkedReadWithEndOfStream() throws Exception {
        try (ConnectedPair p = ConnectedPair.open(provider())) {
            var t = VirtualThreads.start(() -> p.server().read(ByteBuffer.allocateDirect(8))).awaitParked();
            p.server().shutdownInput();
            assertEquals(-1, t.get());
            assertTrue(p.server().isOpen());
        }
    }

    @Test
    void platformAndVirtualThreadsTakeTurns() throws Exception {
        try (ConnectedPair p = ConnectedPair.open(provider())) {
            for (int round = 0; round < 4; round++) {
                var v = VirtualThreads.start(() -> p.server().read(ByteBuffer.allocateDirect(8))).awaitParked();
                p.client().write(bytes(2));
                assertEquals(2, v.get());
                // a platform thread reading the same channel now blocks, and still gets its data
                var platform = io.wsnio.spi.Background.start("platform-read",
                        () -> p.server().read(ByteBuffer.allocateDirect(8)));
                Thread.sleep(50);
                p.client().write(bytes(3));
                assertEquals(3, platform.get());
            }
            // and a blocking write from a platform thread that must wait for room
            p.client().setOption(StandardSocketOptions.SO_SNDBUF, 8192);
            int size = 2 << 20;
            var w = io.wsnio.spi.Background.start("platform-write", () -> p.client().write(ByteBuffer.allocateDirect(size)));
            ByteBuffer b = ByteBuffer.allocateDirect(1 << 16);
            long got = 0;
            while (got < size) {
                b.clear();
                got += p.server().read(b);
            }
            assertEquals(size, w.get());
        }
    }

    /** Many virtual threads parked in reads (more than there are carriers) do not stop an active connection. */
    @Test
    void parkedReadersDoNotStarveOthers() throws Exception {
        int idle = 200;
        List<ConnectedPair> pairs = new ArrayList<>();
        List<VirtualThreads.Task<Integer>> readers = new ArrayList<>();
        try {
            for (int i = 0; i < idle; i++) {
                ConnectedPair p = ConnectedPair.open(provider());
                pairs.add(p);
                readers.add(VirtualThreads.start(() -> p.server().read(ByteBuffer.allocateDirect(8))));
            }
            try (ConnectedPair active = ConnectedPair.open(provider())) {
                var echo = VirtualThreads.start(() -> {
                    ByteBuffer b = ByteBuffer.allocateDirect(8);
                    for (int i = 0; i < 1000; i++) {
                        b.clear();
                        active.server().read(b);
                        b.flip();
                        active.server().write(b);
                    }
                    return 1000;
                });
                var client = VirtualThreads.start(() -> {
                    ByteBuffer b = ByteBuffer.allocateDirect(8);
                    for (int i = 0; i < 1000; i++) {
                        b.clear();
                        active.client().write(b);
                        b.clear();
                        while (b.hasRemaining()) {
                            active.client().read(b);
                        }
                    }
                    return 1000;
                });
                assertEquals(1000, client.get());
                assertEquals(1000, echo.get());
            }
            for (int i = 0; i < idle; i++) {
                pairs.get(i).client().write(bytes(1));
            }
            for (var r : readers) {
                assertEquals(1, r.get());
            }
        } finally {
            for (ConnectedPair p : pairs) {
                p.close();
            }
        }
    }

    @Test
    void parkedAcceptorsAndSelectorsDoNotStarveOthers() throws Exception {
        int idle = 50;
        List<AutoCloseable> toClose = new ArrayList<>();
        List<VirtualThreads.Task<?>> waiting = new ArrayList<>();
        try {
            for (int i = 0; i < idle; i++) {
                ServerSocketChannel l = provider().openServerSocketChannel();
                toClose.add(l);
                l.bind(new InetSocketAddress(TestNet.LOOPBACK4, 0));
                waiting.add(VirtualThreads.start(l::accept));
                Selector s = provider().openSelector();
                toClose.add(s);
                waiting.add(VirtualThreads.start(s::select));
                DatagramChannel d = provider().openDatagramChannel();
                toClose.add(d);
                d.bind(new InetSocketAddress(TestNet.LOOPBACK4, 0));
                waiting.add(VirtualThreads.start(() -> d.receive(ByteBuffer.allocate(8))));
            }
            try (ConnectedPair active = ConnectedPair.open(provider())) {
                var reader = VirtualThreads.start(() -> TestNet.readFully(active.server(), 3));
                active.client().write(bytes(3));
                assertArrayEquals(new byte[] {1, 8, 15}, reader.get());
            }
            for (var w : waiting) {
                w.assertStillWaiting();
            }
        } finally {
            for (AutoCloseable c : toClose) {
                c.close();
            }
        }
        for (var w : waiting) {
            // closed under them: each ends (an asynchronous close; a selector's select returns 0)
            try {
                Object r = w.get();
                assertEquals(0, r);
            } catch (AsynchronousCloseException expected) {
                assertNotNull(expected);
            }
        }
    }
}
