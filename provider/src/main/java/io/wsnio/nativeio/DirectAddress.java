package io.wsnio.nativeio;

import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;

/**
 * Reads a direct buffer's base address without allocating, through {@code sun.misc.Unsafe} (module
 * jdk.unsupported), as Netty does. Where that module is absent (jlinked runtimes) {@link #AVAILABLE}
 * is false and backends fall back to their library's lookup.
 */
public final class DirectAddress {
    private static final sun.misc.Unsafe UNSAFE;
    private static final long ADDRESS_OFFSET;
    /** True when addresses can be read without allocation. */
    public static final boolean AVAILABLE;

    static {
        sun.misc.Unsafe u = null;
        long off = -1;
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            u = (sun.misc.Unsafe) f.get(null);
            off = u.objectFieldOffset(Buffer.class.getDeclaredField("address"));
            ByteBuffer probe = ByteBuffer.allocateDirect(1);
            if (u.getLong(probe, off) == 0) {
                u = null;
            }
        } catch (Throwable t) {
            u = null;
        }
        UNSAFE = u;
        ADDRESS_OFFSET = off;
        AVAILABLE = u != null;
    }

    private DirectAddress() { }

    /** The base address of a direct buffer (its index 0); only valid when {@link #AVAILABLE}. */
    public static long of(ByteBuffer direct) {
        return UNSAFE.getLong(direct, ADDRESS_OFFSET);
    }

    /**
     * Whether a direct buffer's memory belongs to a MemorySegment arena that can be closed under a
     * call. Always false here: JDK 17-21 have no final java.lang.foreign (the incubator and preview
     * versions' buffers are not recognised); the JDK 22 variant of this class tells.
     */
    public static boolean segmentBacked(ByteBuffer direct) {
        return false;
    }

    /**
     * {@link #of} unless the buffer is {@link #segmentBacked} (then -1): one look at the buffer
     * where a caller needs both. Only valid when {@link #AVAILABLE}.
     */
    public static long baseUnlessSegmentBacked(ByteBuffer direct) {
        return of(direct);
    }
}
