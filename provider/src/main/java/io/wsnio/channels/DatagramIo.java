package io.wsnio.channels;

import io.wsnio.SocketSpec.Family;
import io.wsnio.UnnamedSocketAddress;
import io.wsnio.nativeio.IOStatus;
import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.Readiness;
import java.io.IOException;
import java.lang.ref.Reference;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyConnectedException;
import java.util.Objects;

/**
 * The one-datagram-per-call half of {@link WsnioDatagramChannel}: receive, send, and read/write
 * on a connected socket. A datagram is never split: each call is one {@code recvfrom}/{@code sendto}
 * (or {@code readv}/{@code writev}) of the whole buffer. Position and limit are read once and
 * clamped; the native call gets exactly the values read.
 */
final class DatagramIo {
    private final WsnioDatagramChannel channel;
    private final NativeCore core;
    private final Family family;
    private final boolean udpLike;
    private final SocketAddress[] from = new SocketAddress[1];   // guarded by readLock
    private final SenderAddressCache senders = new SenderAddressCache(); // guarded by readLock
    private final int[] segment = new int[1];                     // guarded by readLock
    private int lastSegmentSize;                                  // guarded by readLock
    private int receivePosition;                                  // guarded by readLock
    private ByteBuffer receiveStage;                              // guarded by readLock: a heap receive's direct copy
    private SocketAddress unnamed;                                // guarded by readLock, lazily
    volatile boolean gro;                                         // UDP_GRO set on
    private final int maxDatagram; // the most bytes a datagram of the family holds (IPv4/IPv6: 65,535)

    DatagramIo(WsnioDatagramChannel channel, NativeCore core, Family family, boolean udpLike) {
        this.channel = channel;
        this.core = core;
        this.family = family;
        this.udpLike = udpLike;
        this.maxDatagram = family == Family.INET || family == Family.INET6 ? INET_DATAGRAM_MAX : BufferIo.MAX_MESSAGE;
    }

    /** No IPv4 or IPv6 datagram (jumbograms aside) holds more: a heap read stages no more room than this. */
    private static final int INET_DATAGRAM_MAX = 65_535;

    SocketAddress receive(ByteBuffer dst) throws IOException {
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
            boolean blocking = channel.isBlocking();
            SocketAddress sender = null;
            try {
                channel.prepare(false);
                long deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000L : 0;
                core.beginRead(blocking);
                for (;;) {
                    if (deadline != 0 && blocking) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0 || core.timedOut(Readiness.IN, left)) {
                            throw new SocketTimeoutException("Receive timed out");
                        }
                        if (!channel.isOpen()) {
                            break;
                        }
                    }
                    int n;
                    try {
                        n = receiveOnce(dst);
                    } catch (IOException e) {
                        if (WsnioDatagramChannel.isRefused(e) && !channel.isConnected() && channel.isOpen()) {
                            continue; // a stale ICMP error of an earlier association: the JDK retries too
                        }
                        throw e;
                    }
                    if (n == IOStatus.INTERRUPTED) {
                        if (channel.isOpen()) {
                            continue; // a signal or a wake-up that was not a close: retry
                        }
                        break;
                    }
                    if (n == IOStatus.UNAVAILABLE && blocking && channel.isOpen()) {
                        if (deadline == 0) {
                            core.await(Readiness.IN, 0); // a socket made non-blocking for virtual threads
                        }
                        continue; // with a time-out: another process took the datagram after the wait
                    }
                    if (n >= 0) {
                        sender = from[0];
                        if (sender == null) {
                            if (!channel.isOpen()) {
                                break; // the empty wake-up of a close, not a datagram
                            }
                            sender = unnamedSender(); // a datagram whose source has no decodable address
                        } else {
                            sender = senders.reuse(sender);
                        }
                        deliver(dst, n);
                    }
                    break;
                }
            } catch (IOException e) {
                throw channel.closedOr(channel.isConnected() ? WsnioDatagramChannel.unreachable(e) : e);
            } finally {
                core.endRead(blocking, sender != null);
                from[0] = null;
                receiveStage = null;
            }
            return sender;
        } finally {
            core.readLock.unlock();
        }
    }

    /**
     * One recvfrom into {@code dst} (a heap buffer through this thread's temporary buffer); the
     * position read here is kept for {@link #deliver}, which moves it once the datagram is taken.
     */
    private int receiveOnce(ByteBuffer dst) throws IOException {
        NativeNet net = core.net;
        int pos = dst.position();
        int lim = dst.limit();
        int rem = pos <= lim ? lim - pos : 0;
        from[0] = senders.last(); // the backend keeps it, undecoded, when the source is the same
        receivePosition = pos;
        long base = core.readBuffers().base(net, dst);
        if (base >= 0) {
            return receiveFrom(net, base + pos, rem, null);
        }
        if (dst.isDirect() && rem > 0) {
            BufferIo.checkAccessible(dst, pos); // a closed MemorySegment arena: IllegalStateException
        }
        // MemorySegment-backed: by address where the backend holds its arena for the call; with
        // UDP_GRO on, the call is a recvmsg, which no backend holds an arena for
        if (!gro && dst.isDirect() && net.holdsArenas()) {
            return receiveFrom(net, net.directAddress(dst) + pos, rem, dst);
        }
        TempBuffers t = TempBuffers.get();
        // the whole room up to the largest datagram: one is never cut at the staging size
        ByteBuffer tmp = t.staging(net, Math.max(Math.min(rem, maxDatagram), 1));
        receiveStage = tmp; // reachable until deliver copied the datagram out
        return receiveFrom(net, t.addressOf(net, tmp), Math.min(rem, tmp.capacity()), null);
    }

    /** Moves the {@code n} bytes {@link #receiveOnce} received into {@code dst}'s position. */
    private void deliver(ByteBuffer dst, int n) {
        int pos = receivePosition;
        if (receiveStage != null && n > 0) {
            dst.put(pos, receiveStage, 0, n);
        }
        receiveStage = null;
        dst.position(pos + n);
    }

    /**
     * The sender reported for a datagram whose source address has no form wsnio decodes (an
     * unbound UNIX socket: the empty path, as the JDK reports an unnamed UNIX peer; otherwise an
     * {@link UnnamedSocketAddress} of the family): the datagram is delivered, never dropped.
     */
    private SocketAddress unnamedSender() {
        SocketAddress a = unnamed;
        if (a == null) {
            a = unnamed = family == Family.UNIX ? UnixDomainSocketAddress.of("") : new UnnamedSocketAddress(family.name());
        }
        return a;
    }

    /** recvfrom, or with UDP_GRO on recvmsg that also reports the coalesced segment size. */
    private int receiveFrom(NativeNet net, long address, int length, ByteBuffer owner) throws IOException {
        if (!gro) {
            return net.receiveFrom(core.handle, address, length, family, from, owner);
        }
        segment[0] = 0;
        int n = net.receiveCoalesced(core.handle, address, length, family, from, segment);
        if (n >= 0) {
            lastSegmentSize = segment[0];
        }
        return n;
    }

    int lastSegmentSize() {
        core.readLock.lock();
        try {
            if (lastSegmentSize == io.wsnio.nativeio.ControlMessages.SEGMENT_UNKNOWN) {
                throw new IllegalStateException("the kernel truncated the last receive's control data (MSG_CTRUNC) before"
                        + " any coalescing report: whether its datagram was coalesced, and the segment size, are unknown"
                        + " (other ancillary data turned on through raw socket options took the room)");
            }
            return lastSegmentSize;
        } finally {
            core.readLock.unlock();
        }
    }

    int read(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst);
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        core.readLock.lock();
        try {
            channel.prepare(true);
            boolean blocking = channel.isBlocking();
            int n = 0;
            try {
                core.beginRead(blocking);
                if (!dst.hasRemaining()) {
                    return 0;
                }
                do {
                    n = BufferIo.read(core.net, core.handle, dst, maxDatagram, core.readBuffers());
                } while (core.retry(n, blocking, Readiness.IN));
            } catch (IOException e) {
                throw channel.closedOr(WsnioDatagramChannel.unreachable(e));
            } finally {
                core.endRead(blocking, n > 0 || (n == 0 && channel.isOpen()));
            }
            return n < 0 ? 0 : n; // UNAVAILABLE, or INTERRUPTED by a close (endRead/endWrite threw then)
        } finally {
            core.readLock.unlock();
        }
    }

    long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        BufferIo.checkBounds(dsts, offset, length);
        core.readLock.lock();
        try {
            channel.prepare(true);
            boolean blocking = channel.isBlocking();
            long n = 0;
            try {
                core.beginRead(blocking);
                do {
                    n = BufferIo.read(core.net, core.handle, dsts, offset, length, maxDatagram, core.readBuffers());
                } while (core.retry(n, blocking, Readiness.IN));
            } catch (IOException e) {
                throw channel.closedOr(WsnioDatagramChannel.unreachable(e));
            } finally {
                core.endRead(blocking, n > 0 || (n == 0 && channel.isOpen()));
            }
            return n < 0 ? 0 : n; // UNAVAILABLE, or INTERRUPTED by a close (endRead/endWrite threw then)
        } finally {
            core.readLock.unlock();
        }
    }

    // -- send and write

    int send(ByteBuffer src, SocketAddress target) throws IOException {
        Objects.requireNonNull(src);
        SocketAddress to = channel.checkTarget(target);
        core.writeLock.lock();
        try {
            boolean blocking = channel.isBlocking();
            SocketAddress remote = channel.prepare(false);
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
                throw channel.closedOr(remote != null ? WsnioDatagramChannel.unreachable(e) : e);
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
        int lim = src.limit();
        int rem = pos <= lim ? lim - pos : 0;
        int n;
        long base = core.writeBuffers().base(net, src);
        if (base < 0 && src.isDirect() && rem > 0) {
            BufferIo.checkAccessible(src, pos); // a closed MemorySegment arena: IllegalStateException
        }
        if (base >= 0) {
            n = net.sendTo(core.handle, base + pos, rem, family, to);
            Reference.reachabilityFence(src);
        } else if (src.isDirect() && net.holdsArenas()) { // MemorySegment-backed: its arena held for the call
            n = net.sendTo(core.handle, net.directAddress(src) + pos, rem, family, to, src);
            Reference.reachabilityFence(src);
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
            Reference.reachabilityFence(big);
        }
        if (n > 0) {
            src.position(pos + n);
        }
        return n;
    }

    int write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src);
        core.writeLock.lock();
        try {
            channel.prepare(true);
            boolean blocking = channel.isBlocking();
            int n = 0;
            try {
                core.beginWrite(blocking);
                do {
                    n = sendOnce(src, null);
                } while (core.retry(n, blocking, Readiness.OUT));
            } catch (IOException e) {
                throw channel.closedOr(WsnioDatagramChannel.unreachable(e));
            } finally {
                core.endWrite(blocking, n >= 0);
            }
            return n < 0 ? 0 : n; // UNAVAILABLE, or INTERRUPTED by a close (endRead/endWrite threw then)
        } finally {
            core.writeLock.unlock();
        }
    }

    long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        BufferIo.checkBounds(srcs, offset, length);
        core.writeLock.lock();
        try {
            channel.prepare(true);
            boolean blocking = channel.isBlocking();
            long n = 0;
            try {
                core.beginWrite(blocking);
                do {
                    n = BufferIo.write(core.net, core.handle, srcs, offset, length, true, core.writeBuffers());
                } while (core.retry(n, blocking, Readiness.OUT));
            } catch (IOException e) {
                throw channel.closedOr(WsnioDatagramChannel.unreachable(e));
            } finally {
                core.endWrite(blocking, n >= 0);
            }
            return n < 0 ? 0 : n; // UNAVAILABLE, or INTERRUPTED by a close (endRead/endWrite threw then)
        } finally {
            core.writeLock.unlock();
        }
    }

    /**
     * Under the read lock, after connecting: discards the datagrams queued before the connect (any
     * sender), so reads see only the peer's, as in the JDK.
     */
    void drain() throws IOException {
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
}
