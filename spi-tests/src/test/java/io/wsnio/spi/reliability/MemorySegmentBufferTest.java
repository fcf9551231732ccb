package io.wsnio.spi.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.spi.SelectorProvider;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    /** An open shared arena and a 64-byte buffer of it: {arena, buffer}. */
    private static Object[] sharedArenaBuffer() throws Exception {
        Object arena = Class.forName("java.lang.foreign.Arena").getMethod("ofShared").invoke(null);
        Object segment = Class.forName("java.lang.foreign.SegmentAllocator").getMethod("allocate", long.class)
                .invoke(arena, 64L);
        ByteBuffer b = (ByteBuffer) Class.forName("java.lang.foreign.MemorySegment").getMethod("asByteBuffer")
                .invoke(segment);
        return new Object[] {arena, b};
    }

    /** Closes the arena; returns what the close threw, or null. */
    private static Throwable close(Object arena) throws Exception {
        try {
            Class.forName("java.lang.foreign.Arena").getMethod("close").invoke(arena);
            return null;
        } catch (java.lang.reflect.InvocationTargetException e) {
            return e.getCause();
        }
    }

    /** Waits until {@code t} is inside the provider's native read or write, then 200 ms more. */
    private static void awaitInNativeCall(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (java.util.Arrays.stream(t.getStackTrace())
                .noneMatch(f -> f.isNativeMethod() || f.getClassName().equals("io.wsnio.backend.posix.LibC"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the thread never reached the native call: " + t.getState());
            }
            Thread.sleep(5);
        }
        Thread.sleep(200);
        assertTrue(t.isAlive(), "still blocked in the call");
    }

    /**
     * A shared arena closed while a thread is blocked in a read or write on one of its buffers: the
     * JDK holds the arena for the call, so close() throws IllegalStateException ("Session is
     * acquired by 1 clients") and the call completes into live memory. wsnio does the same on the
     * foreign bridge, where the buffer's segment is an argument of the downcall; through JNA
     * nothing can hold the arena (docs/reliability.md), so wsnio's case aborts there.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"jdk, read", "jdk, write", "wsnio, read", "wsnio, write"})
    void aSharedArenaCannotBeClosedWhileACallUsesItsBuffer(String name, String op) throws Exception {
        assumeTrue(Runtime.version().feature() >= 22, "MemorySegment-backed buffers need JDK 22+ (java.lang.foreign)");
        SelectorProvider p = name.equals("jdk") ? Providers.jdk() : Providers.wsnio();
        if (p instanceof io.wsnio.WsnioSelectorProvider w) {
            assumeTrue(w.backendName().endsWith("-ffm"), "the backend is " + w.backendName() + ": only the foreign"
                    + " bridge (-Dwsnio.posix.bridge=ffm) holds an arena during a call; JNA cannot");
        }
        Pipe pipe = p.openPipe();
        Object[] ab = sharedArenaBuffer();
        ByteBuffer b = (ByteBuffer) ab[1];
        try {
            int queued = 0;
            if (op.equals("write")) { // fill the pipe so the blocking write waits
                pipe.sink().configureBlocking(false);
                ByteBuffer fill = ByteBuffer.allocateDirect(65536);
                int n;
                while ((n = pipe.sink().write(fill.clear())) > 0) {
                    queued += n;
                }
                pipe.sink().configureBlocking(true);
                b.put(0, (byte) 42);
            }
            java.util.concurrent.CompletableFuture<Object> result = new java.util.concurrent.CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    result.complete(op.equals("read") ? pipe.source().read(b) : pipe.sink().write(b));
                } catch (Throwable e) {
                    result.complete(e);
                }
            });
            t.start();
            awaitInNativeCall(t);
            Throwable closing = close(ab[0]);
            assertTrue(closing instanceof IllegalStateException, "close() while the call runs: " + closing);
            if (op.equals("read")) {
                pipe.sink().write(ByteBuffer.wrap(new byte[] {42}));
                assertEquals(1, result.get(10, java.util.concurrent.TimeUnit.SECONDS), "the read completes");
                assertEquals(42, b.get(0), "into the arena's live memory");
            } else {
                ByteBuffer drain = ByteBuffer.allocateDirect(65536);
                for (int left = queued; left > 0;) { // the filler first, exactly
                    left -= pipe.source().read(drain.clear().limit(Math.min(left, drain.capacity())));
                }
                assertEquals(64, result.get(10, java.util.concurrent.TimeUnit.SECONDS), "the write completes");
                ByteBuffer written = ByteBuffer.allocate(64);
                while (written.hasRemaining()) {
                    pipe.source().read(written);
                }
                assertEquals(42, written.get(0), "from the arena's live memory");
            }
            assertNull(close(ab[0]), "closes once the call is over");
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    /** The same for a datagram receive blocked on a buffer of a shared arena. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdk", "wsnio"})
    void aSharedArenaCannotBeClosedWhileAReceiveUsesItsBuffer(String name) throws Exception {
        assumeTrue(Runtime.version().feature() >= 22, "MemorySegment-backed buffers need JDK 22+ (java.lang.foreign)");
        SelectorProvider p = name.equals("jdk") ? Providers.jdk() : Providers.wsnio();
        if (p instanceof io.wsnio.WsnioSelectorProvider w) {
            assumeTrue(w.backendName().endsWith("-ffm"), "the backend is " + w.backendName() + ": only the foreign"
                    + " bridge (-Dwsnio.posix.bridge=ffm) holds an arena during a call; JNA cannot");
        }
        Object[] ab = sharedArenaBuffer();
        ByteBuffer b = (ByteBuffer) ab[1];
        try (java.nio.channels.DatagramChannel rx = p.openDatagramChannel();
                java.nio.channels.DatagramChannel tx = p.openDatagramChannel()) {
            rx.bind(new java.net.InetSocketAddress(io.wsnio.spi.TestNet.LOOPBACK4, 0));
            tx.bind(new java.net.InetSocketAddress(io.wsnio.spi.TestNet.LOOPBACK4, 0));
            java.util.concurrent.CompletableFuture<Object> result = new java.util.concurrent.CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    result.complete(rx.receive(b));
                } catch (Throwable e) {
                    result.complete(e);
                }
            });
            t.start();
            awaitInNativeCall(t);
            Throwable closing = close(ab[0]);
            assertTrue(closing instanceof IllegalStateException, "close() while the receive runs: " + closing);
            tx.send(ByteBuffer.wrap(new byte[] {42}), rx.getLocalAddress());
            assertEquals(tx.getLocalAddress(), result.get(10, java.util.concurrent.TimeUnit.SECONDS), "the receive completes");
            assertEquals(42, b.get(0), "into the arena's live memory");
            assertNull(close(ab[0]), "closes once the call is over");
        }
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
