package io.wsnio.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.InputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link DirectAddress} gives a direct buffer's base address (its index 0, whatever its position),
 * the address JNI's {@code GetDirectBufferAddress} gives, on both variants: {@code sun.misc.Unsafe}
 * (JDK 17-21, and a class directory on any JDK) and {@code MemorySegment.ofBuffer} (the
 * multi-release jar's META-INF/versions/22 class on JDK 22+, which must not touch
 * {@code sun.misc.Unsafe}: JDK 23+ warns about it).
 */
class DirectAddressTest {

    /** The jlinked Windows JRE has no jdk.unsupported (no Unsafe): the Winsock backend reads addresses through JNA. */
    private static void assumeAvailable() {
        Assumptions.assumeTrue(DirectAddress.AVAILABLE, "no sun.misc.Unsafe in this runtime (a jlinked JRE"
                + " without jdk.unsupported): buffer addresses come from JNA's per-thread cache instead");
    }

    private static long jni(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    @Test
    void theBaseAddressWhateverThePositionLimitOrView() {
        assumeAvailable();
        ByteBuffer b = ByteBuffer.allocateDirect(64);
        long base = jni(b);
        assertTrue(base != 0);
        assertEquals(base, DirectAddress.of(b));
        b.position(7).limit(9);
        assertEquals(base, DirectAddress.of(b), "position 7, limit 9");
        b.limit(64).position(64);
        assertEquals(base, DirectAddress.of(b), "nothing remaining");
        ByteBuffer slice = b.clear().position(5).slice();
        assertEquals(base + 5, DirectAddress.of(slice), "a slice starts 5 bytes in");
        assertEquals(base + 5, jni(slice));
        ByteBuffer readOnly = b.clear().position(3).asReadOnlyBuffer();
        assertEquals(base, DirectAddress.of(readOnly), "a read-only view");
        ByteBuffer dup = b.duplicate().position(11);
        assertEquals(base, DirectAddress.of(dup), "a duplicate");
        ByteBuffer other = ByteBuffer.allocateDirect(1);
        assertEquals(jni(other), DirectAddress.of(other));
    }

    /**
     * A buffer of 1 GiB or more (beyond the low address bits {@code alignmentOffset} gives) whose
     * limit is below its capacity: the JDK 22 variant sliced it from 0 to its capacity, which
     * {@code slice} checks against the limit, and threw IndexOutOfBoundsException.
     */
    @Test
    void theBaseAddressOfAGibibyteBufferFramedInsideItsCapacity() {
        assumeAvailable();
        ByteBuffer b = ByteBuffer.allocateDirect(1 << 30);
        long base = jni(b);
        b.position(100).limit(200);
        assertEquals(base, DirectAddress.of(b), "position 100, limit 200 of 1 GiB");
        assertEquals(base, DirectAddress.baseUnlessSegmentBacked(b));
    }

    /**
     * Another thread moving the position while the address is read never shifts the base: the JDK 22
     * variant once subtracted a second read of the position from a segment made at the first, and
     * the buffer race tests saw reads land up to 495 bytes before a slice.
     */
    @Test
    void theBaseAddressWhileAnotherThreadMovesThePosition() throws Exception {
        assumeAvailable();
        ByteBuffer b = ByteBuffer.allocateDirect(4096);
        long base = jni(b);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread mover = new Thread(() -> {
            java.util.SplittableRandom r = new java.util.SplittableRandom(7);
            while (!stop.get()) {
                try {
                    b.limit(4096);
                    b.position(r.nextInt(4097));
                    b.limit(b.position() + r.nextInt(4097 - b.position()));
                } catch (IllegalArgumentException ignored) {
                    // raced with itself through the other thread's view: try again
                }
            }
        });
        mover.setDaemon(true);
        mover.start();
        try {
            for (int i = 0; i < 2_000_000; i++) {
                long a;
                try {
                    a = DirectAddress.of(b);
                } catch (IllegalArgumentException | IndexOutOfBoundsException torn) {
                    continue; // a racing caller may get the buffer's own exceptions, never a wrong address
                }
                if (a != base) {
                    throw new AssertionError("call " + i + ": " + Long.toHexString(a) + " is not the base "
                            + Long.toHexString(base) + " (off by " + (a - base) + ")");
                }
            }
        } finally {
            stop.set(true);
            mover.join(5000);
        }
    }

    @Test
    void onJdk22AndLaterTheJarsClassDoesNotUseSunMiscUnsafe() throws Exception {
        URL where = DirectAddress.class.getResource("DirectAddress.class");
        Assumptions.assumeTrue(Runtime.version().feature() >= 22 && where != null
                && where.toString().startsWith("jar:"), "the multi-release variant loads from the jar on JDK 22+: " + where);
        assertTrue(where.toString().contains("META-INF/versions/22/"), where + " is the JDK 22 variant");
        byte[] bytes;
        try (InputStream in = where.openStream()) {
            bytes = in.readAllBytes();
        }
        String pool = new String(bytes, StandardCharsets.ISO_8859_1);
        assertFalse(pool.contains("sun/misc/Unsafe"), where + " refers to sun.misc.Unsafe");
        assertTrue(pool.contains("java/lang/foreign/MemorySegment"), where + " reads the address through MemorySegment");
    }
}
