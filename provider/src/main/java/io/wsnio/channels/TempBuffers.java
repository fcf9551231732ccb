package io.wsnio.channels;

import io.wsnio.nativeio.NativeNet;
import java.nio.ByteBuffer;

/**
 * A per-thread direct buffer that heap buffers are copied through (the JDK's IOUtil does the same),
 * plus per-thread iovec arrays. Grown on demand up to {@link #MAX_CACHED}; larger transfers are
 * done in pieces of that size, which the channel contract allows (short reads and writes).
 */
final class TempBuffers {
    static final int MAX_CACHED = 256 * 1024;
    private static final int INITIAL = 16 * 1024;
    private static final ThreadLocal<TempBuffers> LOCAL = ThreadLocal.withInitial(TempBuffers::new);

    ByteBuffer buffer;
    long address;
    final long[] iovAddress;
    final int[] iovLength;
    final int[] iovHeapOffset;   // offset into buffer for heap entries, -1 for direct ones
    final int[] iovBuffer;       // index of the entry's buffer in the caller's array
    final int[] iovPosition;     // the entry's buffer position when the entry was filled
    boolean preparedAll;         // the last BufferIo.prepare covered every buffer's bytes
    long preparedBytes;          // and the bytes its entries cover

    private TempBuffers() {
        int max = 1024;
        iovAddress = new long[max];
        iovLength = new int[max];
        iovHeapOffset = new int[max];
        iovBuffer = new int[max];
        iovPosition = new int[max];
    }

    static TempBuffers get() {
        return LOCAL.get();
    }

    /** A direct buffer of at least min(size, MAX_CACHED) bytes, cleared. */
    ByteBuffer buffer(NativeNet net, int size) {
        int want = Math.min(Math.max(size, 1), MAX_CACHED);
        if (buffer == null || buffer.capacity() < want) {
            int cap = buffer == null ? INITIAL : buffer.capacity();
            while (cap < want) {
                cap <<= 1;
            }
            buffer = ByteBuffer.allocateDirect(Math.min(cap, MAX_CACHED));
            address = net.directAddress(buffer);
        }
        buffer.clear();
        return buffer;
    }

    /** The address of {@code b}: this thread's cached buffer's known address, else the buffer's own. */
    long addressOf(NativeNet net, ByteBuffer b) {
        return b == buffer ? address : net.directAddress(b);
    }

    /**
     * A direct buffer of exactly {@code size} or more bytes for a batch's heap datagrams, which must
     * not be split: this thread's cached buffer up to {@link #MAX_CACHED}, a new one beyond; null
     * when {@code size} is 0 (no heap buffer in the batch).
     */
    ByteBuffer staging(NativeNet net, int size) {
        if (size == 0) {
            return null;
        }
        return size <= MAX_CACHED ? buffer(net, size) : ByteBuffer.allocateDirect(size);
    }
}
