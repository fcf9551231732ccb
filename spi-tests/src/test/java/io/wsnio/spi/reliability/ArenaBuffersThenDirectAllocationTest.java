package io.wsnio.spi.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsnio.BatchDatagramChannel;
import io.wsnio.WsnioSelectorProvider;
import io.wsnio.testkit.SteadyState;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Zero allocation on ordinary direct buffers in a JVM that has also moved MemorySegment-backed
 * ones (JDK 22+), as a program using Netty 4.2 on JDK 24+ does (its direct memory comes from shared
 * arenas). The JDK's {@code MemorySegment.ofBuffer} finds a buffer's session in one branch whose
 * profile every caller in the JVM shares: once arena-backed buffers have passed through it, C2 no
 * longer removes the heap session it makes for an ordinary buffer, and before wsnio kept its
 * buffers' base addresses ({@code KnownBuffers}) the batch loop below allocated 1,024 B per pair,
 * for good. Here the profile is polluted first, on purpose, through the JDK and through wsnio's
 * own channels; then each loop on ordinary direct buffers must reach a round that allocates
 * nothing. Runs in the {@code allocation} group's JVM (spi-tests/pom.xml).
 */
@Tag("allocation")
class ArenaBuffersThenDirectAllocationTest {
    private static final SelectorProvider WSNIO = new WsnioSelectorProvider();
    private static Object arena;       // java.lang.foreign.Arena, reached by reflection (the tests compile for 17)
    private static ByteBuffer arenaBuffer;

    @BeforeAll
    static void passArenaBuffersThroughEverything() throws Throwable {
        assumeTrue(Runtime.version().feature() >= 22, "MemorySegment-backed buffers need JDK 22+ (java.lang.foreign)");
        assumeTrue(Allocation.supported(), "no per-thread allocation counter in this runtime");
        Class<?> arenaClass = Class.forName("java.lang.foreign.Arena");
        Class<?> segmentClass = Class.forName("java.lang.foreign.MemorySegment");
        arena = arenaClass.getMethod("ofShared").invoke(null);
        Object segment = Class.forName("java.lang.foreign.SegmentAllocator").getMethod("allocate", long.class)
                .invoke(arena, 64L);
        arenaBuffer = (ByteBuffer) segmentClass.getMethod("asByteBuffer").invoke(segment);
        MethodHandle ofBuffer = MethodHandles.publicLookup().findStatic(segmentClass, "ofBuffer",
                MethodType.methodType(segmentClass, java.nio.Buffer.class))
                .asType(MethodType.methodType(Object.class, ByteBuffer.class));
        ByteBuffer ordinary = ByteBuffer.allocateDirect(64);
        for (int i = 0; i < 200_000; i++) {
            Object a = ofBuffer.invokeExact(arenaBuffer);
            Object b = ofBuffer.invokeExact(ordinary);
            assertEquals(a == b, false);
        }
        try (TcpPair tcp = new TcpPair(); DatagramPair udp = new DatagramPair()) {
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            ByteBuffer[] pair = {arenaBuffer, ByteBuffer.allocateDirect(8)};
            for (int i = 0; i < 20_000; i++) {
                arenaBuffer.clear();
                tcp.client.write(arenaBuffer);
                tcp.readFully(in, 64);
                arenaBuffer.clear();
                pair[1].clear();
                tcp.client.write(pair);
                tcp.readFully(in, 72);
                arenaBuffer.clear();
                udp.tx.write(arenaBuffer);
                arenaBuffer.clear();
                udp.rx.receive(arenaBuffer);
            }
        }
    }

    @AfterAll
    static void closeArena() throws Exception {
        if (arena != null) {
            Class.forName("java.lang.foreign.Arena").getMethod("close").invoke(arena);
        }
    }

    @Test
    void streamReadsAndWritesOfOneAndOfSeveralBuffers() throws Exception {
        try (TcpPair tcp = new TcpPair()) {
            ByteBuffer out = ByteBuffer.allocateDirect(64);
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            ByteBuffer[] gather = {ByteBuffer.allocateDirect(8), ByteBuffer.allocateDirect(16)};
            ByteBuffer[] scatter = {ByteBuffer.allocateDirect(8), ByteBuffer.allocateDirect(16)};
            int rounds = 10_000;
            long[] measured = SteadyState.measure(2, () -> {
                long before = Allocation.bytes();
                for (int i = 0; i < rounds; i++) {
                    out.clear();
                    tcp.client.write(out);
                    tcp.readFully(in, 64);
                    gather[0].clear();
                    gather[1].clear();
                    tcp.client.write(gather);
                    scatter[0].clear();
                    scatter[1].clear();
                    long got = 0;
                    while (got < 24) {
                        got += tcp.peer.read(scatter);
                    }
                }
                return Allocation.bytes() - before;
            });
            SteadyState.assertAllocatesNothing(measured, rounds + " write+read and gather+scatter rounds after arena buffers");
        }
    }

    @Test
    void datagramSendsAndReceives() throws Exception {
        try (DatagramPair udp = new DatagramPair()) {
            ByteBuffer out = ByteBuffer.allocateDirect(64);
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            java.net.SocketAddress to = udp.rx.getLocalAddress();
            int rounds = 10_000;
            long[] measured = SteadyState.measure(2, () -> {
                long before = Allocation.bytes();
                for (int i = 0; i < rounds; i++) {
                    out.clear();
                    udp.tx.send(out, to);
                    in.clear();
                    udp.rx.receive(in);
                    out.clear();
                    udp.tx.write(out);
                    in.clear();
                    udp.rx.read(in);
                }
                return Allocation.bytes() - before;
            });
            SteadyState.assertAllocatesNothing(measured, rounds + " send+receive and write+read rounds after arena buffers");
        }
    }

    @Test
    void batchesOfSixteen() throws Exception {
        try (DatagramPair udp = new DatagramPair()) {
            BatchDatagramChannel tx = (BatchDatagramChannel) udp.tx;
            BatchDatagramChannel rx = (BatchDatagramChannel) udp.rx;
            ByteBuffer[] out = new ByteBuffer[16];
            ByteBuffer[] in = new ByteBuffer[16];
            for (int i = 0; i < 16; i++) {
                out[i] = ByteBuffer.allocateDirect(64);
                in[i] = ByteBuffer.allocateDirect(64);
            }
            int pairs = 10_000;
            long[] measured = SteadyState.measure(2, () -> {
                long before = Allocation.bytes();
                for (int r = 0; r < pairs; r++) {
                    for (int i = 0; i < 16; i++) {
                        out[i].clear();
                        in[i].clear();
                    }
                    int sent = tx.sendBatch(out, 0, 16, null);
                    int got = 0;
                    while (got < sent) {
                        got += rx.receiveBatch(in, got, sent - got, null);
                    }
                }
                return Allocation.bytes() - before;
            });
            SteadyState.assertAllocatesNothing(measured, pairs + " sendBatch+receiveBatch pairs after arena buffers");
        }
    }

    /** A connected wsnio TCP pair on loopback, both ends blocking. */
    private static final class TcpPair implements AutoCloseable {
        final ServerSocketChannel server;
        final SocketChannel client;
        final SocketChannel peer;

        TcpPair() throws java.io.IOException {
            server = WSNIO.openServerSocketChannel().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            client = WSNIO.openSocketChannel();
            client.connect(server.getLocalAddress());
            peer = server.accept();
        }

        /** Reads {@code n} bytes at the peer into {@code in}, from its start. */
        void readFully(ByteBuffer in, int n) throws java.io.IOException {
            int got = 0;
            while (got < n) {
                in.clear().limit(Math.min(in.capacity(), n - got));
                got += peer.read(in);
            }
        }

        @Override
        public void close() throws java.io.IOException {
            try (server; client; peer) {
                // closed in reverse order
            }
        }
    }

    /** Two connected wsnio UDP channels on loopback, both blocking; a 1 MiB receive buffer. */
    private static final class DatagramPair implements AutoCloseable {
        final DatagramChannel tx;
        final DatagramChannel rx;

        DatagramPair() throws java.io.IOException {
            rx = WSNIO.openDatagramChannel().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            rx.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
            tx = WSNIO.openDatagramChannel().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            tx.connect(rx.getLocalAddress());
            rx.connect(tx.getLocalAddress());
        }

        @Override
        public void close() throws java.io.IOException {
            try (tx; rx) {
                // closed in reverse order
            }
        }
    }

    /** The per-thread allocation counter, kept apart so its module's types load only where it exists. */
    private static final class Allocation {
        static boolean supported() {
            try {
                java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
                return bean instanceof com.sun.management.ThreadMXBean
                        && ((com.sun.management.ThreadMXBean) bean).isThreadAllocatedMemorySupported();
            } catch (LinkageError e) {
                return false;
            }
        }

        private static final com.sun.management.ThreadMXBean BEAN =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

        static long bytes() {
            return BEAN.getCurrentThreadAllocatedBytes();
        }
    }
}
