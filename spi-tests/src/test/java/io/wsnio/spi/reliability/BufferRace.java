package io.wsnio.spi.reliability;

import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A racing caller's buffers: each is a slice of a larger direct buffer with {@value #CANARY_LEN}
 * canary bytes before and after it, while a second thread keeps flipping the slices' limit and
 * position (including a limit below the position another thread has just read). {@link #run}
 * calls an I/O operation on the slices in a loop for a while; afterwards no canary byte may have
 * changed (a read or receive that wrote outside the slice), and a write's receiver checks with
 * {@link #isPayload} that nothing but slice bytes left (a send of memory beyond the slice).
 *
 * <p>The buffers are not thread-safe, so a racing caller may see the exceptions a
 * {@code ByteBuffer} throws when its position or limit moved under it
 * ({@link #tolerated}); any other exception, an {@link IOException} included (a kernel's
 * EFAULT or EINVAL from a bad length), ends the run as a failure.
 */
public final class BufferRace {

    /** Bytes before and after every slice. */
    public static final int CANARY_LEN = 4096;
    /** The canary value (never a payload byte). */
    public static final byte CANARY = (byte) 0xC5;
    /** What write slices hold and what a read test's peer sends. */
    public static final byte PAYLOAD = (byte) 0x5A;

    /** Calls a run makes at least, unless it has taken 20 times its duration. */
    public static final int MIN_CALLS = 1000;

    /** One I/O call on the racing slices. */
    @FunctionalInterface
    public interface Op {
        void call(ByteBuffer[] slices) throws IOException;
    }

    private final ByteBuffer[] backing;
    private final ByteBuffer[] slices;
    private final int sliceLen;

    /** {@code count} slices of {@code sliceLen} bytes, each filled with {@link #PAYLOAD}. */
    public BufferRace(int count, int sliceLen) {
        this.sliceLen = sliceLen;
        backing = new ByteBuffer[count];
        slices = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(CANARY_LEN + sliceLen + CANARY_LEN);
            for (int j = 0; j < b.capacity(); j++) {
                b.put(j, CANARY);
            }
            for (int j = 0; j < sliceLen; j++) {
                b.put(CANARY_LEN + j, PAYLOAD);
            }
            backing[i] = b;
            slices[i] = b.slice(CANARY_LEN, sliceLen);
        }
    }

    /** The slices handed to the operation. */
    public ByteBuffer[] slices() {
        return slices;
    }

    /** True for the bytes a write of these slices may send. */
    public static boolean isPayload(byte b) {
        return b == PAYLOAD;
    }

    /**
     * What a racing caller may legitimately get from a buffer changed under it: the buffer's own
     * exceptions, never one a native backend's argument check threw (that would mean a bad length
     * or address got as far as the native boundary).
     */
    public static boolean tolerated(Throwable t) {
        boolean bufferKind = t instanceof IllegalArgumentException || t instanceof IndexOutOfBoundsException
                || t instanceof BufferOverflowException || t instanceof BufferUnderflowException;
        if (!bufferKind) {
            return false;
        }
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().startsWith("io.wsnio.backend.")) {
                return false;
            }
        }
        return true;
    }

    /** Counts of a run, for the failure message and the report. */
    public record Result(long calls, long tolerated) { }

    /**
     * Calls {@code op} in a loop for {@code duration} (and at least {@value #MIN_CALLS} times,
     * within 20 times the duration) while a daemon thread flips the slices' limits and positions; then checks every canary. Throws the first intolerable exception
     * (with the call count) or an {@link AssertionError} naming the first changed canary byte.
     */
    public Result run(String what, Duration duration, Op op) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread mutator = new Thread(() -> flip(stop), "buffer-race-mutator");
        mutator.setDaemon(true);
        mutator.start();
        long calls = 0;
        long tolerated = 0;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long limit = start + 20 * duration.toNanos(); // a slow first call (class loading) or a busy machine
        try {
            while ((System.nanoTime() - end < 0 || calls < MIN_CALLS) && System.nanoTime() - limit < 0) {
                calls++;
                try {
                    op.call(slices);
                } catch (RuntimeException e) {
                    if (!tolerated(e)) {
                        throw new AssertionError(what + ": call " + calls + " threw " + e, e);
                    }
                    tolerated++;
                } catch (IOException e) {
                    throw new AssertionError(what + ": call " + calls
                            + " failed in native code with racing buffers: " + e, e);
                }
            }
        } finally {
            stop.set(true);
            mutator.join(10_000);
        }
        assertCanaries(what + " after " + calls + " calls");
        return new Result(calls, tolerated);
    }

    /** Fails naming the first canary byte that is no longer {@link #CANARY}. */
    public void assertCanaries(String what) {
        for (int i = 0; i < backing.length; i++) {
            ByteBuffer b = backing[i];
            for (int j = 0; j < b.capacity(); j++) {
                if (j >= CANARY_LEN && j < CANARY_LEN + sliceLen) {
                    continue;
                }
                if (b.get(j) != CANARY) {
                    String where = j < CANARY_LEN ? (CANARY_LEN - j) + " bytes before"
                            : (j - CANARY_LEN - sliceLen) + " bytes after";
                    throw new AssertionError(what + ": canary of slice " + i + " changed " + where
                            + " its " + sliceLen + "-byte slice (0x"
                            + Integer.toHexString(b.get(j) & 0xff) + ")");
                }
            }
        }
    }

    /**
     * Moves limit and position at random, favouring the states that make {@code limit - position}
     * negative for a caller that reads them at two moments: position high, then limit below it.
     */
    private void flip(AtomicBoolean stop) {
        SplittableRandom r = new SplittableRandom(0x5EED);
        while (!stop.get()) {
            for (ByteBuffer b : slices) {
                try {
                    int p = r.nextInt(sliceLen + 1);
                    b.limit(sliceLen);
                    b.position(p);
                    Thread.onSpinWait();
                    b.limit(r.nextInt(p + 1));
                    if (r.nextInt(4) == 0) {
                        b.clear();
                    }
                } catch (RuntimeException ignored) {
                    // the other thread moved the position at the same time: try again
                }
            }
        }
    }
}
