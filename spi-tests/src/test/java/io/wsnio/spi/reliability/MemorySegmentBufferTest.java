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
                .noneMatch(f -> f.isNativeMethod() || f.getClassName().equals("io.wsnio.backend.posix.LibC")
                        || f.getClassName().equals("io.wsnio.backend.winsock.Ws2_32"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the thread never reached the native call: " + t.getState());
            }
            Thread.sleep(5);
        }
        Thread.sleep(200);
        assertTrue(t.isAlive(), "still blocked in the call");
    }

    /**
     * A shared arena closed while a thread is blocked in a call on one of its buffers. The JDK holds
     * the arena for the call: close() throws IllegalStateException ("Session is acquired by 1
     * clients") and the call completes into live memory. wsnio does the same where it can hold it,
     * single-buffer calls on the POSIX backend's foreign bridge (the buffer's segment is an argument
     * of the downcall). Everywhere else (JNA; the Winsock backend's foreign bridge; scattering reads
     * and gathering writes, whose buffers travel in an iovec) it copies such a buffer through a direct buffer of its own: the close succeeds,
     * a write completes from the copy, and a read's copy back throws IllegalStateException, so the
     * kernel never uses freed memory.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"jdk, read", "jdk, write", "jdk, receive", "jdk, scattering read", "jdk, gathering write",
            "wsnio, read", "wsnio, write", "wsnio, receive", "wsnio, scattering read", "wsnio, gathering write"})
    void closingASharedArenaDuringACallNeverFreesMemoryTheKernelUses(String name, String op) throws Exception {
        assumeTrue(Runtime.version().feature() >= 22, "MemorySegment-backed buffers need JDK 22+ (java.lang.foreign)");
        SelectorProvider p = name.equals("jdk") ? Providers.jdk() : Providers.wsnio();
        boolean single = !op.contains(" ");
        boolean held = !(p instanceof io.wsnio.WsnioSelectorProvider w)
                || (single && w.backendName().startsWith("posix") && w.backendName().endsWith("-ffm"));
        boolean reading = !op.contains("write");
        Object[] ab = sharedArenaBuffer();
        ByteBuffer b = (ByteBuffer) ab[1];
        b.put(0, (byte) 42);
        Pipe pipe = p.openPipe();
        java.nio.channels.DatagramChannel rx = null;
        java.nio.channels.DatagramChannel tx = null;
        try {
            int queued = 0;
            if (op.equals("receive")) {
                rx = p.openDatagramChannel().bind(new java.net.InetSocketAddress(io.wsnio.spi.TestNet.LOOPBACK4, 0));
                tx = p.openDatagramChannel().bind(new java.net.InetSocketAddress(io.wsnio.spi.TestNet.LOOPBACK4, 0));
            } else if (!reading) { // fill the pipe so the blocking write waits
                pipe.sink().configureBlocking(false);
                ByteBuffer fill = ByteBuffer.allocateDirect(65536);
                int n;
                while ((n = pipe.sink().write(fill.clear())) > 0) {
                    queued += n;
                }
                pipe.sink().configureBlocking(true);
            }
            java.nio.channels.DatagramChannel receiver = rx;
            java.util.concurrent.CompletableFuture<Object> result = new java.util.concurrent.CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    switch (op) {
                        case "read" -> result.complete(pipe.source().read(b));
                        case "write" -> result.complete(pipe.sink().write(b));
                        case "receive" -> result.complete(receiver.receive(b));
                        case "scattering read" -> result.complete(pipe.source().read(new ByteBuffer[] {b}));
                        default -> result.complete(pipe.sink().write(new ByteBuffer[] {b}));
                    }
                } catch (Throwable e) {
                    result.complete(e);
                }
            });
            t.start();
            awaitInNativeCall(t);
            Throwable closing = close(ab[0]);
            if (held) {
                assertTrue(closing instanceof IllegalStateException, "close() while the call runs: " + closing);
            } else {
                assertNull(closing, "close() while the call runs on a copy");
            }
            if (op.equals("receive")) {
                tx.send(ByteBuffer.wrap(new byte[] {42}), rx.getLocalAddress());
            } else if (reading) {
                pipe.sink().write(ByteBuffer.wrap(new byte[] {42}));
            } else {
                ByteBuffer drain = ByteBuffer.allocateDirect(65536);
                for (int left = queued; left > 0;) { // the filler first, exactly
                    left -= pipe.source().read(drain.clear().limit(Math.min(left, drain.capacity())));
                }
            }
            Object r = result.get(10, java.util.concurrent.TimeUnit.SECONDS);
            if (!reading) {
                assertTrue(r instanceof Number n && n.longValue() == 64, "the write completes: " + r);
                ByteBuffer written = ByteBuffer.allocate(64);
                while (written.hasRemaining()) {
                    pipe.source().read(written);
                }
                assertEquals(42, written.get(0), "the buffer's bytes, sent from live memory or a copy");
            } else if (held) {
                if (op.equals("receive")) {
                    assertEquals(tx.getLocalAddress(), r, "the receive completes");
                } else {
                    assertTrue(r instanceof Number n && n.longValue() == 1, "the read completes: " + r);
                }
                assertEquals(42, b.get(0), "into the arena's live memory");
            } else {
                assertTrue(r instanceof IllegalStateException, "the copy back into the closed arena: " + r);
            }
            if (held) {
                assertNull(close(ab[0]), "closes once the call is over");
            }
        } finally {
            pipe.source().close();
            pipe.sink().close();
            if (rx != null) {
                rx.close();
                tx.close();
            }
        }
    }

    /**
     * A live arena's buffer whose position and limit frame a few bytes of a larger capacity (what
     * Netty 4.2's pooled allocator hands out on JDK 24+: views into arena-backed chunks) moves
     * exactly those bytes through write, read, send and receive. The foreign bridge once sliced
     * such a buffer from 0 to its capacity past its limit and threw IndexOutOfBoundsException, so
     * Netty's UDP and HTTP exchanges failed on it.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdk", "wsnio"})
    void aLiveArenasBufferFramedInsideItsCapacityMovesExactlyItsBytes(String name) throws Exception {
        assumeTrue(Runtime.version().feature() >= 22, "MemorySegment-backed buffers need JDK 22+ (java.lang.foreign)");
        SelectorProvider p = name.equals("jdk") ? Providers.jdk() : Providers.wsnio();
        Object[] ab = sharedArenaBuffer();
        ByteBuffer b = (ByteBuffer) ab[1];
        Pipe pipe = p.openPipe();
        java.nio.channels.DatagramChannel rx = p.openDatagramChannel().bind(new java.net.InetSocketAddress(io.wsnio.spi.TestNet.LOOPBACK4, 0));
        java.nio.channels.DatagramChannel tx = p.openDatagramChannel().bind(new java.net.InetSocketAddress(io.wsnio.spi.TestNet.LOOPBACK4, 0));
        try {
            for (int i = 0; i < 64; i++) {
                b.put(i, (byte) i);
            }
            b.clear().position(10).limit(15);
            assertEquals(5, pipe.sink().write(b), "write");
            ByteBuffer got = ByteBuffer.allocate(16);
            assertEquals(5, pipe.source().read(got), "the pipe's bytes");
            assertEquals(10, got.get(0));
            assertEquals(14, got.get(4));
            pipe.sink().write(ByteBuffer.wrap(new byte[] {-1, -2, -3}));
            b.clear().position(20).limit(23);
            assertEquals(3, pipe.source().read(b), "read");
            assertEquals(-1, b.get(20));
            assertEquals(-3, b.get(22));
            assertEquals(23, b.duplicate().clear().get(23), "nothing past the limit");
            b.clear().position(30).limit(34);
            assertEquals(4, tx.send(b, rx.getLocalAddress()), "send");
            ByteBuffer d = ByteBuffer.allocate(16);
            assertEquals(tx.getLocalAddress(), rx.receive(d));
            assertEquals(4, d.position(), "the datagram's size");
            assertEquals(30, d.get(0));
            tx.send(ByteBuffer.wrap(new byte[] {7, 8}), rx.getLocalAddress());
            b.clear().position(40).limit(50);
            assertEquals(tx.getLocalAddress(), rx.receive(b), "receive");
            assertEquals(42, b.position());
            assertEquals(7, b.get(40));
            assertEquals(42, b.duplicate().clear().get(42), "nothing past the datagram");
        } finally {
            pipe.source().close();
            pipe.sink().close();
            rx.close();
            tx.close();
            close(ab[0]);
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
