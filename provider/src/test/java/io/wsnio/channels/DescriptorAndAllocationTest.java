package io.wsnio.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsnio.WsnioSelectorProvider;
import io.wsnio.testkit.OpenSockets;
import io.wsnio.testkit.SteadyState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * No descriptor outlives its channel, even when close races a blocked thread or an interrupt,
 * and the steady-state read/write/select path on direct buffers allocates nothing.
 */
class DescriptorAndAllocationTest {
    private static final int ROUND = 20_000;
    private final WsnioSelectorProvider provider = new WsnioSelectorProvider();

    private static int openDescriptors() {
        return OpenSockets.count();
    }


    private ServerSocketChannel listener() throws Exception {
        return provider.openServerSocketChannel().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /**
     * A listener whose constructor fails after socket() (here its SO_REUSEADDR setsockopt)
     * closes the socket it made.
     */
    @Test
    void aServerChannelConstructorThatFailsAfterSocketLeaksNoDescriptor() throws Exception {
        OpenSockets.assumeCountable();
        io.wsnio.nativeio.NativeNet real = io.wsnio.nativeio.Backends.net();
        io.wsnio.nativeio.NativeNet failing = (io.wsnio.nativeio.NativeNet) java.lang.reflect.Proxy.newProxyInstance(
                io.wsnio.nativeio.NativeNet.class.getClassLoader(), new Class<?>[] {io.wsnio.nativeio.NativeNet.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("setIntOption")) {
                        throw new java.io.IOException("setsockopt failed (test)");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        io.wsnio.SocketSpec tcp = io.wsnio.SocketSpec.of(io.wsnio.SocketSpec.Family.INET, io.wsnio.SocketSpec.Type.STREAM,
                io.wsnio.SocketSpec.Protocol.TCP);
        assumeTrue(!System.getProperty("os.name").startsWith("Windows"),
                "the constructor sets SO_REUSEADDR on every platform but Windows");
        // the baseline once descriptors an earlier test was still releasing are gone
        int before = OpenSockets.settledCount();
        for (int i = 0; i < 20; i++) {
            assertThrows(java.io.IOException.class, () -> new WsnioServerSocketChannel(provider, failing, tcp));
        }
        assertEquals(before, openDescriptors(), "descriptors after 20 failed constructions");
    }

    @Test
    void closeAndInterruptOfBlockedReadersLeakNoDescriptor() throws Exception {
        OpenSockets.assumeCountable();
        try (ServerSocketChannel server = listener()) {
            int before = openDescriptors();
            for (int i = 0; i < 200; i++) {
                SocketChannel client = provider.openSocketChannel();
                client.connect(server.getLocalAddress());
                SocketChannel accepted = server.accept();
                boolean interrupt = i % 2 == 0;
                CompletableFuture<Throwable> reader = new CompletableFuture<>();
                Thread t = new Thread(() -> {
                    try {
                        client.read(ByteBuffer.allocateDirect(16));
                        reader.complete(null);
                    } catch (Throwable e) {
                        reader.complete(e);
                    }
                });
                t.start();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (t.getState() != Thread.State.RUNNABLE || !isInRead(t)) {
                    assertTrue(System.nanoTime() < deadline, "reader never reached the native read");
                    Thread.onSpinWait();
                }
                if (interrupt) {
                    t.interrupt();
                } else {
                    client.close();
                }
                Throwable failure = reader.get(10, TimeUnit.SECONDS);
                Class<?> expected = interrupt ? ClosedByInterruptException.class : AsynchronousCloseException.class;
                assertTrue(expected.isInstance(failure), "expected " + expected.getSimpleName() + ", got " + failure);
                assertTrue(!client.isOpen());
                t.join(10_000);
                accepted.close();
            }
            assertEquals(before, openDescriptors(), "descriptors before and after 200 close/interrupt races");
        }
    }

    private static boolean isInRead(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            // the POSIX backend's read(2), the Winsock backend's recv
            if (e.getClassName().endsWith("LibC") && e.getMethodName().equals("read")
                    || e.getClassName().endsWith("Ws2_32") && e.getMethodName().equals("recv")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void channelsClosedWhileRegisteredAreReleasedByTheSelector() throws Exception {
        OpenSockets.assumeCountable();
        try (ServerSocketChannel server = listener(); Selector selector = provider.openSelector()) {
            int before = openDescriptors();
            for (int i = 0; i < 100; i++) {
                SocketChannel client = provider.openSocketChannel();
                client.connect(server.getLocalAddress());
                SocketChannel accepted = server.accept();
                client.configureBlocking(false).register(selector, SelectionKey.OP_READ);
                accepted.close();
                client.close();
                selector.selectNow(); // deregisters the key, then the handle is released
            }
            assertEquals(0, selector.keys().size());
            assertEquals(before, openDescriptors(), "descriptors before and after 100 register/close cycles");
        }
    }

    @Test
    void readWriteAndSelectOnDirectBuffersAllocateNothing() throws Exception {
        assumeZeroAllocationMeasurable();
        try (ServerSocketChannel server = listener(); Selector selector = provider.openSelector();
             SocketChannel client = provider.openSocketChannel()) {
            client.connect(server.getLocalAddress());
            SocketChannel peer = server.accept();
            peer.configureBlocking(false);
            SelectionKey key = peer.register(selector, SelectionKey.OP_READ);
            ByteBuffer out = ByteBuffer.allocateDirect(64);
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            ByteBuffer[] gather = {ByteBuffer.allocateDirect(8), ByteBuffer.allocateDirect(8)};
            long[] rounds = SteadyState.measure(2, () -> {
                long start = Allocation.bytes();
                for (int i = 0; i < ROUND; i++) {
                    out.clear();
                    client.write(out);
                    gather[0].clear();
                    gather[1].clear();
                    client.write(gather);
                    int n = selector.select(1000);
                    assertEquals(1, n);
                    for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext();) {
                        assertTrue(it.next() == key);
                        it.remove();
                    }
                    int got = 0;
                    while (got < 80) {
                        in.clear();
                        got += peer.read(in);
                    }
                    selector.selectNow();
                }
                return Allocation.bytes() - start;
            });
            SteadyState.assertAllocatesNothing(rounds, ROUND + " write+gather+select+read rounds");
            peer.close();
        }
    }

    /**
     * A blocking echo loop of its own thread, reading and writing through small helper methods
     * (the shape of a thread-per-connection server and of JMH's {@code TcpPingPong} peer), allocates
     * nothing: its loop runs once, so C2 compiles it on the stack (OSR) with the channel's I/O
     * methods as separate roots, and a direct buffer's {@code MemorySegment.ofBuffer} (JDK 22+) is
     * removed only when its whole chain inlines from there. Two wrapper levels too many left a
     * segment and a session per call (128 B per round trip on the foreign bridge).
     */
    @Test
    void anEchoThreadsBlockingLoopAllocatesNothing() throws Exception {
        assumeZeroAllocationMeasurable();
        try (ServerSocketChannel server = listener(); SocketChannel client = provider.openSocketChannel()) {
            client.connect(server.getLocalAddress());
            SocketChannel peer = server.accept();
            Thread echo = new Thread(() -> {
                ByteBuffer buf = ByteBuffer.allocateDirect(8);
                try {
                    while (true) {
                        buf.clear();
                        if (!readFully(peer, buf)) {
                            return;
                        }
                        buf.flip();
                        writeFully(peer, buf);
                    }
                } catch (java.io.IOException e) {
                    // closed at the end
                }
            }, "echo");
            echo.setDaemon(true);
            echo.start();
            ByteBuffer out = ByteBuffer.allocateDirect(8);
            ByteBuffer in = ByteBuffer.allocateDirect(8);
            long[] rounds = SteadyState.measure(3, () -> {
                long start = Allocation.bytes(echo) + Allocation.bytes();
                for (int i = 0; i < ROUND; i++) {
                    out.clear();
                    writeFully(client, out);
                    in.clear();
                    readFully(client, in);
                }
                return Allocation.bytes(echo) + Allocation.bytes() - start;
            });
            peer.close();
            echo.join(5_000);
            SteadyState.assertAllocatesNothing(rounds, ROUND + " 8-byte round trips through an echo thread (both threads)");
        }
    }

    private static boolean readFully(SocketChannel ch, ByteBuffer b) throws java.io.IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                return false;
            }
        }
        return true;
    }

    private static void writeFully(SocketChannel ch, ByteBuffer b) throws java.io.IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /**
     * A receive loop over one sender allocates nothing, IPv4 and IPv6: the sender's sockaddr is
     * compared with the address returned last before anything is decoded (the JDK's channel also
     * keeps its last sender). Decoding it per datagram cost an address's five objects (96 B). Both
     * families warm up first, in turns, so the JIT has seen both before the measured rounds (one
     * family warmed alone left the other to deoptimize a compiled method inside its measured round).
     */
    @Test
    void receiveFromOneSenderAllocatesNothing() throws Exception {
        assumeZeroAllocationMeasurable();
        try (DatagramPair v4 = new DatagramPair(provider, InetAddress.getByName("127.0.0.1"));
             DatagramPair v6 = new DatagramPair(provider, InetAddress.getByName("::1"))) {
            long[] rounds = SteadyState.measure(4, () -> v4.round() + v6.round());
            SteadyState.assertAllocatesNothing(rounds, ROUND + " send+receive rounds from " + v4.from + " and as many from "
                    + v6.from);
        }
    }

    /** A sender and a receiver on one loopback address, both direct buffers. */
    private static final class DatagramPair implements AutoCloseable {
        final java.nio.channels.DatagramChannel receiver;
        final java.nio.channels.DatagramChannel sender;
        final java.net.SocketAddress target;
        final java.net.SocketAddress from;
        final ByteBuffer out = ByteBuffer.allocateDirect(32);
        final ByteBuffer in = ByteBuffer.allocateDirect(64);

        DatagramPair(WsnioSelectorProvider provider, InetAddress host) throws Exception {
            java.net.ProtocolFamily family = host instanceof java.net.Inet6Address
                    ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET;
            receiver = provider.openDatagramChannel(family).bind(new InetSocketAddress(host, 0));
            sender = provider.openDatagramChannel(family).bind(new InetSocketAddress(host, 0));
            target = receiver.getLocalAddress();
            from = sender.getLocalAddress();
        }

        /** {@link #ROUND} datagrams sent and received: the bytes this thread allocated meanwhile. */
        long round() throws Exception {
            long start = Allocation.bytes();
            for (int i = 0; i < ROUND; i++) {
                out.clear();
                sender.send(out, target);
                in.clear();
                java.net.SocketAddress source = receiver.receive(in);
                if (!from.equals(source) || in.position() != 32) {
                    throw new AssertionError("received " + in.position() + " bytes from " + source);
                }
            }
            return Allocation.bytes() - start;
        }

        @Override
        public void close() throws Exception {
            try (receiver; sender) {
                // both closed
            }
        }
    }

    /**
     * A connection costs no more garbage than on the JDK: connect, accept and close of both ends,
     * the bytes per connection of the last of three rounds, each provider in this JVM (the JDK's
     * is 952 on JDK 17 and 25; wsnio's was 1,152 when it read both local addresses eagerly and
     * held two lambdas per channel).
     */
    @Test
    void connectAcceptAndCloseAllocateNoMoreThanOnTheJdk() throws Exception {
        assumeAllocationCountable();
        java.nio.channels.spi.SelectorProvider jdk = java.nio.channels.spi.SelectorProvider.provider();
        assertTrue(!(jdk instanceof WsnioSelectorProvider), "the system-wide provider is the JDK's here");
        double jdkBytes = bytesPerConnection(jdk);
        double wsnioBytes = bytesPerConnection(provider);
        assertTrue(wsnioBytes <= jdkBytes, "bytes per connect+accept+close: wsnio " + wsnioBytes + ", the JDK "
                + jdkBytes);
    }

    private static double bytesPerConnection(java.nio.channels.spi.SelectorProvider p) throws Exception {
        final int n = 2_000;
        try (ServerSocketChannel server = p.openServerSocketChannel()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            java.net.SocketAddress address = server.getLocalAddress();
            long allocated = -1;
            for (int round = 0; round < 3; round++) {
                long start = Allocation.bytes();
                for (int i = 0; i < n; i++) {
                    SocketChannel client = p.openSocketChannel();
                    client.connect(address);
                    SocketChannel accepted = server.accept();
                    accepted.close();
                    client.close();
                }
                allocated = Allocation.bytes() - start;
            }
            return (double) allocated / n;
        }
    }

    /**
     * A connected UDP channel reading into heap buffers with far more room than a datagram can
     * hold (1 MiB, and a scattering read over 2 x 512 KiB) stages through this thread's cached
     * direct buffer: no internet datagram exceeds 65,535 bytes, so a read never needs a direct
     * buffer of the whole room (which a UNIX datagram's read gets, made for that call).
     */
    @Test
    void udpReadsIntoLargeHeapBuffersAllocateNothing() throws Exception {
        assumeZeroAllocationMeasurable();
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (java.nio.channels.DatagramChannel a = provider.openDatagramChannel().bind(loopback);
             java.nio.channels.DatagramChannel b = provider.openDatagramChannel().bind(loopback)) {
            a.connect(b.getLocalAddress());
            b.connect(a.getLocalAddress());
            ByteBuffer out = ByteBuffer.allocateDirect(100);
            ByteBuffer in = ByteBuffer.allocate(1 << 20);
            ByteBuffer[] scatter = {ByteBuffer.allocate(1 << 19), ByteBuffer.allocate(1 << 19)};
            long[] rounds = SteadyState.measure(5, () -> {
                long start = Allocation.bytes();
                for (int i = 0; i < ROUND / 4; i++) {
                    a.write(out.clear());
                    assertEquals(100, b.read(in.clear()));
                    a.write(out.clear());
                    scatter[0].clear();
                    scatter[1].clear();
                    assertEquals(100, b.read(scatter));
                }
                return Allocation.bytes() - start;
            });
            SteadyState.assertAllocatesNothing(rounds, ROUND / 4 + " read+scattering read rounds into 1 MiB of heap room");
        }
    }

    /** Aborts where per-thread allocation cannot be counted. */
    private static void assumeAllocationCountable() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.management").isPresent(),
                "needs the jdk.management module for per-thread allocation counters (absent from jlinked runtimes)");
        assumeTrue(Allocation.supported(), "this JVM does not count allocated bytes per thread");
    }

    /** Aborts where a zero-allocation check cannot be measured. */
    private void assumeZeroAllocationMeasurable() {
        assumeAllocationCountable();
    }

    /** Kept apart so the management classes load only where the module exists. */
    private static final class Allocation {
        static boolean supported() {
            java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
            return bean instanceof com.sun.management.ThreadMXBean
                    && ((com.sun.management.ThreadMXBean) bean).isThreadAllocatedMemorySupported();
        }

        private static final com.sun.management.ThreadMXBean BEAN =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

        /** The bytes this thread allocated so far; the query itself allocates nothing. */
        static long bytes() {
            return BEAN.getCurrentThreadAllocatedBytes();
        }

        /** The bytes another live thread allocated so far. */
        static long bytes(Thread t) {
            return BEAN.getThreadAllocatedBytes(t.getId());
        }
    }
}
