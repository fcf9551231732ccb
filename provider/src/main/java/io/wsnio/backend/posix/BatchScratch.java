package io.wsnio.backend.posix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Per-thread off-heap scratch for batched datagram calls: one target sockaddr, then
 * {@code capacity} struct mmsghdr, iovec and sockaddr_storage entries. Grown on demand up to
 * {@link LinuxAbi#UIO_MAXIOV} entries, so a steady batch size allocates nothing.
 */
final class BatchScratch {
    static final int TARGET = 0;                                  // sockaddr_storage
    static final int MMSG = LinuxAbi.SOCKADDR_STORAGE_SIZE;       // capacity * 64 bytes
    private static final int ENTRY = LinuxAbi.MMSGHDR_SIZE + 16 + LinuxAbi.SOCKADDR_STORAGE_SIZE;
    private static final ThreadLocal<BatchScratch> LOCAL = new ThreadLocal<>();

    final ByteBuffer buf;
    final long address;
    final int capacity;
    final int iov;      // offset of the iovec array
    final int names;    // offset of the sockaddr array

    private BatchScratch(int capacity) {
        this.capacity = capacity;
        buf = ByteBuffer.allocateDirect(MMSG + ENTRY * capacity).order(ByteOrder.nativeOrder());
        address = Buffers.address(buf);
        iov = MMSG + LinuxAbi.MMSGHDR_SIZE * capacity;
        names = iov + LinuxAbi.IOVEC_SIZE * capacity;
    }

    /** This thread's scratch with room for at least {@code count} entries (1..UIO_MAXIOV). */
    static BatchScratch get(int count) {
        if (count < 1 || count > LinuxAbi.UIO_MAXIOV) {
            throw new IllegalArgumentException("batch size out of range: " + count);
        }
        BatchScratch s = LOCAL.get();
        if (s == null || s.capacity < count) {
            int cap = s == null ? 64 : s.capacity;
            while (cap < count) {
                cap <<= 1;
            }
            s = new BatchScratch(Math.min(cap, LinuxAbi.UIO_MAXIOV));
            LOCAL.set(s);
        }
        return s;
    }

    int mmsg(int i) {
        return MMSG + LinuxAbi.MMSGHDR_SIZE * i;
    }

    int iov(int i) {
        return iov + LinuxAbi.IOVEC_SIZE * i;
    }

    int name(int i) {
        return names + LinuxAbi.SOCKADDR_STORAGE_SIZE * i;
    }
}
