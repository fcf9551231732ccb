package io.wsnio.channels;

import io.wsnio.BatchDatagramChannel;
import io.wsnio.NativeError;
import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.WsnioSocketOptions;
import io.wsnio.nativeio.NativeErrors;
import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.Readiness;
import io.wsnio.nativeio.SockOpt;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
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
public final class WsnioDatagramChannel extends DatagramChannel implements NativeChannel, io.wsnio.WsnioChannel, BatchDatagramChannel {
    private static final int ST_UNCONNECTED = 0, ST_CONNECTED = 1; // closed is the core's state alone

    private final NativeCore core;
    private final SocketSpec spec;
    private final Family family;
    private final boolean inet;       // INET or INET6: auto-bind, multicast, ports
    private final boolean udpLike;    // DGRAM on an internet family: port 0 is refused as a target
    private final Set<SocketOption<?>> options;
    private final DatagramIo io;
    private final DatagramBatches batches;
    private final MulticastMemberships multicast;

    // guarded by core.stateLock
    private volatile int state;
    private volatile SocketAddress localAddress;   // written under core.stateLock
    private volatile SocketAddress remoteAddress;  // written under core.stateLock
    private SocketAddress initialLocalAddress;   // before connect, restored by disconnect
    private DatagramSocketAdaptor adaptor;

    /** A new unbound, unconnected message socket. */
    public WsnioDatagramChannel(SelectorProvider provider, NativeNet net, SocketSpec spec) throws IOException {
        this(provider, net, spec, net.socket(spec, true));
    }

    /** A channel over an existing message socket {@code handle} of {@code spec} (see {@link #adoptState}). */
    WsnioDatagramChannel(SelectorProvider provider, NativeNet net, SocketSpec spec, long handle) throws IOException {
        super(provider);
        this.core = new NativeCore(net, handle, this, hooks());
        this.spec = spec;
        this.family = net.familyOf(spec, core.handle);
        this.inet = family == Family.INET || family == Family.INET6;
        this.udpLike = inet && spec.typeValue() == SocketSpec.Type.DGRAM.value();
        this.options = SocketOptionSupport.datagramOptions(net, family, spec);
        this.io = new DatagramIo(this, core, family, udpLike);
        this.batches = new DatagramBatches(this, core, spec, family, inet, udpLike);
        this.multicast = new MulticastMemberships(this, core, spec, family, inet);
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

    /**
     * For a socket this channel did not open (an inherited one): takes the local and remote
     * addresses the kernel reports, so the channel is bound and connected as the socket is.
     */
    void adoptState() throws IOException {
        synchronized (core.stateLock) {
            SocketAddress local = core.net.localAddress(core.handle, family);
            if (Addresses.isBound(local)) {
                localAddress = local;
            }
            SocketAddress remote;
            try {
                remote = core.net.remoteAddress(core.handle, family);
            } catch (IOException notConnected) {
                remote = null;
            }
            if (remote != null) {
                remoteAddress = remote;
                state = ST_CONNECTED;
            }
        }
    }

    /** The triple this socket was opened with. */
    @Override
    public SocketSpec spec() {
        return spec;
    }

    NativeCore core() {
        return core;
    }

    // -- begin/end around possibly-blocking native calls

    /** A native error seen because another thread closed the channel is an asynchronous close. */
    IOException closedOr(IOException e) {
        if (!isOpen() && !(e instanceof ClosedChannelException)) {
            AsynchronousCloseException ace = new AsynchronousCloseException();
            ace.addSuppressed(e);
            return ace;
        }
        return e;
    }

    static boolean isRefused(IOException e) {
        return e instanceof NativeError && "ECONNREFUSED".equals(NativeErrors.neutral(((NativeError) e).errorName()));
    }

    /** ECONNREFUSED on a connected datagram socket is an ICMP port unreachable, as the JDK reports it. */
    static IOException unreachable(IOException e) {
        if (isRefused(e)) {
            PortUnreachableException pue = new PortUnreachableException();
            pue.initCause(e);
            return pue;
        }
        return e;
    }

    /** Under the read and/or write lock: checks open (and connected), binds an unbound internet socket. */
    SocketAddress prepare(boolean mustBeConnected) throws IOException {
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

    /** Checks a target the way the JDK's Net.checkAddress does, for this socket's family. */
    SocketAddress checkTarget(SocketAddress target) {
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
    public SocketAddress receive(ByteBuffer dst) throws IOException {
        return io.receive(dst, 0);
    }

    /** Receives with a time-out in blocking mode (the DatagramSocket adaptor's SO_TIMEOUT). */
    SocketAddress receive(ByteBuffer dst, int timeoutMillis) throws IOException {
        return io.receive(dst, timeoutMillis);
    }

    @Override
    public int lastSegmentSize() {
        return io.lastSegmentSize();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return io.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return io.read(dsts, offset, length);
    }

    @Override
    public int send(ByteBuffer src, SocketAddress target) throws IOException {
        return io.send(src, target);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return io.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return io.write(srcs, offset, length);
    }

    // -- batches and segmentation offload (BatchDatagramChannel): DatagramBatches

    /** Under the write lock: the target to pass down (null when connected), after the send checks. */
    SocketAddress batchTarget(SocketAddress target) throws IOException {
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

    @Override
    public int sendBatch(ByteBuffer[] packets, int offset, int count, SocketAddress target) throws IOException {
        return batches.sendBatch(packets, offset, count, target);
    }

    @Override
    public int receiveBatch(ByteBuffer[] buffers, int offset, int count, SocketAddress[] sources) throws IOException {
        return batches.receiveBatch(buffers, offset, count, sources);
    }

    @Override
    public int sendSegmented(ByteBuffer src, int segmentSize, SocketAddress target) throws IOException {
        return batches.sendSegmented(src, segmentSize, target);
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
        return state == ST_CONNECTED && isOpen();
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
                io.drain();
            } finally {
                core.writeLock.unlock();
            }
        } finally {
            core.readLock.unlock();
        }
        return this;
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
    /** The membership the socket adaptor's leaveGroup drops, or null. */
    MembershipKey findMembership(InetAddress group, NetworkInterface interf) {
        return multicast.find(group, interf);
    }

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
                multicast.setInterface((NetworkInterface) value);
                return this;
            }
            SocketOptionSupport.set(core.net, core.handle, family, name, value);
            if (name == WsnioSocketOptions.UDP_GRO) {
                io.gro = (Boolean) value;
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
                return (T) multicast.getInterface();
            }
            return (T) SocketOptionSupport.get(core.net, core.handle, family, name);
        }
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return options;
    }

    /** The protocol the kernel reports for this socket (SO_PROTOCOL), e.g. 17 for UDP, 136 for UDP-Lite. */
    @Override
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
        return multicast.join(group, interf, null);
    }

    @Override
    public MembershipKey join(InetAddress group, NetworkInterface interf, InetAddress source) throws IOException {
        Objects.requireNonNull(source);
        return multicast.join(group, interf, source);
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
            multicast.invalidateAll();
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

    /** The core's hooks to this channel's {@code begin()} and {@code end(boolean)}. */
    private NativeCore.BlockingHooks hooks() {
        return new NativeCore.BlockingHooks() {
            @Override
            public void begin() {
                WsnioDatagramChannel.this.begin();
            }

            @Override
            public void end(boolean completed) throws java.nio.channels.AsynchronousCloseException {
                WsnioDatagramChannel.this.end(completed);
            }
        };
    }
}
