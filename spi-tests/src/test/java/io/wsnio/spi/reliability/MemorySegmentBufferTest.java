package io.wsnio.spi.reliability;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.spi.SelectorProvider;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.wsnio.spi.Providers;

/**
 * Direct buffers backed by a MemorySegment whose arena is already closed (JDK 22+,
 * {@code MemorySegment.asByteBuffer()}): reads, writes, scattering reads and gathering writes on a
 * pipe throw IllegalStateException, as the JDK's channels do, instead of handing the freed
 * memory's address to the kernel. The API is reached by reflection: the tests compile for Java 17.
 */
class MemorySegmentBufferTest {

    /** A 64-byte buffer of a shared arena that has been closed. */
    private static ByteBuffer closedArenaBuffer() throws Exception {
        Class<?> arenaClass = Class.forName("java.lang.foreign.Arena");
        Object arena = arenaClass.getMethod("ofShared").invoke(null);
        Object segment = Class.forName("java.lang.foreign.SegmentAllocator").getMethod("allocate", long.class)
                .invoke(arena, 64L);
        ByteBuffer b = (ByteBuffer) Class.forName("java.lang.foreign.MemorySegment").getMethod("asByteBuffer")
                .invoke(segment);
        arenaClass.getMethod("close").invoke(arena);
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdk", "wsnio"})
    void buffersOfAClosedArenaAreRefusedWithIllegalStateException(String name) throws Exception {
        assumeTrue(Runtime.version().feature() >= 22, "MemorySegment-backed buffers need JDK 22+ (java.lang.foreign)");
        SelectorProvider p = name.equals("jdk") ? Providers.jdk() : Providers.wsnio();
        Pipe pipe = p.openPipe();
        try {
            pipe.source().configureBlocking(false);
            pipe.sink().write(ByteBuffer.wrap(new byte[256]));
            ByteBuffer closed = closedArenaBuffer();
            assertThrows(IllegalStateException.class, () -> pipe.source().read(closed), "read");
            assertThrows(IllegalStateException.class,
                    () -> pipe.source().read(new ByteBuffer[] {ByteBuffer.allocateDirect(4), closed}), "scattering read");
            assertThrows(IllegalStateException.class, () -> pipe.sink().write(closed), "write");
            assertThrows(IllegalStateException.class,
                    () -> pipe.sink().write(new ByteBuffer[] {ByteBuffer.allocateDirect(4), closed}), "gathering write");
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdk", "wsnio"})
    void datagramsWithBuffersOfAClosedArenaAreRefusedWithIllegalStateException(String name) throws Exception {
        assumeTrue(Runtime.version().feature() >= 22, "MemorySegment-backed buffers need JDK 22+ (java.lang.foreign)");
        SelectorProvider p = name.equals("jdk") ? Providers.jdk() : Providers.wsnio();
        try (java.nio.channels.DatagramChannel a = p.openDatagramChannel();
                java.nio.channels.DatagramChannel b = p.openDatagramChannel()) {
            a.bind(new java.net.InetSocketAddress(io.wsnio.spi.TestNet.LOOPBACK4, 0));
            b.bind(new java.net.InetSocketAddress(io.wsnio.spi.TestNet.LOOPBACK4, 0));
            a.configureBlocking(false);
            b.send(ByteBuffer.wrap(new byte[16]), a.getLocalAddress());
            ByteBuffer closed = closedArenaBuffer();
            assertThrows(IllegalStateException.class, () -> a.receive(closed), "receive");
            assertThrows(IllegalStateException.class, () -> b.send(closed, a.getLocalAddress()), "send");
            if (a instanceof io.wsnio.BatchDatagramChannel) {
                io.wsnio.BatchDatagramChannel batch = (io.wsnio.BatchDatagramChannel) a;
                assertThrows(IllegalStateException.class,
                        () -> batch.receiveBatch(new ByteBuffer[] {closed}, 0, 1, null), "receiveBatch");
                assertThrows(IllegalStateException.class,
                        () -> batch.sendBatch(new ByteBuffer[] {closed}, 0, 1, b.getLocalAddress()), "sendBatch");
            }
        }
    }
}
