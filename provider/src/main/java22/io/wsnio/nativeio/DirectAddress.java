package io.wsnio.nativeio;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Reads a direct buffer's base address without allocating, on JDK 22 and later (the multi-release
 * jar puts this class in place of the {@code sun.misc.Unsafe} one, whose
 * {@code objectFieldOffset} JDK 23+ warns about and a later JDK removes). It uses
 * java.lang.foreign's {@link MemorySegment#ofBuffer}, the one class of that API this package touches
 * (no downcalls: those stay in {@code io.wsnio.backend.*}): the segment's address is the buffer's
 * address at its position, so the base is that minus the position. The segment and its session are
 * allocated by {@code ofBuffer} and die at once; C2 inlines {@code ofBuffer} (its helpers are
 * {@code @ForceInline}) and scalar-replaces both, so the steady state allocates nothing (the
 * allocation tests check that on this class). Always {@link #AVAILABLE}: java.lang.foreign is part
 * of java.base.
 *
 * <p>Another thread may move the buffer's position while this runs, so the position
 * {@code ofBuffer} read is unknown: subtracting a second read of it gave a wrong base (the buffer
 * race tests saw writes up to 495 bytes before a slice). The base is instead pinned by its low 30
 * bits, which {@link ByteBuffer#alignmentOffset} gives for a direct buffer whatever its position:
 * the segment's address is base + p with 0 &lt;= p &lt;= capacity, so for a capacity below 2^30
 * exactly one address at or below it has those low bits. A buffer of 1 GiB or more is resolved
 * through a slice from index 0 (which allocates, once per call, for those buffers only).
 */
public final class DirectAddress {
    /** True when addresses can be read without allocation (always, on JDK 22+). */
    public static final boolean AVAILABLE = true;

    private DirectAddress() { }

    private static final int LOW_BITS = 1 << 30;

    /**
     * The class of an ordinary direct buffer's segment session ({@code MemorySegment.ofBuffer} wraps
     * such a buffer in a non-closeable heap session): a buffer whose session is of another class
     * belongs to a MemorySegment's arena. Public for the POSIX foreign bridge, which compares with it
     * in place (a static final field read adds no inlining level).
     */
    public static final Class<?> BUFFER_SESSION = MemorySegment.ofBuffer(ByteBuffer.allocateDirect(1)).scope().getClass();

    /**
     * Whether a direct buffer was made by {@code MemorySegment.asByteBuffer()} (or from such a
     * buffer), so its memory lives only as long as an arena that another thread may close. No
     * allocation once compiled: C2 scalar-replaces the segment and session of an ordinary buffer.
     */
    public static boolean segmentBacked(ByteBuffer direct) {
        return MemorySegment.ofBuffer(direct).scope().getClass() != BUFFER_SESSION;
    }

    /**
     * {@link #of} unless the buffer is {@link #segmentBacked} (then -1), from one
     * {@code MemorySegment.ofBuffer}: a batch of buffers looked at twice each made twice the
     * segments and sessions for C2 to remove, inside one large loop.
     */
    public static long baseUnlessSegmentBacked(ByteBuffer direct) {
        if (direct.capacity() >= LOW_BITS) {
            return segmentBacked(direct) ? -1 : of(direct);
        }
        MemorySegment segment = MemorySegment.ofBuffer(direct);
        if (segment.scope().getClass() != BUFFER_SESSION) {
            return -1;
        }
        return base(segment.address(), direct);
    }

    /**
     * The base address of a direct buffer (its index 0), whatever another thread does to its
     * position. A buffer of 1 GiB or more goes through a cleared duplicate, from index 0 to its
     * capacity ({@code slice(0, capacity)} is checked against the limit and threw for a buffer
     * whose limit was below its capacity).
     */
    public static long of(ByteBuffer direct) {
        if (direct.capacity() >= LOW_BITS) {
            return MemorySegment.ofBuffer(direct.duplicate().clear()).address();
        }
        return base(MemorySegment.ofBuffer(direct).address(), direct);
    }

    /** The base of a buffer below 1 GiB from its address at some position (see the class comment). */
    private static long base(long atPosition, ByteBuffer direct) {
        long low = direct.alignmentOffset(0, LOW_BITS); // base mod 2^30
        return atPosition - ((atPosition - low) & (LOW_BITS - 1));
    }
}
