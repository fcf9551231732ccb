package io.wsnio.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Writes from heap buffers, JDK (the oracle) and wsnio: the cases a heap write path (staged
 * through a direct buffer, or, as once tried on the foreign bridge, sent from the array itself)
 * could get wrong: a blocking write bigger than the socket's buffers (every byte, in order), a heap
 * slice (array offset), a full non-blocking socket (0), and close and interrupt while the blocking
 * write waits for room.
 */
class HeapWriteTest {

    static Stream<String> providers() {
        return Stream.of("jdk", "wsnio");
    }

    private static SelectorProvider provider(String name) {
        return name.equals("jdk") ? Providers.jdk() : Providers.wsnio();
    }

    /** The JDK's blocking write is not woken by close or interrupt under Wine (wsnio's is). */
    private static void assumeNotTheJdkUnderWine(String name) {
        Assumptions.assumeFalse(name.equals("jdk") && Boolean.getBoolean("wsnio.test.wine"),
                "under Wine the JDK's blocking send (SocketDispatcher.write0) stays blocked through close and"
                + " interrupt (Wine does not abort it when the socket is closed); wsnio's case runs");
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aBlockingHeapWriteLargerThanTheBuffersDeliversEveryByte(String name) throws Exception {
        try (ConnectedPair p = ConnectedPair.open(provider(name))) {
            byte[] data = random(8 << 20, 1);
            Background<Integer> writer = Background.start("heap-writer", () -> p.client().write(ByteBuffer.wrap(data)));
            byte[] got = TestNet.readFully(p.server(), data.length);
            assertEquals(data.length, writer.get(), "a blocking write writes everything");
            assertArrayEquals(data, got);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aHeapSliceSendsItsOwnBytes(String name) throws Exception {
        try (ConnectedPair p = ConnectedPair.open(provider(name))) {
            byte[] data = random(1000, 2);
            ByteBuffer slice = ByteBuffer.wrap(data, 100, 800).slice(); // array offset 100
            slice.position(7).limit(707);
            assertEquals(700, p.client().write(slice));
            assertEquals(707, slice.position());
            byte[] expected = java.util.Arrays.copyOfRange(data, 107, 807);
            assertArrayEquals(expected, TestNet.readFully(p.server(), 700));
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aFullNonBlockingSocketTakesNothingFromAHeapBuffer(String name) throws Exception {
        try (ConnectedPair p = ConnectedPair.open(provider(name))) {
            SocketChannel c = p.client();
            c.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            long total = 0;
            int n;
            do {
                chunk.clear();
                n = c.write(chunk);
                total += n;
                assertTrue(total < (1L << 30), "1 GiB accepted without a reader");
            } while (n > 0);
            assertEquals(0, n);
            assertTrue(chunk.hasRemaining(), "the last write took nothing");
            TestNet.readFully(p.server(), (int) total);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void closeWakesABlockingHeapWriteWaitingForRoom(String name) throws Exception {
        assumeNotTheJdkUnderWine(name);
        try (ConnectedPair p = ConnectedPair.open(provider(name))) {
            Background<Integer> writer = Background.start("heap-writer", () -> {
                ByteBuffer b = ByteBuffer.allocate(1 << 20);
                for (;;) {
                    b.clear();
                    p.client().write(b);
                }
            });
            writer.awaitBlocked(); // the buffers are full and the writer waits for room
            assertTrue(writer.thread().isAlive(), "the writer should be blocked");
            p.client().close();
            // the blocked write had sent part of its buffer, so it returns that count (as the JDK's
            // does) and the loop's next write finds the channel closed: either exception is right
            Throwable t = writer.failure();
            assertTrue(t instanceof ClosedChannelException, "close of a blocked heap write: " + t);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void interruptWakesABlockingHeapWriteWaitingForRoom(String name) throws Exception {
        assumeNotTheJdkUnderWine(name);
        Pipe pipe = provider(name).openPipe();
        try {
            Background<Integer> writer = Background.start("heap-writer", () -> {
                ByteBuffer b = ByteBuffer.allocate(1 << 20);
                for (;;) {
                    b.clear();
                    pipe.sink().write(b);
                }
            });
            writer.awaitBlocked();
            assertTrue(writer.thread().isAlive(), "the writer should be blocked");
            writer.interruptBounded();
            Throwable t = writer.failure();
            assertTrue(t instanceof ClosedByInterruptException, "interrupt of a blocked heap write: " + t);
            assertFalse(pipe.sink().isOpen());
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }
}
