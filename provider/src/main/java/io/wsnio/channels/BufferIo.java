package io.wsnio.channels;

import io.wsnio.nativeio.NativeNet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Moves bytes between ByteBuffers and a handle: direct buffers by address (no copy, no allocation),
 * heap buffers through {@link TempBuffers}. Returns what the seam returns (count or IOStatus);
 * buffer positions move only by bytes actually transferred.
 */
final class BufferIo {
    private BufferIo() { }

    static int read(NativeNet net, long h, ByteBuffer dst) throws IOException {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        int pos = dst.position();
        int rem = dst.limit() - pos;
        if (dst.isDirect()) {
            int n = net.read(h, net.directAddress(dst) + pos, rem);
            if (n > 0) {
                dst.position(pos + n);
            }
            return n;
        }
        TempBuffers t = TempBuffers.get();
        ByteBuffer tmp = t.buffer(net, rem);
        int n = net.read(h, t.address, Math.min(rem, tmp.capacity()));
        if (n > 0) {
            tmp.limit(n);
            dst.put(tmp);
        }
        return n;
    }

    static int write(NativeNet net, long h, ByteBuffer src) throws IOException {
        int pos = src.position();
        int rem = src.limit() - pos;
        if (src.isDirect()) {
            int n = net.write(h, net.directAddress(src) + pos, rem);
            if (n > 0) {
                src.position(pos + n);
            }
            return n;
        }
        TempBuffers t = TempBuffers.get();
        ByteBuffer tmp = t.buffer(net, rem);
        int len = Math.min(rem, tmp.capacity());
        tmp.put(0, src, pos, len);
        int n = net.write(h, t.address, len);
        if (n > 0) {
            src.position(pos + n);
        }
        return n;
    }

    /** A read target must be writable, whether or not it has room (as the JDK checks). */
    static void checkReadTarget(ByteBuffer dst) {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
    }

    /** {@link #checkBounds} plus every buffer in range writable. */
    static void checkReadTargets(ByteBuffer[] bufs, int offset, int length) {
        checkBounds(bufs, offset, length);
        for (int i = offset; i < offset + length; i++) {
            checkReadTarget(bufs[i]);
        }
    }

    static void checkBounds(ByteBuffer[] bufs, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bufs.length);
        for (int i = offset; i < offset + length; i++) {
            if (bufs[i] == null) {
                throw new NullPointerException("buffer " + i + " is null");
            }
        }
    }

    /** Fills the iovec arrays; returns the entry count (0 when nothing has room). */
    private static int prepare(NativeNet net, TempBuffers t, ByteBuffer[] bufs, int offset, int length, boolean forRead) {
        int heapBytes = 0;
        int max = Math.min(net.maxIov(), t.iovAddress.length);
        int count = 0;
        for (int i = offset; i < offset + length && count < max; i++) {
            ByteBuffer b = bufs[i];
            if (forRead && b.isReadOnly()) {
                throw new IllegalArgumentException("Read-only buffer");
            }
            if (!b.isDirect()) {
                heapBytes += b.remaining();
            }
        }
        ByteBuffer tmp = heapBytes > 0 ? t.buffer(net, heapBytes) : null;
        int heapUsed = 0;
        for (int i = offset; i < offset + length && count < max; i++) {
            ByteBuffer b = bufs[i];
            int rem = b.remaining();
            if (rem == 0) {
                continue;
            }
            if (b.isDirect()) {
                t.iovAddress[count] = net.directAddress(b) + b.position();
                t.iovLength[count] = rem;
                t.iovHeapOffset[count] = -1;
            } else {
                int room = tmp.capacity() - heapUsed;
                if (room == 0) {
                    break;
                }
                int len = Math.min(rem, room);
                if (!forRead) {
                    tmp.put(heapUsed, b, b.position(), len);
                }
                t.iovAddress[count] = t.address + heapUsed;
                t.iovLength[count] = len;
                t.iovHeapOffset[count] = heapUsed;
                heapUsed += len;
            }
            count++;
        }
        return count;
    }

    /** Scattering read; positions advance over the filled buffers in order. */
    static long read(NativeNet net, long h, ByteBuffer[] dsts, int offset, int length) throws IOException {
        TempBuffers t = TempBuffers.get();
        int count = prepare(net, t, dsts, offset, length, true);
        if (count == 0) {
            return 0;
        }
        long n = net.readv(h, t.iovAddress, t.iovLength, count);
        if (n > 0) {
            distribute(t, dsts, offset, length, n, true);
        }
        return n;
    }

    /** Gathering write; positions advance over the sent bytes in order. */
    static long write(NativeNet net, long h, ByteBuffer[] srcs, int offset, int length) throws IOException {
        TempBuffers t = TempBuffers.get();
        int count = prepare(net, t, srcs, offset, length, false);
        if (count == 0) {
            return 0;
        }
        long n = net.writev(h, t.iovAddress, t.iovLength, count);
        if (n > 0) {
            distribute(t, srcs, offset, length, n, false);
        }
        return n;
    }

    private static void distribute(TempBuffers t, ByteBuffer[] bufs, int offset, int length, long n, boolean forRead) {
        long left = n;
        int entry = 0;
        for (int i = offset; i < offset + length && left > 0; i++) {
            ByteBuffer b = bufs[i];
            int rem = b.remaining();
            if (rem == 0) {
                continue;
            }
            int take = (int) Math.min(left, t.iovLength[entry]);
            int pos = b.position();
            if (forRead && t.iovHeapOffset[entry] >= 0) {
                b.put(pos, t.buffer, t.iovHeapOffset[entry], take);
            }
            b.position(pos + take);
            left -= take;
            entry++;
        }
    }
}
