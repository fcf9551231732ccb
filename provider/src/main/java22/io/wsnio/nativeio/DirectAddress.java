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
 */
public final class DirectAddress {
    /** True when addresses can be read without allocation (always, on JDK 22+). */
    public static final boolean AVAILABLE = true;

    private DirectAddress() { }

    /** The base address of a direct buffer (its index 0). */
    public static long of(ByteBuffer direct) {
        return MemorySegment.ofBuffer(direct).address() - direct.position();
    }
}
