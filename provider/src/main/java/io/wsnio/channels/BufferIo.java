package io.wsnio.channels;

import io.wsnio.nativeio.DirectAddress;
import io.wsnio.nativeio.IOStatus;
import io.wsnio.nativeio.NativeNet;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Moves bytes between ByteBuffers and a handle: direct buffers by address (no copy, no allocation),
 * heap buffers through {@link TempBuffers}. Returns what the seam returns (count or IOStatus), or
 * {@link IOStatus#NO_ROOM} without a call when the buffers had nothing to transfer; buffer
 * positions move only by bytes actually transferred. Another thread may change a buffer's
 * position and limit during the call: each is read once, the length clamped, and only the values
 * read reach native code, so the call never touches memory outside the buffer.
 *
 * <p>On a message socket (SEQPACKET; the datagram channels' reads and writes) every call is one
 * whole message ({@code message} true for a write, a {@code messageCap} above 0 for a read: the
 * most bytes a message of the socket can hold, so an internet datagram's read never stages more
 * than 65,535 bytes of room): one native call moves all the bytes the buffers
 * hold or have room for, never a piece limited by the per-thread staging buffer or the backend's
 * iovec count. Heap bytes beyond the staging buffer go through a one-off direct buffer of the
 * whole size (the JDK sends and receives a datagram through a temporary direct buffer of its
 * whole size too), and more buffers than one call takes are copied through one direct buffer.
 */
final class BufferIo {
    /** The largest message one staged call moves (the largest direct buffer the JDK allocates). */
    static final int MAX_MESSAGE = Integer.MAX_VALUE - 8;

    private BufferIo() { }

    /**
     * Bytes between a position and a limit read once each: never negative, however another thread
     * moved them in between (the JDK clamps the same way).
     */
    static int remaining(int pos, int lim) {
        return pos <= lim ? lim - pos : 0;
    }

    /**
     * Touches one byte of a direct buffer before its address goes to native code: a buffer backed
     * by a MemorySegment (JDK 22+) whose arena is closed throws IllegalStateException there, as the
     * JDK's channels do (a confined arena's buffer used from another thread: WrongThreadException).
     * No allocation. This checks the arena before the call; the backend's owner-taking calls
     * ({@link NativeNet#holdsArenas}) keep it from being freed during it.
     */
    static void checkAccessible(ByteBuffer direct, int pos) {
        direct.get(pos);
    }

    /**
     * The base address (index 0) of a buffer native code may be given by address in a call that
     * cannot hold a MemorySegment arena (an iovec, a batch, a control-message call), else -1: a
     * direct buffer not backed by a MemorySegment. Both answers come from one look at the buffer;
     * channels ask through {@link KnownBuffers}, which remembers them. Every other buffer is copied
     * through a direct buffer of wsnio's own (a segment-backed one after {@link #checkAccessible}),
     * so a close of its arena during the call never frees memory the kernel is using: a write then
     * completes from the copy, and a read's copy back throws IllegalStateException. A single-buffer
     * read, write, receive or send gives a segment-backed buffer by address instead where the
     * backend holds its arena for the call ({@link NativeNet#holdsArenas}, the foreign bridge).
     */
    static long baseIfByAddress(NativeNet net, ByteBuffer b) {
        if (!b.isDirect()) {
            return -1;
        }
        if (DirectAddress.AVAILABLE) {
            return DirectAddress.baseUnlessSegmentBacked(b);
        }
        return net.directAddress(b); // JDK 17-21 without sun.misc.Unsafe: no segment-backed buffers
    }

    /** Before a segment-backed direct buffer is staged: refused if its arena is closed. */
    private static void checkStaged(ByteBuffer b, int pos) {
        if (b.isDirect()) {
            checkAccessible(b, pos);
        }
    }

    /** A read; with {@code messageCap} above 0 one call for all the room up to it (see the class comment). */
    static int read(NativeNet net, long h, ByteBuffer dst, int messageCap, KnownBuffers known) throws IOException {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        int pos = dst.position();
        int rem = remaining(pos, dst.limit());
        if (rem == 0) {
            return IOStatus.NO_ROOM;
        }
        long base = known.base(net, dst);
        int n;
        if (base >= 0) {
            n = net.read(h, base + pos, rem);
        } else if (dst.isDirect() && net.holdsArenas()) { // MemorySegment-backed: the backend holds its arena for the call
            checkAccessible(dst, pos);
            n = net.read(h, net.directAddress(dst) + pos, rem, dst);
        } else {
            return readStaged(net, h, dst, pos, rem, messageCap);
        }
        Reference.reachabilityFence(dst);
        if (n > 0) {
            dst.position(pos + n);
        }
        return n;
    }

    /** {@link #read} of a heap or staged segment-backed buffer through this thread's direct buffer. */
    private static int readStaged(NativeNet net, long h, ByteBuffer dst, int pos, int rem, int messageCap)
            throws IOException {
        checkStaged(dst, pos);
        TempBuffers t = TempBuffers.get();
        ByteBuffer tmp = messageCap > 0 ? t.staging(net, Math.min(rem, messageCap)) : t.buffer(net, rem);
        int n = net.read(h, t.addressOf(net, tmp), Math.min(rem, tmp.capacity()));
        Reference.reachabilityFence(tmp);
        if (n > 0) {
            dst.put(pos, tmp, 0, n);
            dst.position(pos + n);
        }
        return n;
    }

    /** A write; with {@code message} true one call for all the bytes (see the class comment). */
    static int write(NativeNet net, long h, ByteBuffer src, boolean message, KnownBuffers known) throws IOException {
        int pos = src.position();
        int rem = remaining(pos, src.limit());
        if (rem == 0) {
            return IOStatus.NO_ROOM;
        }
        long base = known.base(net, src);
        int n;
        if (base >= 0) {
            n = net.write(h, base + pos, rem);
        } else if (src.isDirect() && net.holdsArenas()) { // MemorySegment-backed: the backend holds its arena for the call
            checkAccessible(src, pos);
            n = net.write(h, net.directAddress(src) + pos, rem, src);
        } else {
            return writeStaged(net, h, src, pos, rem, message);
        }
        Reference.reachabilityFence(src);
        if (n > 0) {
            src.position(pos + n);
        }
        return n;
    }

    /** {@link #write} of a heap or staged segment-backed buffer through this thread's direct buffer. */
    private static int writeStaged(NativeNet net, long h, ByteBuffer src, int pos, int rem, boolean message)
            throws IOException {
        TempBuffers t = TempBuffers.get();
        ByteBuffer tmp = message ? t.staging(net, rem) : t.buffer(net, rem);
        int len = Math.min(rem, tmp.capacity());
        tmp.put(0, src, pos, len);
        int n = net.write(h, t.addressOf(net, tmp), len);
        Reference.reachabilityFence(tmp);
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

    /**
     * Fills the iovec arrays, reading each buffer's position and limit once and recording them
     * (entry {@code k} covers buffer {@code iovBuffer[k]} from {@code iovPosition[k]}); returns
     * the entry count (0 when nothing has room). Sets {@link TempBuffers#preparedAll} to whether
     * the entries cover every buffer's bytes (false when the iovec count or the staging buffer
     * ran out first).
     */
    private static int prepare(NativeNet net, TempBuffers t, ByteBuffer[] bufs, int offset, int length, boolean forRead,
            KnownBuffers known) {
        long heapBytes = 0;
        int max = Math.min(net.maxIov(), t.iovAddress.length);
        for (int j = offset; j < offset + length; j++) {
            ByteBuffer b = bufs[j];
            if (forRead && b.isReadOnly()) {
                throw new IllegalArgumentException("Read-only buffer");
            }
            if (known.base(net, j - offset, b) < 0) {
                heapBytes += remaining(b.position(), b.limit());
            }
        }
        ByteBuffer tmp = heapBytes > 0 ? t.buffer(net, (int) Math.min(heapBytes, TempBuffers.MAX_CACHED)) : null;
        int heapUsed = 0;
        int count = 0;
        boolean all = true;
        int i = offset;
        for (; i < offset + length && count < max; i++) {
            ByteBuffer b = bufs[i];
            int pos = b.position();
            int rem = remaining(pos, b.limit());
            if (rem == 0) {
                continue;
            }
            long base = known.base(net, i - offset, b); // a hit: kept by the first loop
            if (base >= 0) {
                t.iovAddress[count] = base + pos;
                t.iovLength[count] = rem;
                t.iovHeapOffset[count] = -1;
            } else {
                int room = tmp == null ? 0 : tmp.capacity() - heapUsed;
                if (room == 0) {
                    break;
                }
                int len = Math.min(rem, room);
                all &= len == rem;
                checkStaged(b, pos);
                if (!forRead) {
                    tmp.put(heapUsed, b, pos, len);
                }
                t.iovAddress[count] = t.address + heapUsed;
                t.iovLength[count] = len;
                t.iovHeapOffset[count] = heapUsed;
                heapUsed += len;
            }
            t.iovBuffer[count] = i;
            t.iovPosition[count] = pos;
            count++;
        }
        for (; all && i < offset + length; i++) {
            all = remaining(bufs[i].position(), bufs[i].limit()) == 0;
        }
        t.preparedAll = all;
        long bytes = 0;
        for (int e = 0; e < count; e++) {
            bytes += t.iovLength[e];
        }
        t.preparedBytes = bytes;
        return count;
    }

    /** A scattering read; with {@code messageCap} above 0 one call for all the buffers' room up to it (see the class comment). */
    static long read(NativeNet net, long h, ByteBuffer[] dsts, int offset, int length, int messageCap,
            KnownBuffers known) throws IOException {
        TempBuffers t = TempBuffers.get();
        int count = prepare(net, t, dsts, offset, length, true, known);
        if (count == 0) {
            return IOStatus.NO_ROOM;
        }
        if (messageCap > 0 && !t.preparedAll && t.preparedBytes < messageCap) {
            return staged(net, h, dsts, offset, length, messageCap); // the entries may have less room than a message
        }
        long n = net.readv(h, t.iovAddress, t.iovLength, count);
        Reference.reachabilityFence(dsts);
        if (n > 0) {
            distribute(t, dsts, count, n, true);
        }
        return n;
    }

    /** A gathering write; with {@code message} true one call for all the buffers' bytes (see the class comment). */
    static long write(NativeNet net, long h, ByteBuffer[] srcs, int offset, int length, boolean message,
            KnownBuffers known) throws IOException {
        TempBuffers t = TempBuffers.get();
        int count = prepare(net, t, srcs, offset, length, false, known);
        if (count == 0) {
            return IOStatus.NO_ROOM;
        }
        if (message && !t.preparedAll) {
            return staged(net, h, srcs, offset, length, 0);
        }
        long n = net.writev(h, t.iovAddress, t.iovLength, count);
        Reference.reachabilityFence(srcs);
        if (n > 0) {
            distribute(t, srcs, count, n, false);
        }
        return n;
    }

    /**
     * One message over buffers that one iovec call cannot take (more buffers than the backend's
     * limit, or heap bytes beyond the staging buffer): every buffer's position and limit read once,
     * one direct buffer of their total (this thread's staging buffer, or a one-off one kept
     * reachable through the call), one read or write, then the bytes and positions moved in order.
     * A read ({@code readCap} above 0) stages at most {@code readCap} bytes of room.
     */
    private static long staged(NativeNet net, long h, ByteBuffer[] bufs, int offset, int length, int readCap)
            throws IOException {
        boolean forRead = readCap > 0;
        int[] pos = new int[length];
        int[] len = new int[length];
        long total = 0;
        for (int i = 0; i < length; i++) {
            ByteBuffer b = bufs[offset + i];
            pos[i] = b.position();
            len[i] = remaining(pos[i], b.limit());
            total += len[i];
        }
        if (forRead) {
            total = Math.min(total, readCap);
        } else if (total > MAX_MESSAGE) {
            throw new IllegalArgumentException("a message of " + total + " bytes over " + length
                    + " buffers: one call takes at most " + MAX_MESSAGE);
        }
        TempBuffers t = TempBuffers.get();
        ByteBuffer all = t.staging(net, (int) total);
        if (all == null) {
            return IOStatus.NO_ROOM; // another thread emptied the buffers since prepare
        }
        for (int i = 0, at = 0; i < length; i++) {
            ByteBuffer b = bufs[offset + i];
            if (b.isDirect() && len[i] > 0) {
                checkAccessible(b, pos[i]); // before the call: a read must not consume a message it cannot store
            }
            if (!forRead) {
                all.put(at, b, pos[i], len[i]);
            }
            at += len[i];
        }
        long address = t.addressOf(net, all);
        int n = forRead ? net.read(h, address, (int) total) : net.write(h, address, (int) total);
        Reference.reachabilityFence(all);
        int left = n;
        for (int i = 0, at = 0; i < length && left > 0; i++) {
            int take = Math.min(left, len[i]);
            if (forRead) {
                bufs[offset + i].put(pos[i], all, at, take);
            }
            bufs[offset + i].position(pos[i] + take);
            at += take;
            left -= take;
        }
        return n;
    }

    /** Moves each entry's buffer from the position recorded by prepare over what the call moved. */
    private static void distribute(TempBuffers t, ByteBuffer[] bufs, int count, long n, boolean forRead) {
        long left = n;
        for (int entry = 0; entry < count && left > 0; entry++) {
            ByteBuffer b = bufs[t.iovBuffer[entry]];
            int take = (int) Math.min(left, t.iovLength[entry]);
            int pos = t.iovPosition[entry];
            if (forRead && t.iovHeapOffset[entry] >= 0) {
                b.put(pos, t.buffer, t.iovHeapOffset[entry], take);
            }
            b.position(pos + take);
            left -= take;
        }
    }
}
