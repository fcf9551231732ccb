package io.wsnio.channels;

import io.wsnio.NativeError;
import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.nativeio.IOStatus;
import io.wsnio.nativeio.NativeErrors;
import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.Readiness;
import io.wsnio.nativeio.SockOpt;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectionKey;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A message socket (DGRAM, RAW or RDM of any family) as a {@link DatagramChannel}. Follows
 * {@link WsnioSocketChannel}: {@link NativeCore} records every thread inside a native data call,
 * {@code begin()/end()} only in blocking mode, close through the core. An internet socket is bound
 * to the wildcard address on its first send, receive or connect, as in the JDK.
 *
 * <p>A datagram longer than the room in the buffer is truncated and the rest discarded. Heap
 * buffers go through the per-thread direct buffer of {@link TempBuffers}; a heap buffer sent with
 * more than {@link TempBuffers#MAX_CACHED} bytes goes through a one-off direct buffer, and a heap
 * receive takes at most that many bytes.
 */
public final class WsnioDatagramChannel extends DatagramChannel implements NativeChannel, io.wsnio.BatchDatagramChannel {
    private static final int ST_UNCONNECTED = 0, ST_CONNECTED = 1, ST_CLOSED = 2;

    private final NativeCore core;
    private final SocketSpec spec;
    private final Family family;
    private final boolean inet;       // INET or INET6: auto-bind, multicast, ports
    private final boolean udpLike;    // DGRAM on an internet family: port 0 is refused as a target
    private final Set<SocketOption<?>> options;
    private final SocketAddress[] from = new SocketAddress[1];   // guarded by readLock
    private final int[] segment = new int[1];                     // guarded by readLock
    private int lastSegmentSize;                                  // guarded by readLock
    private volatile boolean gro;                                 // UDP_GRO set on
    private volatile int gso;                                     // UDP_SEGMENT: 0 not probed, 1 yes, -1 no
    private volatile String gsoRefusal;                           // why not, when gso is -1
    private SocketAddress[] batchFrom;                            // guarded by readLock, lazily

    // guarded by core.stateLock
    private volatile int state;
    private volatile SocketAddress localAddress;   // written under core.stateLock
    private volatile SocketAddress remoteAddress;  // written under core.stateLock
    private SocketAddress initialLocalAddress;   // before connect, restored by disconnect
    private DatagramSocketAdaptor adaptor;
    private final List<Membership> memberships = new ArrayList<>();

    /** A new unbound, unconnected message socket. */
    public WsnioDatagramChannel(SelectorProvider provider, NativeNet net, SocketSpec spec) throws IOException {
        super(provider);
        this.core = new NativeCore(net, net.socket(spec, true), this, this::begin, this::end);
        this.spec = spec;
        this.family = net.familyOf(spec);
        this.inet = family == Family.INET || family == Family.INET6;
        this.udpLike = inet && spec.typeValue() == SocketSpec.Type.DGRAM.value();
        this.options = SocketOptionSupport.datagramOptions(net, family, spec);
        if (udpLike) {
            // as the JDK on Linux (IPv6 from recent JDKs): a socket receives only the groups it
            // joined, not every group some socket on the host joined on its port
            SockOpt all = family == Family.INET ? SockOpt.IP_MULTICAST_ALL : SockOpt.IPV6_MULTICAST_ALL;
            if (net.hasOption(all)) {
                try {
                    net.setIntOption(core.handle, all, 0);
                } catch (IOException ignore) {
                    // a kernel without the option has the old behaviour
                }
            }
        }
        ProtocolTally.record("datagram", core);
    }

    /** The triple this socket was opened with. */
    public SocketSpec spec() {
        return spec;
    }

    NativeCore core() {
        return core;
    }

    // -- begin/end around possibly-blocking native calls

    /** A native error seen because another thread closed the channel is an asynchronous close. */
    private IOException closedOr(IOException e) {
        if (!isOpen() && !(e instanceof ClosedChannelException)) {
            AsynchronousCloseException ace = new AsynchronousCloseException();
            ace.addSuppressed(e);
            return ace;
        }
        return e;
    }

    private static boolean isRefused(IOException e) {
        return e instanceof NativeError && "ECONNREFUSED".equals(NativeErrors.neutral(((NativeError) e).errorName()));
    }

    /** ECONNREFUSED on a connected datagram socket is an ICMP port unreachable, as the JDK reports it. */
    private static IOException unreachable(IOException e) {
        if (isRefused(e)) {
            PortUnreachableException pue = new PortUnreachableException();
            pue.initCause(e);
            return pue;
        }
        return e;
    }

    /** Under the read and/or write lock: checks open (and connected), binds an unbound internet socket. */
    private SocketAddress prepare(boolean mustBeConnected) throws IOException {
        if (localAddress != null || !inet) {
            // bound: no monitor. connect and disconnect hold both the read and the write lock, so
            // state and remoteAddress are stable under either; enterRead/enterWrite re-check close
            core.ensureOpen();
            if (mustBeConnected && state != ST_CONNECTED) {
                throw new NotYetConnectedException();
            }
            return remoteAddress;
        }
        synchronized (core.stateLock) {
            core.ensureOpen();
            if (mustBeConnected && state != ST_CONNECTED) {
                throw new NotYetConnectedException();
            }
            if (localAddress == null && inet) {
                bindInternal(null);
            }
            return remoteAddress;
        }
    }

    // -- receive and read

    @Override
    public SocketAddress receive(ByteBuffer dst) throws IOException {
        return receive(dst, 0);
    }

    /**
     * Receives one datagram; in blocking mode waits at most {@code timeoutMillis} (0: for ever)
     * and then throws {@link SocketTimeoutException} (used by the {@code DatagramSocket} adaptor).
     */
    SocketAddress receive(ByteBuffer dst, int timeoutMillis) throws IOException {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        core.readLock.lock();
        try {
            boolean blocking = isBlocking();
            SocketAddress sender = null;
            try {
                prepare(false);
                long deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000L : 0;
                core.beginRead(blocking);
                for (;;) {
                    if (deadline != 0 && blocking) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0 || core.timedOut(Readiness.IN, left)) {
                            throw new SocketTimeoutException("Receive timed out");
                        }
                        if (!isOpen()) {
                            break;
                        }
                    }
                    int n;
                    try {
                        n = receiveOnce(dst);
                    } catch (IOException e) {
                        if (isRefused(e) && state != ST_CONNECTED && isOpen()) {
                            continue; // a stale ICMP error of an earlier association: the JDK retries too
                        }
                        throw e;
                    }
                    if (n == IOStatus.INTERRUPTED) {
                        if (isOpen()) {
                            continue; // a signal or a wake-up that was not a close: retry
                        }
                        break;
                    }
                    if (n == IOStatus.UNAVAILABLE && blocking && isOpen()) {
                        if (deadline == 0) {
                            core.await(Readiness.IN, 0); // a socket made non-blocking for virtual threads
                        }
                        continue; // with a time-out: another process took the datagram after the wait
                    }
                    sender = n >= 0 ? from[0] : null;
                    break;
                }
            } catch (IOException e) {
                throw closedOr(state == ST_CONNECTED ? unreachable(e) : e);
            } finally {
                core.endRead(blocking, sender != null);
                from[0] = null;
            }
            return sender;
        } finally {
            core.readLock.unlock();
        }
    }

    /** One recvfrom into {@code dst}; the position moves only when a sender was reported. */
    private int receiveOnce(ByteBuffer dst) throws IOException {
        NativeNet net = core.net;
        int pos = dst.position();
        int rem = dst.limit() - pos;
        from[0] = null;
        if (dst.isDirect()) {
            int n = receiveFrom(net, net.directAddress(dst) + pos, rem);
            if (n >= 0 && from[0] != null) {
                dst.position(pos + n);
            }
            return n;
        }
        TempBuffers t = TempBuffers.get();
        ByteBuffer tmp = t.buffer(net, rem);
        int n = receiveFrom(net, t.address, Math.min(rem, tmp.capacity()));
        if (n > 0 && from[0] != null) {
            tmp.limit(n);
            dst.put(tmp);
        }
        return n;
    }

    /** recvfrom, or with UDP_GRO on recvmsg that also reports the coalesced segment size. */
    private int receiveFrom(NativeNet net, long address, int length) throws IOException {
        if (!gro) {
            return net.receiveFrom(core.handle, address, length, family, from);
        }
        segment[0] = 0;
        int n = net.receiveCoalesced(core.handle, address, length, family, from, segment);
        if (n >= 0) {
            lastSegmentSize = segment[0];
        }
        return n;
    }

    @Override
    public int lastSegmentSize() {
        core.readLock.lock();
        try {
            return lastSegmentSize;
        } finally {
            core.readLock.unlock();
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst);
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        core.readLock.lock();
        try {
            prepare(true);
            boolean blocking = isBlocking();
            int n = 0;
            try {
                core.beginRead(blocking);
                if (!dst.hasRemaining()) {
                    return 0;
                }
                do {
                    n = BufferIo.read(core.net, core.handle, dst);
                } while (core.retry(n, blocking, Readiness.IN));
            } catch (IOException e) {
                throw closedOr(unreachable(e));
            } finally {
                core.endRead(blocking, n > 0 || (n == 0 && isOpen()));
            }
            return n < 0 ? 0 : n; // UNAVAILABLE, or INTERRUPTED by a close (endRead/endWrite threw then)
        } finally {
            core.readLock.unlock();
        }
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        BufferIo.checkBounds(dsts, offset, length);
        core.readLock.lock();
        try {
            prepare(true);
            boolean blocking = isBlocking();
            long n = 0;
            try {
                core.beginRead(blocking);
                do {
                    n = BufferIo.read(core.net, core.handle, dsts, offset, length);
                } while (core.retry(n, blocking, Readiness.IN));
            } catch (IOException e) {
                throw closedOr(unreachable(e));
            } finally {
                core.endRead(blocking, n > 0 || (n == 0 && isOpen()));
            }
            return n < 0 ? 0 : n; // UNAVAILABLE, or INTERRUPTED by a close (endRead/endWrite threw then)
        } finally {
            core.readLock.unlock();
        }
    }

    // -- send and write

    /** Checks a target the way the JDK's Net.checkAddress does, for this socket's family. */
    private SocketAddress checkTarget(SocketAddress target) {
        Objects.requireNonNull(target);
        if (inet) {
            return Addresses.checkInet(target, family);
        }
        if (family == Family.UNIX && !(target instanceof UnixDomainSocketAddress)) {
            throw new UnsupportedAddressTypeException();
        }
        return target;
    }

    @Override
    public int send(ByteBuffer src, SocketAddress target) throws IOException {
        Objects.requireNonNull(src);
        SocketAddress to = checkTarget(target);
        core.writeLock.lock();
        try {
            boolean blocking = isBlocking();
            SocketAddress remote = prepare(false);
            if (remote != null) {
                if (!target.equals(remote)) {
                    throw new AlreadyConnectedException();
                }
                to = null;
            } else if (udpLike && ((InetSocketAddress) to).getPort() == 0) {
                throw new SocketException("Can't send to port 0");
            }
            int n = 0;
            try {
                core.beginWrite(blocking);
                do {
                    n = sendOnce(src, to);
                } while (core.retry(n, blocking, Readiness.OUT));
            } catch (IOException e) {
                throw closedOr(remote != null ? unreachable(e) : e);
            } finally {
                core.endWrite(blocking, n >= 0);
            }
            return n < 0 ? 0 : n; // UNAVAILABLE, or INTERRUPTED by a close (endRead/endWrite threw then)
        } finally {
            core.writeLock.unlock();
        }
    }

    /** One sendto of all of {@code src} (to the peer when {@code to} is null); moves the position by what was sent. */
    private int sendOnce(ByteBuffer src, SocketAddress to) throws IOException {
        NativeNet net = core.net;
        int pos = src.position();
        int rem = src.limit() - pos;
        int n;
        if (src.isDirect()) {
            n = net.sendTo(core.handle, net.directAddress(src) + pos, rem, family, to);
        } else if (rem <= TempBuffers.MAX_CACHED) {
            TempBuffers t = TempBuffers.get();
            ByteBuffer tmp = t.buffer(net, rem);
            tmp.put(0, src, pos, rem);
            n = net.sendTo(core.handle, t.address, rem, family, to);
        } else {
            // a datagram is never split: an oversized heap buffer goes through a one-off copy
            ByteBuffer big = ByteBuffer.allocateDirect(rem);
            big.put(0, src, pos, rem);
            n = net.sendTo(core.handle, net.directAddress(big), rem, family, to);
        }
        if (n > 0) {
            src.position(pos + n);
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src);
        core.writeLock.lock();
        try {
            prepare(true);
            boolean blocking = isBlocking();
            int n = 0;
            try {
                core.beginWrite(blocking);
                do {
                    n = sendOnce(src, null);
                } while (core.retry(n, blocking, Readiness.OUT));
            } catch (IOException e) {
                throw closedOr(unreachable(e));
            } finally {
                core.endWrite(blocking, n >= 0);
            }
            return n < 0 ? 0 : n; // UNAVAILABLE, or INTERRUPTED by a close (endRead/endWrite threw then)
        } finally {
            core.writeLock.unlock();
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        BufferIo.checkBounds(srcs, offset, length);
        core.writeLock.lock();
        try {
            prepare(true);
            boolean blocking = isBlocking();
            long n = 0;
            try {
                core.beginWrite(blocking);
                do {
                    n = BufferIo.write(core.net, core.handle, srcs, offset, length);
                } while (core.retry(n, blocking, Readiness.OUT));
            } catch (IOException e) {
                throw closedOr(unreachable(e));
            } finally {
                core.endWrite(blocking, n >= 0);
            }
            return n < 0 ? 0 : n; // UNAVAILABLE, or INTERRUPTED by a close (endRead/endWrite threw then)
        } finally {
            core.writeLock.unlock();
        }
    }

    // -- batches and segmentation offload (BatchDatagramChannel)

    /** Checks offset/count against the array and the batch limit; no element is looked at. */
    private static void checkBatch(Object[] array, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, array.length);
        if (count > MAX_BATCH) {
            throw new IllegalArgumentException("batch of " + count + " datagrams; at most " + MAX_BATCH);
        }
    }

    /** Under the write lock: the target to pass down (null when connected), after the send checks. */
    private SocketAddress batchTarget(SocketAddress target) throws IOException {
        SocketAddress to = target == null ? null : checkTarget(target);
        SocketAddress remote = prepare(target == null);
        if (remote != null) {
            if (to != null && !to.equals(remote)) {
                throw new AlreadyConnectedException();
            }
            return null;
        }
        if (udpLike && ((InetSocketAddress) to).getPort() == 0) {
            throw new SocketException("Can't send to port 0");
        }
        return to;
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
            if (udpLike && spec.protocolValue() != SocketSpec.Protocol.UDPLITE.value()) {
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

    @Override
    public int sendBatch(ByteBuffer[] packets, int offset, int count, SocketAddress target) throws IOException {
        checkBatch(packets, offset, count);
        int heap = 0;
        for (int i = 0; i < count; i++) {
            ByteBuffer b = packets[offset + i];
            if (b == null) {
                throw new NullPointerException("packets[" + (offset + i) + "]");
            }
            int rem = b.remaining();
            if (rem > MAX_DATAGRAM) {
                throw new IllegalArgumentException("packets[" + (offset + i) + "] has " + rem
                        + " bytes; a datagram takes at most " + MAX_DATAGRAM);
            }
            if (!b.isDirect()) {
                heap += rem;
            }
        }
        core.writeLock.lock();
        try {
            boolean blocking = isBlocking();
            SocketAddress to = batchTarget(target);
            boolean connected = to == null;
            if (count == 0) {
                return 0;
            }
            NativeNet net = core.net;
            TempBuffers t = TempBuffers.get();
            long[] addrs = t.iovAddress;
            int[] lens = t.iovLength;
            ByteBuffer stage = t.staging(net, heap);
            long stageAddress = stage == null ? 0 : net.directAddress(stage);
            int at = 0;
            for (int i = 0; i < count; i++) {
                ByteBuffer b = packets[offset + i];
                int pos = b.position();
                int rem = b.limit() - pos;
                lens[i] = rem;
                if (b.isDirect()) {
                    addrs[i] = net.directAddress(b) + pos;
                } else {
                    stage.put(at, b, pos, rem);
                    addrs[i] = stageAddress + at;
                    at += rem;
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
                throw closedOr(connected ? unreachable(e) : e);
            } finally {
                core.endWrite(blocking, n >= 0);
            }
            for (int i = 0; i < n; i++) {
                ByteBuffer b = packets[offset + i];
                b.position(b.limit());
            }
            return Math.max(n, 0);
        } finally {
            core.writeLock.unlock();
        }
    }

    @Override
    public int receiveBatch(ByteBuffer[] buffers, int offset, int count, SocketAddress[] sources) throws IOException {
        checkBatch(buffers, offset, count);
        if (sources != null) {
            Objects.checkFromIndexSize(offset, count, sources.length);
        }
        int heap = 0;
        for (int i = 0; i < count; i++) {
            ByteBuffer b = buffers[offset + i];
            if (b == null) {
                throw new NullPointerException("buffers[" + (offset + i) + "]");
            }
            if (b.isReadOnly()) {
                throw new IllegalArgumentException("Read-only buffer: buffers[" + (offset + i) + "]");
            }
            if (!b.isDirect()) {
                heap += Math.min(b.remaining(), MAX_DATAGRAM + 28);
            }
        }
        core.readLock.lock();
        try {
            boolean blocking = isBlocking();
            prepare(false);
            if (count == 0) {
                return 0;
            }
            NativeNet net = core.net;
            TempBuffers t = TempBuffers.get();
            long[] addrs = t.iovAddress;
            int[] lens = t.iovLength;
            int[] got = t.iovHeapOffset; // the received lengths
            ByteBuffer stage = t.staging(net, heap);
            long stageAddress = stage == null ? 0 : net.directAddress(stage);
            int at = 0;
            for (int i = 0; i < count; i++) {
                ByteBuffer b = buffers[offset + i];
                int pos = b.position();
                if (b.isDirect()) {
                    addrs[i] = net.directAddress(b) + pos;
                    lens[i] = b.limit() - pos;
                } else {
                    addrs[i] = stageAddress + at;
                    lens[i] = Math.min(b.limit() - pos, MAX_DATAGRAM + 28);
                    at += lens[i];
                }
            }
            SocketAddress[] src = null;
            if (sources != null) {
                src = batchFrom;
                if (src == null) {
                    src = batchFrom = new SocketAddress[MAX_BATCH];
                }
            }
            int n = 0;
            try {
                core.beginRead(blocking);
                for (;;) {
                    try {
                        n = net.receiveMany(core.handle, addrs, lens, count, family, got, src);
                    } catch (IOException e) {
                        if (isRefused(e) && state != ST_CONNECTED && isOpen()) {
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
                throw closedOr(state == ST_CONNECTED ? unreachable(e) : e);
            } finally {
                // a close wakes a blocked recvmmsg with an empty "datagram": not a completion
                core.endRead(blocking, n > 0 && isOpen());
            }
            for (int i = 0; i < n; i++) {
                ByteBuffer b = buffers[offset + i];
                int pos = b.position();
                int len = got[i];
                if (b.isDirect()) {
                    b.position(pos + len);
                } else {
                    b.put(pos, stage, (int) (addrs[i] - stageAddress), len);
                    b.position(pos + len);
                }
                if (src != null) {
                    sources[offset + i] = src[i];
                    src[i] = null;
                }
            }
            return Math.max(n, 0);
        } finally {
            core.readLock.unlock();
        }
    }

    @Override
    public int sendSegmented(ByteBuffer src, int segmentSize, SocketAddress target) throws IOException {
        Objects.requireNonNull(src);
        if (!udpLike || spec.protocolValue() == SocketSpec.Protocol.UDPLITE.value()) {
            throw new UnsupportedOperationException("UDP segmentation offload needs a UDP socket, not " + spec);
        }
        if (segmentSize < 1 || segmentSize > MAX_DATAGRAM) {
            throw new IllegalArgumentException("segment size " + segmentSize + " not in 1.." + MAX_DATAGRAM);
        }
        int rem = src.remaining();
        if (rem > MAX_DATAGRAM) {
            throw new IllegalArgumentException(rem + " bytes; one segmented send takes at most " + MAX_DATAGRAM);
        }
        if ((rem + segmentSize - 1) / segmentSize > MAX_SEGMENTS) {
            throw new IllegalArgumentException(rem + " bytes in segments of " + segmentSize + " make "
                    + (rem + segmentSize - 1) / segmentSize + " segments; at most " + MAX_SEGMENTS);
        }
        core.writeLock.lock();
        try {
            boolean blocking = isBlocking();
            SocketAddress to = batchTarget(target);
            boolean connected = to == null;
            if (!gsoAvailable()) {
                throw new UnsupportedOperationException(gsoRefusal);
            }
            NativeNet net = core.net;
            int pos = src.position();
            long address;
            if (src.isDirect()) {
                address = net.directAddress(src) + pos;
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
                throw closedOr(connected ? unreachable(e) : e);
            } finally {
                core.endWrite(blocking, n >= 0);
            }
            if (n > 0) {
                src.position(pos + n);
            }
            return Math.max(n, 0);
        } finally {
            core.writeLock.unlock();
        }
    }

    // -- bind, connect, disconnect

    /** Under stateLock. */
    private void bindInternal(SocketAddress local) throws IOException {
        SocketAddress sa = Addresses.checkLocal(local, family);
        if (sa instanceof InetSocketAddress && family == Family.INET6
                && ((InetSocketAddress) sa).getAddress() instanceof java.net.Inet4Address
                && ((InetSocketAddress) sa).getAddress().isAnyLocalAddress()) {
            // an IPv6 socket bound to 0.0.0.0 is bound to ::, as in the JDK (::ffff:0.0.0.0 gets no IPv6)
            sa = new InetSocketAddress(InetAddress.getByAddress(new byte[16]),
                    ((InetSocketAddress) sa).getPort());
        }
        if (sa != null) {
            core.net.bind(core.handle, family, sa);
        }
        localAddress = core.net.localAddress(core.handle, family);
    }

    @Override
    public DatagramChannel bind(SocketAddress local) throws IOException {
        core.readLock.lock();
        try {
            core.writeLock.lock();
            try {
                synchronized (core.stateLock) {
                    core.ensureOpen();
                    if (localAddress != null) {
                        throw new AlreadyBoundException();
                    }
                    bindInternal(local);
                }
            } finally {
                core.writeLock.unlock();
            }
        } finally {
            core.readLock.unlock();
        }
        return this;
    }

    @Override
    public boolean isConnected() {
        return state == ST_CONNECTED;
    }

    @Override
    public DatagramChannel connect(SocketAddress remote) throws IOException {
        return connect(remote, true);
    }

    /** Connects; {@code check} false lets the adaptor re-connect a connected socket, as java.net does. */
    DatagramChannel connect(SocketAddress remote, boolean check) throws IOException {
        SocketAddress target = checkTarget(remote);
        core.readLock.lock();
        try {
            core.writeLock.lock();
            try {
                synchronized (core.stateLock) {
                    core.ensureOpen();
                    if (check && state == ST_CONNECTED) {
                        throw new AlreadyConnectedException();
                    }
                    if (udpLike && ((InetSocketAddress) target).getPort() == 0) {
                        throw new SocketException("Can't connect to port 0");
                    }
                    if (localAddress == null && inet) {
                        bindInternal(null);
                    }
                    if (state != ST_CONNECTED) {
                        initialLocalAddress = localAddress;
                    }
                    int r = core.net.connect(core.handle, family, target);
                    if (r < 0) {
                        throw new SocketException("datagram connect did not complete at once (" + r + ")");
                    }
                    remoteAddress = target;
                    state = ST_CONNECTED;
                    localAddress = core.net.localAddress(core.handle, family);
                }
                drain();
            } finally {
                core.writeLock.unlock();
            }
        } finally {
            core.readLock.unlock();
        }
        return this;
    }

    /**
     * Under the read lock, after connecting: discards the datagrams queued before the connect (any
     * sender), so reads see only the peer's, as in the JDK.
     */
    private void drain() throws IOException {
        TempBuffers t = TempBuffers.get();
        t.buffer(core.net, 1);
        core.enterRead(false);
        try {
            while (core.net.poll(core.handle, Readiness.IN, 0) > 0) {
                // polled readable: this recvfrom does not block
                if (core.net.receiveFrom(core.handle, t.address, 1, family, from) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            // a pending socket error: the next read reports it
        } finally {
            from[0] = null;
            core.exitRead();
        }
    }

    @Override
    public DatagramChannel disconnect() throws IOException {
        core.readLock.lock();
        try {
            core.writeLock.lock();
            try {
                synchronized (core.stateLock) {
                    if (!isOpen() || state != ST_CONNECTED) {
                        return this;
                    }
                    core.net.disconnect(core.handle);
                    remoteAddress = null;
                    state = ST_UNCONNECTED;
                    localAddress = core.net.localAddress(core.handle, family);
                    SocketAddress before = initialLocalAddress;
                    initialLocalAddress = null;
                    if (before instanceof InetSocketAddress && localAddress instanceof InetSocketAddress
                            && ((InetSocketAddress) localAddress).getPort() == 0 && !localAddress.equals(before)) {
                        // Linux drops an ephemeral port on disconnect: take the same one back
                        core.net.bind(core.handle, family, before);
                        localAddress = core.net.localAddress(core.handle, family);
                    }
                }
            } finally {
                core.writeLock.unlock();
            }
        } finally {
            core.readLock.unlock();
        }
        return this;
    }

    @Override
    public SocketAddress getLocalAddress() throws IOException {
        synchronized (core.stateLock) {
            core.ensureOpen();
            return localAddress;
        }
    }

    @Override
    public SocketAddress getRemoteAddress() throws IOException {
        synchronized (core.stateLock) {
            core.ensureOpen();
            return remoteAddress;
        }
    }

    /** The local address without the open check (for the adaptor after close). */
    SocketAddress localAddressOrNull() {
        synchronized (core.stateLock) {
            return localAddress;
        }
    }

    /** The peer without the open check, or null. */
    SocketAddress remoteAddressOrNull() {
        synchronized (core.stateLock) {
            return remoteAddress;
        }
    }

    // -- options

    @Override
    public <T> DatagramChannel setOption(SocketOption<T> name, T value) throws IOException {
        SocketOptionSupport.checkSet(options, name, value);
        synchronized (core.stateLock) {
            core.ensureOpen();
            if (name == StandardSocketOptions.IP_MULTICAST_IF) {
                setMulticastInterface((NetworkInterface) value);
                return this;
            }
            SocketOptionSupport.set(core.net, core.handle, family, name, value);
            if (name == io.wsnio.WsnioSocketOptions.UDP_GRO) {
                gro = (Boolean) value;
            }
            if (family == Family.INET6 && (name == StandardSocketOptions.IP_MULTICAST_TTL
                    || name == StandardSocketOptions.IP_MULTICAST_LOOP)) {
                // a dual-stack socket may send IPv4 multicast: set the IPv4 option too, best effort
                try {
                    SocketOptionSupport.set(core.net, core.handle, Family.INET, name, value);
                } catch (IOException | UnsupportedOperationException ignore) {
                    // an IPv6-only socket
                }
            }
        }
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(SocketOption<T> name) throws IOException {
        SocketOptionSupport.checkGet(options, name);
        synchronized (core.stateLock) {
            core.ensureOpen();
            if (name == StandardSocketOptions.IP_MULTICAST_IF) {
                return (T) multicastInterface();
            }
            return (T) SocketOptionSupport.get(core.net, core.handle, family, name);
        }
    }

    private void setMulticastInterface(NetworkInterface ni) throws IOException {
        if (family == Family.INET6) {
            int index = ni.getIndex();
            if (index == -1) {
                throw new IOException("Network interface cannot be identified");
            }
            core.net.setIntOption(core.handle, SockOpt.IPV6_MULTICAST_IF, index);
        }
        Inet4Address a = anyInet4Address(ni);
        if (a != null) {
            try {
                core.net.setIntOption(core.handle, SockOpt.IP_MULTICAST_IF, inet4AsInt(a));
            } catch (IOException e) {
                if (family == Family.INET) {
                    throw e;
                }
            }
        } else if (family == Family.INET) {
            throw new IOException("Network interface not configured for IPv4");
        }
    }

    private NetworkInterface multicastInterface() throws IOException {
        if (family == Family.INET) {
            int a = core.net.getIntOption(core.handle, SockOpt.IP_MULTICAST_IF);
            if (a == 0) {
                return null;
            }
            InetAddress ia = InetAddress.getByAddress(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
            NetworkInterface ni = NetworkInterface.getByInetAddress(ia);
            if (ni == null) {
                throw new IOException("Unable to map address to interface");
            }
            return ni;
        }
        int index = core.net.getIntOption(core.handle, SockOpt.IPV6_MULTICAST_IF);
        if (index == 0) {
            return null;
        }
        NetworkInterface ni = NetworkInterface.getByIndex(index);
        if (ni == null) {
            throw new IOException("Unable to map index to interface");
        }
        return ni;
    }

    private static Inet4Address anyInet4Address(NetworkInterface ni) {
        for (Enumeration<InetAddress> e = ni.getInetAddresses(); e.hasMoreElements();) {
            InetAddress a = e.nextElement();
            if (a instanceof Inet4Address) {
                return (Inet4Address) a;
            }
        }
        return null;
    }

    private static int inet4AsInt(Inet4Address a) {
        byte[] b = a.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return options;
    }

    /** The protocol the kernel reports for this socket (SO_PROTOCOL), e.g. 17 for UDP, 136 for UDP-Lite. */
    public int protocolInUse() throws IOException {
        synchronized (core.stateLock) {
            core.ensureOpen();
            return core.net.getIntOption(core.handle, SockOpt.SO_PROTOCOL);
        }
    }

    @Override
    public DatagramSocket socket() {
        synchronized (core.stateLock) {
            if (adaptor == null) {
                adaptor = DatagramSocketAdaptor.create(this);
            }
            return adaptor;
        }
    }

    // -- multicast

    @Override
    public MembershipKey join(InetAddress group, NetworkInterface interf) throws IOException {
        return join(group, interf, null, false);
    }

    @Override
    public MembershipKey join(InetAddress group, NetworkInterface interf, InetAddress source) throws IOException {
        Objects.requireNonNull(source);
        return join(group, interf, source, true);
    }

    private MembershipKey join(InetAddress group, NetworkInterface interf, InetAddress source, boolean specific)
            throws IOException {
        Objects.requireNonNull(group);
        Objects.requireNonNull(interf);
        if (!inet) {
            throw new UnsupportedOperationException("multicast needs an INET or INET6 socket, not " + spec);
        }
        if (!group.isMulticastAddress()) {
            throw new IllegalArgumentException("Group not a multicast address");
        }
        if (group instanceof Inet6Address && family != Family.INET6) {
            throw new IllegalArgumentException("Only IPv6 sockets can join IPv6 multicast group");
        }
        if (specific) {
            checkSource(group, source);
        }
        synchronized (core.stateLock) {
            core.ensureOpen();
            for (Membership m : memberships) {
                if (m.group().equals(group) && m.networkInterface().equals(interf)) {
                    if (source == null) {
                        if (m.sourceAddress() == null) {
                            return m;
                        }
                        throw new IllegalStateException("Already a member to receive all packets");
                    }
                    if (m.sourceAddress() == null) {
                        throw new IllegalStateException("Already have source-specific membership");
                    }
                    if (source.equals(m.sourceAddress())) {
                        return m;
                    }
                }
            }
            int index = interf.getIndex();
            if (index == -1) {
                throw new IOException("Network interface cannot be identified");
            }
            core.net.multicast(core.handle, source == null ? NativeNet.MCAST_JOIN : NativeNet.MCAST_JOIN_SOURCE,
                    group, index, source);
            Membership m = new Membership(group, interf, index, source);
            memberships.add(m);
            return m;
        }
    }

    private static void checkSource(InetAddress group, InetAddress source) {
        if (source.isAnyLocalAddress()) {
            throw new IllegalArgumentException("Source address is a wildcard address");
        }
        if (source.isMulticastAddress()) {
            throw new IllegalArgumentException("Source address is multicast address");
        }
        if (source.getClass() != group.getClass()) {
            throw new IllegalArgumentException("Source address is different type to group");
        }
    }

    /** One membership; its state is guarded by the channel's stateLock. */
    private final class Membership extends MembershipKey {
        private final InetAddress group;
        private final NetworkInterface interf;
        private final int index;
        private final InetAddress source;
        private final List<InetAddress> blocked = new ArrayList<>();
        private volatile boolean valid = true;

        Membership(InetAddress group, NetworkInterface interf, int index, InetAddress source) {
            this.group = group;
            this.interf = interf;
            this.index = index;
            this.source = source;
        }

        @Override
        public boolean isValid() {
            return valid;
        }

        /** Under stateLock, on close: the kernel drops memberships with the socket. */
        void invalidate() {
            valid = false;
        }

        @Override
        public void drop() {
            synchronized (core.stateLock) {
                if (!valid) {
                    return;
                }
                try {
                    core.net.multicast(core.handle, source == null ? NativeNet.MCAST_LEAVE : NativeNet.MCAST_LEAVE_SOURCE,
                            group, index, source);
                } catch (IOException ignore) {
                    // the membership is gone from this key either way, as in the JDK
                }
                valid = false;
                memberships.remove(this);
            }
        }

        @Override
        public MembershipKey block(InetAddress src) throws IOException {
            Objects.requireNonNull(src);
            if (source != null) {
                throw new IllegalStateException("key is source-specific");
            }
            checkSource(group, src);
            synchronized (core.stateLock) {
                if (!valid) {
                    throw new IllegalStateException("key is no longer valid");
                }
                if (!blocked.contains(src)) {
                    core.net.multicast(core.handle, NativeNet.MCAST_BLOCK, group, index, src);
                    blocked.add(src);
                }
            }
            return this;
        }

        @Override
        public MembershipKey unblock(InetAddress src) {
            Objects.requireNonNull(src);
            synchronized (core.stateLock) {
                if (!valid) {
                    throw new IllegalStateException("key is no longer valid");
                }
                if (!blocked.contains(src)) {
                    throw new IllegalStateException("not blocked");
                }
                try {
                    core.net.multicast(core.handle, NativeNet.MCAST_UNBLOCK, group, index, src);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                blocked.remove(src);
            }
            return this;
        }

        @Override
        public DatagramChannel channel() {
            return WsnioDatagramChannel.this;
        }

        @Override
        public InetAddress group() {
            return group;
        }

        @Override
        public NetworkInterface networkInterface() {
            return interf;
        }

        @Override
        public InetAddress sourceAddress() {
            return source;
        }

        @Override
        public String toString() {
            return "<" + group.getHostAddress() + "," + interf.getName() + (source == null ? "" : "," + source.getHostAddress()) + ">";
        }
    }

    // -- blocking mode and close

    @Override
    protected void implConfigureBlocking(boolean block) throws IOException {
        core.readLock.lock();
        try {
            core.writeLock.lock();
            try {
                core.configureBlocking(block);
            } finally {
                core.writeLock.unlock();
            }
        } finally {
            core.readLock.unlock();
        }
    }

    @Override
    protected void implCloseSelectableChannel() throws IOException {
        synchronized (core.stateLock) {
            state = ST_CLOSED;
            for (Membership m : memberships) {
                m.invalidate();
            }
            memberships.clear();
        }
        core.close();
    }

    @Override
    public void kill() throws IOException {
        core.kill();
    }

    // -- selector seam

    @Override
    public long handle() {
        return core.handle;
    }

    @Override
    public int translateInterestOps(int ops) {
        int events = 0;
        if ((ops & SelectionKey.OP_READ) != 0) {
            events |= Readiness.IN;
        }
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            events |= Readiness.OUT;
        }
        return events;
    }

    @Override
    public int translateReadyOps(int readiness, int interestOps) {
        if ((readiness & Readiness.NVAL) != 0) {
            return 0;
        }
        if ((readiness & (Readiness.ERR | Readiness.HUP)) != 0) {
            return interestOps;
        }
        int ops = 0;
        if ((readiness & Readiness.IN) != 0 && (interestOps & SelectionKey.OP_READ) != 0) {
            ops |= SelectionKey.OP_READ;
        }
        if ((readiness & Readiness.OUT) != 0 && (interestOps & SelectionKey.OP_WRITE) != 0) {
            ops |= SelectionKey.OP_WRITE;
        }
        return ops;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('[');
        if (!isOpen()) {
            sb.append("closed");
        } else {
            synchronized (core.stateLock) {
                sb.append(state == ST_CONNECTED ? "connected" : "unconnected").append(' ').append(spec);
                if (localAddress != null) {
                    sb.append(" local=").append(localAddress);
                }
                if (remoteAddress != null) {
                    sb.append(" remote=").append(remoteAddress);
                }
            }
        }
        return sb.append(']').toString();
    }
}
