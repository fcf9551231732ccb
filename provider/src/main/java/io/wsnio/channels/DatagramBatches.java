package io.wsnio.channels;

import static io.wsnio.BatchDatagramChannel.MAX_BATCH;
import static io.wsnio.BatchDatagramChannel.MAX_DATAGRAM;
import static io.wsnio.BatchDatagramChannel.MAX_SEGMENTS;

import io.wsnio.NativeError;
import io.wsnio.SocketSpec;
import io.wsnio.nativeio.NativeErrors;
import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.Readiness;
import io.wsnio.nativeio.SockOpt;
import java.io.IOException;
import java.lang.ref.Reference;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The batch and segmentation-offload half of {@link WsnioDatagramChannel}
 * ({@link io.wsnio.BatchDatagramChannel}): {@code sendmmsg}/{@code recvmmsg}, UDP_SEGMENT sends
 * and the one-time probe of whether the stack takes them.
 *
 * <p>Every buffer's position and limit is read once, under the channel's read or write lock, and
 * clamped; the native call gets only those values, and the positions written back afterwards are
 * computed from them. A buffer another thread changes meanwhile may end up with a position that
 * reflects the call rather than its own change, never with bytes written outside
 * {@code [position, limit)} as they were read.
 */
final class DatagramBatches {
    /** The most bytes a datagram on an internet socket can carry with its IPv4 header (raw sockets). */
    private static final int INET_DATAGRAM_CAP = MAX_DATAGRAM + 28;

    private final WsnioDatagramChannel channel;
    private final NativeCore core;
    private final SocketSpec spec;
    private final SocketSpec.Family family;
    private final boolean inet;
    private final boolean udp;                   // UDP proper (not UDP-Lite): segmentation offload may apply
    private volatile int gso;                    // UDP_SEGMENT: 0 not probed, 1 yes, -1 no
    private volatile String gsoRefusal;          // why not, when gso is -1
    private int[] positions;                     // guarded by the read or the write lock, per direction
    private int[] sendPositions;
    private SocketAddress[] sources;             // guarded by the read lock, lazily

    DatagramBatches(WsnioDatagramChannel channel, NativeCore core, SocketSpec spec, SocketSpec.Family family,
            boolean inet, boolean udpLike) {
        this.channel = channel;
        this.core = core;
        this.spec = spec;
        this.family = family;
        this.inet = inet;
        this.udp = udpLike && spec.protocolValue() != SocketSpec.Protocol.UDPLITE.value();
    }

    /** Checks offset/count against the array and the batch limit; no element is looked at. */
    private static void checkBatch(Object[] array, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, array.length);
        if (count > MAX_BATCH) {
            throw new IllegalArgumentException("batch of " + count + " datagrams; at most " + MAX_BATCH);
        }
    }

    private static int remaining(int pos, int lim) {
        return pos <= lim ? lim - pos : 0;
    }

    private static int[] grow(int[] a) {
        return a != null ? a : new int[MAX_BATCH];
    }

    /**
     * Whether the stack takes segmentation offload on this socket (Linux UDP_SEGMENT, Windows
     * UDP_SEND_MSG_SIZE), probed once with getsockopt: a stack without it would ignore the control
     * message and send one large datagram (Wine 8.0 does). When not, {@link #gsoRefusal} says why.
     */
    private boolean gsoAvailable() {
        int g = gso;
        if (g == 0) {
            g = -1;
            String why = "UDP segmentation offload needs a UDP socket, not " + spec;
            if (udp) {
                if (!core.net.hasOption(SockOpt.UDP_SEGMENT)) {
                    why = "the " + core.net.name() + " backend has no UDP segmentation offload";
                } else {
                    try {
                        core.net.getIntOption(core.handle, SockOpt.UDP_SEGMENT);
                        g = 1;
                    } catch (IOException | UnsupportedOperationException e) {
                        why = "the network stack refuses UDP segmentation offload (Linux 4.18+ UDP_SEGMENT,"
                                + " Windows 10 1903+ UDP_SEND_MSG_SIZE): " + e.getMessage();
                    }
                }
            }
            gsoRefusal = why;
            gso = g;
        }
        return g > 0;
    }

    /**
     * The segment size when {@code count} datagrams can go as one UDP_SEGMENT send (2..64 of them,
     * all of one size but the last, which may be shorter, at most MAX_DATAGRAM bytes in all), else 0.
     */
    private static int uniformSegment(int[] lens, int count) {
        if (count < 2 || count > MAX_SEGMENTS) {
            return 0;
        }
        int seg = lens[0];
        if (seg == 0) {
            return 0;
        }
        long total = 0;
        for (int i = 0; i < count; i++) {
            int l = lens[i];
            if (i < count - 1 ? l != seg : (l > seg || l == 0)) {
                return 0;
            }
            total += l;
        }
        return total <= MAX_DATAGRAM ? seg : 0;
    }

    /** Errors with which a UDP_SEGMENT send sends nothing and sendmmsg may still succeed. */
    private static boolean gsoRefused(IOException e) {
        if (!(e instanceof NativeError)) {
            return false;
        }
        String n = NativeErrors.neutral(((NativeError) e).errorName());
        return "EINVAL".equals(n) || "EIO".equals(n) || "EMSGSIZE".equals(n) || "ENOPROTOOPT".equals(n)
                || "EOPNOTSUPP".equals(n);
    }

    int sendBatch(ByteBuffer[] packets, int offset, int count, SocketAddress target) throws IOException {
        checkBatch(packets, offset, count);
        for (int i = 0; i < count; i++) {
            if (packets[offset + i] == null) {
                throw new NullPointerException("packets[" + (offset + i) + "]");
            }
        }
        core.writeLock.lock();
        try {
            boolean blocking = channel.isBlocking();
            SocketAddress to = channel.batchTarget(target);
            boolean connected = to == null;
            if (count == 0) {
                return 0;
            }
            NativeNet net = core.net;
            TempBuffers t = TempBuffers.get();
            long[] addrs = t.iovAddress;
            int[] lens = t.iovLength;
            int[] pos = sendPositions = grow(sendPositions);
            int heap = 0;
            for (int i = 0; i < count; i++) {
                ByteBuffer b = packets[offset + i];
                int p = b.position();
                int rem = remaining(p, b.limit());
                if (rem > MAX_DATAGRAM) {
                    throw new IllegalArgumentException("packets[" + (offset + i) + "] has " + rem
                            + " bytes; a datagram takes at most " + MAX_DATAGRAM);
                }
                pos[i] = p;
                lens[i] = rem;
                long base = core.writeBuffers().base(net, i, b); // one look per buffer: -1 when staged
                addrs[i] = base < 0 ? -1 : base + p;
                if (base < 0) {
                    heap += rem;
                }
            }
            ByteBuffer stage = t.staging(net, heap);
            long stageAddress = stage == null ? 0 : net.directAddress(stage);
            int at = 0;
            for (int i = 0; i < count; i++) {
                ByteBuffer b = packets[offset + i];
                if (b.isDirect() && lens[i] > 0) {
                    BufferIo.checkAccessible(b, pos[i]);
                }
                if (addrs[i] < 0) {
                    stage.put(at, b, pos[i], lens[i]);
                    addrs[i] = stageAddress + at;
                    at += lens[i];
                }
            }
            // datagrams of one size go as one UDP_SEGMENT send: the kernel's stack is walked once,
            // and the receiver still sees separate datagrams
            int seg = gsoAvailable() ? uniformSegment(lens, count) : 0;
            int n = 0;
            try {
                core.beginWrite(blocking);
                if (seg > 0) {
                    try {
                        do {
                            n = net.sendSegmented(core.handle, addrs, lens, count, seg, family, to);
                        } while (core.retry(n, blocking, Readiness.OUT));
                        if (n > 0) {
                            n = count; // one skb: all or nothing
                        }
                    } catch (IOException e) {
                        if (!gsoRefused(e)) {
                            throw e;
                        }
                        seg = 0; // e.g. a segment above the path MTU: datagram by datagram
                    }
                }
                if (seg == 0) {
                    do {
                        n = net.sendMany(core.handle, addrs, lens, count, family, to);
                    } while (core.retry(n, blocking, Readiness.OUT));
                }
            } catch (IOException e) {
                throw channel.closedOr(connected ? WsnioDatagramChannel.unreachable(e) : e);
            } finally {
                core.endWrite(blocking, n >= 0);
                Reference.reachabilityFence(stage);
                Reference.reachabilityFence(packets);
            }
            for (int i = 0; i < n; i++) {
                packets[offset + i].position(pos[i] + lens[i]);
            }
            return Math.max(n, 0);
        } finally {
            core.writeLock.unlock();
        }
    }

    int receiveBatch(ByteBuffer[] buffers, int offset, int count, SocketAddress[] sourcesOut) throws IOException {
        checkBatch(buffers, offset, count);
        if (sourcesOut != null) {
            Objects.checkFromIndexSize(offset, count, sourcesOut.length);
        }
        for (int i = 0; i < count; i++) {
            ByteBuffer b = buffers[offset + i];
            if (b == null) {
                throw new NullPointerException("buffers[" + (offset + i) + "]");
            }
            if (b.isReadOnly()) {
                throw new IllegalArgumentException("Read-only buffer: buffers[" + (offset + i) + "]");
            }
        }
        core.readLock.lock();
        try {
            boolean blocking = channel.isBlocking();
            channel.prepare(false);
            if (count == 0) {
                return 0;
            }
            NativeNet net = core.net;
            TempBuffers t = TempBuffers.get();
            long[] addrs = t.iovAddress;
            int[] lens = t.iovLength;
            int[] got = t.iovHeapOffset; // the received lengths
            int[] pos = positions = grow(positions);
            // the lengths are read once and staged from exactly those values: a buffer cleared by
            // another thread meanwhile cannot make the kernel write past the stage
            long heap = 0;
            for (int i = 0; i < count; i++) {
                ByteBuffer b = buffers[offset + i];
                int p = b.position();
                int rem = remaining(p, b.limit());
                long base = core.readBuffers().base(net, i, b); // one look per buffer: -1 when staged
                boolean staged = base < 0;
                if (staged && inet) {
                    rem = Math.min(rem, INET_DATAGRAM_CAP); // no internet datagram is longer
                }
                pos[i] = p;
                lens[i] = rem;
                addrs[i] = staged ? -1 : base + p;
                if (staged) {
                    heap += rem;
                }
            }
            if (heap > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("the heap buffers of the batch have " + heap
                        + " bytes of room; stage them through at most 2 GiB (or use direct buffers)");
            }
            ByteBuffer stage = t.staging(net, (int) heap);
            long stageAddress = stage == null ? 0 : net.directAddress(stage);
            int at = 0;
            for (int i = 0; i < count; i++) {
                ByteBuffer b = buffers[offset + i];
                if (b.isDirect() && lens[i] > 0) {
                    BufferIo.checkAccessible(b, pos[i]);
                }
                if (addrs[i] < 0) {
                    addrs[i] = stageAddress + at;
                    at += lens[i];
                }
            }
            SocketAddress[] src = null;
            if (sourcesOut != null) {
                src = sources;
                if (src == null) {
                    src = sources = new SocketAddress[MAX_BATCH];
                }
            }
            int n = 0;
            try {
                core.beginRead(blocking);
                for (;;) {
                    try {
                        n = net.receiveMany(core.handle, addrs, lens, count, family, got, src);
                    } catch (IOException e) {
                        if (WsnioDatagramChannel.isRefused(e) && !channel.isConnected() && channel.isOpen()) {
                            continue; // a stale ICMP error of an earlier association, as receive does
                        }
                        throw e;
                    }
                    if (core.retry(n, blocking, Readiness.IN)) {
                        continue;
                    }
                    break;
                }
            } catch (IOException e) {
                throw channel.closedOr(channel.isConnected() ? WsnioDatagramChannel.unreachable(e) : e);
            } finally {
                // a close wakes a blocked recvmmsg with an empty "datagram": not a completion
                core.endRead(blocking, n > 0 && channel.isOpen());
                Reference.reachabilityFence(buffers);
            }
            for (int i = 0; i < n; i++) {
                ByteBuffer b = buffers[offset + i];
                int len = Math.min(got[i], lens[i]);
                long inStage = addrs[i] - stageAddress; // staged entries point into wsnio's own stage, nothing else can
                if (stage != null && inStage >= 0 && inStage < heap) {
                    b.put(pos[i], stage, (int) inStage, len);
                }
                b.position(pos[i] + len);
                if (src != null) {
                    sourcesOut[offset + i] = src[i];
                    src[i] = null;
                }
            }
            Reference.reachabilityFence(stage);
            return Math.max(n, 0);
        } finally {
            core.readLock.unlock();
        }
    }

    int sendSegmented(ByteBuffer src, int segmentSize, SocketAddress target) throws IOException {
        Objects.requireNonNull(src);
        if (!udp) {
            throw new UnsupportedOperationException("UDP segmentation offload needs a UDP socket, not " + spec);
        }
        if (segmentSize < 1 || segmentSize > MAX_DATAGRAM) {
            throw new IllegalArgumentException("segment size " + segmentSize + " not in 1.." + MAX_DATAGRAM);
        }
        core.writeLock.lock();
        try {
            int pos = src.position();
            int rem = remaining(pos, src.limit());
            if (rem > MAX_DATAGRAM) {
                throw new IllegalArgumentException(rem + " bytes; one segmented send takes at most " + MAX_DATAGRAM);
            }
            if ((rem + segmentSize - 1) / segmentSize > MAX_SEGMENTS) {
                throw new IllegalArgumentException(rem + " bytes in segments of " + segmentSize + " make "
                        + (rem + segmentSize - 1) / segmentSize + " segments; at most " + MAX_SEGMENTS);
            }
            boolean blocking = channel.isBlocking();
            SocketAddress to = channel.batchTarget(target);
            boolean connected = to == null;
            if (!gsoAvailable()) {
                throw new UnsupportedOperationException(gsoRefusal);
            }
            NativeNet net = core.net;
            long address;
            if (src.isDirect() && rem > 0) {
                BufferIo.checkAccessible(src, pos);
            }
            long base = core.writeBuffers().base(net, src);
            if (base >= 0) {
                address = base + pos;
            } else {
                TempBuffers t = TempBuffers.get();
                ByteBuffer tmp = t.buffer(net, rem);
                tmp.put(0, src, pos, rem);
                address = t.address;
            }
            int n = 0;
            try {
                core.beginWrite(blocking);
                do {
                    n = net.sendSegmented(core.handle, address, rem, segmentSize, family, to);
                } while (core.retry(n, blocking, Readiness.OUT));
            } catch (IOException e) {
                throw channel.closedOr(connected ? WsnioDatagramChannel.unreachable(e) : e);
            } finally {
                core.endWrite(blocking, n >= 0);
                Reference.reachabilityFence(src);
            }
            if (n > 0) {
                src.position(pos + n);
            }
            return Math.max(n, 0);
        } finally {
            core.writeLock.unlock();
        }
    }
}
