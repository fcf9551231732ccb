package io.wsnio.channels;

import io.wsnio.nativeio.NativeNet;
import java.nio.ByteBuffer;

/**
 * The direct buffers one direction of a channel last moved by address, with their base addresses:
 * the buffer of its single-buffer calls, and the first {@link #SLOTS} buffers of its scatter,
 * gather and batch calls by their place in the call. A buffer object's base address never changes,
 * so a call given the same object again (the same instance, not a duplicate) takes the base from
 * here and never asks the JDK.
 *
 * <p>Why: on JDK 22+ the base comes from {@code MemorySegment.ofBuffer}, which allocates a segment
 * and a session that C2 removes only when the whole chain inlines and the JDK's shared
 * {@code bufferScope} branch profile has never seen a MemorySegment-backed buffer. Test order,
 * compile order and a program that also passes arena-backed buffers (Netty 4.2 on JDK 24+) each
 * defeated that in some JVM runs (docs/architecture.md, "Buffer addresses"). A hit allocates
 * nothing whatever the JIT does.
 *
 * <p>Only buffers that may go by address without holding anything are kept: direct buffers not
 * backed by a MemorySegment, whose memory lives as long as the buffer object, which the caller
 * holds for the call. A MemorySegment-backed buffer is looked at on every call (its arena may be
 * closed between calls). Heap buffers are never kept.
 *
 * <p>Guarded by the direction's lock ({@code NativeCore.readLock} or {@code writeLock}).
 * {@link #forget} may run without it (on close): it only clears references, and a reader that saw
 * a buffer before the clear reads the base its own lock's holders wrote for that buffer. The
 * references keep at most {@code 1 + SLOTS} of the caller's buffers reachable while the channel
 * is open.
 */
final class KnownBuffers {
    /** How many places of a scatter, gather or batch call are remembered. */
    static final int SLOTS = 64;

    private ByteBuffer one;
    private long oneBase;
    private ByteBuffer[] many; // lazily, at the first multi-buffer call
    private long[] manyBase;

    /**
     * The base address of {@code b} when it may go by address in a call that holds no arena (a
     * direct buffer not backed by a MemorySegment), else -1.
     */
    long base(NativeNet net, ByteBuffer b) {
        if (b == one) {
            return oneBase;
        }
        long base = BufferIo.baseIfByAddress(net, b);
        if (base >= 0) {
            oneBase = base;
            one = b;
        }
        return base;
    }

    /** {@link #base(NativeNet, ByteBuffer)} for the buffer at place {@code slot} of a multi-buffer call. */
    long base(NativeNet net, int slot, ByteBuffer b) {
        if (slot >= SLOTS) {
            return BufferIo.baseIfByAddress(net, b);
        }
        ByteBuffer[] known = many;
        if (known == null) {
            many = known = new ByteBuffer[SLOTS];
            manyBase = new long[SLOTS];
        } else if (known[slot] == b) {
            return manyBase[slot];
        }
        long base = BufferIo.baseIfByAddress(net, b);
        if (base >= 0) {
            manyBase[slot] = base;
            known[slot] = b;
        }
        return base;
    }

    /** Drops every reference (the channel closed): the buffers are the caller's to free again. */
    void forget() {
        one = null;
        ByteBuffer[] known = many;
        if (known != null) {
            java.util.Arrays.fill(known, null);
        }
    }
}
