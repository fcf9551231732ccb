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
public final class WsnioDatagramChannel extends DatagramChannel implements NativeChannel {
    private static final int ST_UNCONNECTED = 0, ST_CONNECTED = 1, ST_CLOSED = 2;

    private final NativeCore core;
    private final SocketSpec spec;
    private final Family family;
    private final boolean inet;       // INET or INET6: auto-bind, multicast, ports
    private final boolean udpLike;    // DGRAM on an internet family: port 0 is refused as a target
    private final Set<SocketOption<?>> options;
    private final SocketAddress[] from = new SocketAddress[1];   // guarded by readLock

    // guarded by core.stateLock
    private volatile int state;
    private SocketAddress localAddress;
    private SocketAddress remoteAddress;
    private SocketAddress initialLocalAddress;   // before connect, restored by disconnect
    private DatagramSocketAdaptor adaptor;
    private final List<Membership> memberships = new ArrayList<>();

    /** A new unbound, unconnected message socket. */
    public WsnioDatagramChannel(SelectorProvider provider, NativeNet net, SocketSpec spec) throws IOException {
        super(provider);
        this.core = new NativeCore(net, net.socket(spec, true), this);
        this.spec = spec;
        this.family = net.familyOf(spec);
        this.inet = family == Family.INET || family == Family.INET6;
        this.udpLike = inet && spec.typeValue() == SocketSpec.Type.DGRAM.value();
        this.options = SocketOptionSupport.datagramOptions(net, family, spec);
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

    private void beginRead(boolean blocking) throws ClosedChannelException {
        if (blocking) {
            begin();
        }
        core.enterRead(blocking);
    }

    private void endRead(boolean blocking, boolean completed) throws IOException {
        core.exitRead();
        if (blocking) {
            end(completed);
        } else if (!completed && !isOpen()) {
            throw new AsynchronousCloseException();
        }
    }

    private void beginWrite(boolean blocking) throws ClosedChannelException {
        if (blocking) {
            begin();
        }
        core.enterWrite(blocking);
    }

    private void endWrite(boolean blocking, boolean completed) throws IOException {
        core.exitWrite();
        if (blocking) {
            end(completed);
        } else if (!completed && !isOpen()) {
            throw new AsynchronousCloseException();
        }
    }

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
                beginRead(blocking);
                for (;;) {
                    if (deadline != 0 && blocking) {
                        long left = (deadline - System.nanoTime()) / 1_000_000L;
                        int r = left <= 0 ? 0 : core.net.poll(core.handle, Readiness.IN, (int) Math.min(left, Integer.MAX_VALUE));
                        if (r == 0) {
                            throw new SocketTimeoutException("Receive timed out");
                        }
                        if (r < 0 || !isOpen()) {
                            if (!isOpen()) {
                                break;
                            }
                            continue;
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
                    if (n == IOStatus.UNAVAILABLE && deadline != 0 && blocking && isOpen()) {
                        continue; // another process took the datagram after poll
                    }
                    sender = n >= 0 ? from[0] : null;
                    break;
                }
            } catch (IOException e) {
                throw closedOr(state == ST_CONNECTED ? unreachable(e) : e);
            } finally {
                endRead(blocking, sender != null);
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
            int n = net.receiveFrom(core.handle, net.directAddress(dst) + pos, rem, family, from);
            if (n >= 0 && from[0] != null) {
                dst.position(pos + n);
            }
            return n;
        }
        TempBuffers t = TempBuffers.get();
        ByteBuffer tmp = t.buffer(net, rem);
        int n = net.receiveFrom(core.handle, t.address, Math.min(rem, tmp.capacity()), family, from);
        if (n > 0 && from[0] != null) {
            tmp.limit(n);
            dst.put(tmp);
        }
        return n;
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
                beginRead(blocking);
                if (!dst.hasRemaining()) {
                    return 0;
                }
                do {
                    n = BufferIo.read(core.net, core.handle, dst);
                } while (n == IOStatus.INTERRUPTED && isOpen());
            } catch (IOException e) {
                throw closedOr(unreachable(e));
            } finally {
                endRead(blocking, n > 0 || (n == 0 && isOpen()));
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
                beginRead(blocking);
                do {
                    n = BufferIo.read(core.net, core.handle, dsts, offset, length);
                } while (n == IOStatus.INTERRUPTED && isOpen());
            } catch (IOException e) {
                throw closedOr(unreachable(e));
            } finally {
                endRead(blocking, n > 0 || (n == 0 && isOpen()));
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
                beginWrite(blocking);
                do {
                    n = sendOnce(src, to);
                } while (n == IOStatus.INTERRUPTED && isOpen());
            } catch (IOException e) {
                throw closedOr(remote != null ? unreachable(e) : e);
            } finally {
                endWrite(blocking, n >= 0);
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
                beginWrite(blocking);
                do {
                    n = sendOnce(src, null);
                } while (n == IOStatus.INTERRUPTED && isOpen());
            } catch (IOException e) {
                throw closedOr(unreachable(e));
            } finally {
                endWrite(blocking, n >= 0);
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
                beginWrite(blocking);
                do {
                    n = BufferIo.write(core.net, core.handle, srcs, offset, length);
                } while (n == IOStatus.INTERRUPTED && isOpen());
            } catch (IOException e) {
                throw closedOr(unreachable(e));
            } finally {
                endWrite(blocking, n >= 0);
            }
            return n < 0 ? 0 : n; // UNAVAILABLE, or INTERRUPTED by a close (endRead/endWrite threw then)
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
                synchronized (core.stateLock) {
                    core.ensureOpen();
                    core.net.configureBlocking(core.handle, block);
                }
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
