package io.wsnio.channels;

import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.nativeio.IOStatus;
import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.Readiness;
import io.wsnio.nativeio.SockOpt;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NoConnectionPendingException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Set;

/**
 * A connection-oriented socket (STREAM or SEQPACKET of any family) as a {@link SocketChannel}.
 * State only moves forward: unconnected, pending, connected, closed. See {@link NativeCore} for
 * the locking and close protocol.
 */
public final class WsnioSocketChannel extends SocketChannel implements NativeChannel, io.wsnio.WsnioChannel {
    private static final int ST_UNCONNECTED = 0, ST_PENDING = 1, ST_CONNECTED = 2; // closed is the core's state alone

    private final NativeCore core;
    private final Io io;
    private final SocketSpec spec;
    private final Family family;
    private final boolean stream;               // SOCK_STREAM: a 0-byte read is end of stream
    private final Set<SocketOption<?>> options;

    // guarded by core.stateLock
    private volatile int state;
    private volatile boolean inputShutdown;      // written under core.stateLock
    private volatile boolean outputShutdown;     // written under core.stateLock
    private SocketAddress localAddress;  // guarded by stateLock; of a connected socket read on first use (localAddressLocked)
    private SocketAddress remoteAddress;
    private SocketAdaptor adaptor;

    /** A new unconnected socket. */
    public WsnioSocketChannel(SelectorProvider provider, NativeNet net, SocketSpec spec) throws IOException {
        this(provider, net, spec, net.socket(spec, true), null);
        ProtocolTally.record("stream", core);
    }

    /** An accepted (connected) socket. */
    WsnioSocketChannel(SelectorProvider provider, NativeNet net, SocketSpec spec, long handle, SocketAddress remote)
            throws IOException {
        super(provider);
        this.spec = spec;
        this.stream = spec.typeValue() == SocketSpec.Type.STREAM.value();
        this.io = new Io(!stream);
        this.core = new NativeCore(net, handle, this, io);
        io.attach(core);
        this.family = net.familyOf(spec, handle);
        this.options = SocketOptionSupport.streamOptions(net, family, spec);
        if (remote != null) {
            this.state = ST_CONNECTED;
            this.remoteAddress = remote;
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

    Family family() {
        return family;
    }

    /** The peer of a connected socket, without a lock or an open check (for JFR events); else null. */
    SocketAddress remoteAddressOrNull() {
        return state == ST_CONNECTED ? remoteAddress : null;
    }

    // -- reading and writing: StreamIo

    /**
     * The stream I/O template with this channel's checks, and the core's hooks to this channel's
     * {@code begin()}/{@code end(boolean)}: one object for both.
     */
    private final class Io extends StreamIo implements NativeCore.BlockingHooks {
        Io(boolean messages) {
            super(WsnioSocketChannel.this, messages);
        }

        @Override
        public void begin() {
            WsnioSocketChannel.this.begin();
        }

        @Override
        public void end(boolean completed) throws AsynchronousCloseException {
            WsnioSocketChannel.this.end(completed);
        }

        @Override
        boolean blocking() {
            return isBlocking();
        }

        @Override
        boolean open() {
            return isOpen();
        }

        @Override
        boolean inputEnded() throws IOException {
            ensureOpenAndConnected();
            return inputShutdown;
        }

        @Override
        boolean endOfInput() throws IOException {
            return stream || peerDone();
        }

        @Override
        void checkWritable() throws IOException {
            ensureWritable();
        }

        /** Taking stateLock waits for a shutdownOutput in progress, which sets the flag under it. */
        @Override
        boolean outputShutDown() {
            synchronized (core.stateLock) {
                return outputShutdown && isOpen();
            }
        }
    }

    /**
     * The checks before a read or write, without a lock (state and the shutdown flags are volatile; the
     * read lock keeps connect out): one monitor fewer per read. {@code enterRead} checks for a
     * close again under stateLock, so a close that races with this check is still seen.
     */
    private void ensureOpenAndConnected() throws ClosedChannelException {
        core.ensureOpen();
        int st = state;
        if (!isOpen()) {
            // closing: close() marks the channel closed before the core is marked closing
            throw new ClosedChannelException();
        }
        if (st != ST_CONNECTED) {
            throw new NotYetConnectedException();
        }
    }

    /**
     * After a 0-byte read on a message socket (SEQPACKET): true when that was the end of input,
     * not an empty message. The peer has hung up or shut down output (poll reports HUP or RDHUP)
     * and nothing more is queued. An empty message that arrived just before the hang-up reads as
     * the end of input.
     */
    private boolean peerDone() throws IOException {
        int r = core.net.poll(core.handle, Readiness.IN | Readiness.RDHUP, 0);
        return r > 0 && (r & (Readiness.HUP | Readiness.RDHUP)) != 0 && core.net.available(core.handle) == 0;
    }

    /** The checks before a write, without a lock (see {@link #ensureOpenAndConnected}). */
    private void ensureWritable() throws ClosedChannelException {
        ensureOpenAndConnected();
        if (outputShutdown) {
            throw new ClosedChannelException();
        }
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
    public int write(ByteBuffer src) throws IOException {
        return io.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return io.write(srcs, offset, length);
    }

    /**
     * The socket adaptor's sendUrgentData: one byte of urgent (MSG_OOB) data, under the write
     * lock like a write. Returns 1, or 0 when a non-blocking socket's buffer is full.
     */
    int sendOutOfBandData(byte b) throws IOException {
        core.writeLock.lock();
        try {
            ensureOpenAndConnected();
            if (outputShutdown) {
                // the JDK's adaptor: urgent data after shutdownOutput ends as an asynchronous close
                throw new AsynchronousCloseException();
            }
            boolean blocking = isBlocking();
            int n = 0;
            try {
                core.beginWrite(blocking);
                do {
                    n = core.net.sendUrgent(core.handle, b);
                } while (core.retry(n, blocking, Readiness.OUT));
            } catch (IOException e) {
                throw io.closedOr(e);
            } finally {
                core.endWrite(blocking, n > 0);
            }
            return Math.max(n, 0);
        } finally {
            core.writeLock.unlock();
        }
    }

    // -- connecting

    @Override
    public boolean connect(SocketAddress remote) throws IOException {
        SocketAddress target = Addresses.checkRemote(remote, family);
        core.readLock.lock();
        try {
            core.writeLock.lock();
            try {
                boolean blocking = isBlocking();
                synchronized (core.stateLock) {
                    core.ensureOpen();
                    if (state == ST_CONNECTED) {
                        throw new AlreadyConnectedException();
                    }
                    if (state == ST_PENDING) {
                        throw new ConnectionPendingException();
                    }
                    state = ST_PENDING;
                    remoteAddress = target;
                }
                boolean connected = false;
                try {
                    try {
                        core.beginRead(blocking);
                        int r = core.net.connect(core.handle, family, target);
                        if (r == IOStatus.INTERRUPTED || (r == IOStatus.UNAVAILABLE && blocking)) {
                            waitConnected();
                        } else if (r == IOStatus.UNAVAILABLE) {
                            return false;
                        }
                        connected = true;
                    } finally {
                        core.endRead(blocking, connected);
                    }
                    connected();
                    return true;
                } catch (IOException e) {
                    closeQuietly();
                    throw e;
                }
            } finally {
                core.writeLock.unlock();
            }
        } finally {
            core.readLock.unlock();
        }
    }

    /** Blocks until the pending connect completes, then checks its outcome. */
    private void waitConnected() throws IOException {
        for (;;) {
            int r = core.await(Readiness.OUT, 0);
            if (!isOpen()) {
                throw new AsynchronousCloseException();
            }
            if (r == 0) {
                r = core.net.poll(core.handle, Readiness.OUT, 0); // a virtual thread's wake-up is only a hint
            }
            if (r > 0) {
                core.net.checkConnect(core.handle);
                return;
            }
        }
    }

    private void connected() throws IOException {
        synchronized (core.stateLock) {
            core.ensureOpen();
            state = ST_CONNECTED;
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException ignore) {
            // the connect's own failure is what the caller needs
        }
    }

    @Override
    public boolean finishConnect() throws IOException {
        core.readLock.lock();
        try {
            core.writeLock.lock();
            try {
                synchronized (core.stateLock) {
                    core.ensureOpen();
                    if (state == ST_CONNECTED) {
                        return true;
                    }
                    if (state != ST_PENDING) {
                        throw new NoConnectionPendingException();
                    }
                }
                boolean blocking = isBlocking();
                boolean connected = false;
                try {
                    try {
                        core.beginRead(blocking);
                        if (blocking) {
                            waitConnected();
                        } else {
                            int r = core.net.poll(core.handle, Readiness.OUT, 0);
                            if (r <= 0) {
                                return false;
                            }
                            core.net.checkConnect(core.handle);
                        }
                        connected = true;
                    } finally {
                        core.endRead(blocking, connected);
                    }
                    connected();
                    return true;
                } catch (IOException e) {
                    closeQuietly();
                    throw e;
                }
            } finally {
                core.writeLock.unlock();
            }
        } finally {
            core.readLock.unlock();
        }
    }

    @Override
    public boolean isConnected() {
        synchronized (core.stateLock) {
            return state == ST_CONNECTED && isOpen();
        }
    }

    @Override
    public boolean isConnectionPending() {
        synchronized (core.stateLock) {
            return state == ST_PENDING && isOpen();
        }
    }

    // -- binding, addresses, shutdown

    @Override
    public SocketChannel bind(SocketAddress local) throws IOException {
        core.readLock.lock();
        try {
            core.writeLock.lock();
            try {
                synchronized (core.stateLock) {
                    core.ensureOpen();
                    if (state == ST_PENDING) {
                        throw new ConnectionPendingException();
                    }
                    if (localAddress != null || state == ST_CONNECTED) {
                        throw new AlreadyBoundException();
                    }
                    SocketAddress sa = Addresses.checkLocal(local, family);
                    if (sa != null) {
                        core.net.bind(core.handle, family, sa);
                    }
                    localAddress = core.net.localAddress(core.handle, family);
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
            return localAddressLocked();
        }
    }

    /**
     * The local address, under stateLock with the channel open. A connected socket's is fixed from
     * the moment it connected (or was accepted), so it is read from the kernel when first asked
     * for, not on every connect and accept: most connections never ask, and each answer is one
     * system call and five objects (the JDK reads it eagerly). It outlives a reset by the peer.
     */
    private SocketAddress localAddressLocked() throws IOException {
        if (localAddress == null && state == ST_CONNECTED) {
            localAddress = core.net.localAddress(core.handle, family);
        }
        return localAddress;
    }

    @Override
    public SocketAddress getRemoteAddress() throws IOException {
        synchronized (core.stateLock) {
            core.ensureOpen();
            return state == ST_CONNECTED ? remoteAddress : null;
        }
    }

    @Override
    public SocketChannel shutdownInput() throws IOException {
        synchronized (core.stateLock) {
            core.ensureOpen();
            if (!isOpen()) {
                // closing: close() marks the channel closed before the core is marked closing
                throw new ClosedChannelException();
            }
            if (state != ST_CONNECTED) {
                throw new NotYetConnectedException();
            }
            if (!inputShutdown) {
                core.net.shutdown(core.handle, NativeNet.SHUT_RD);
                inputShutdown = true;
                core.unparkParked(true);
            }
        }
        return this;
    }

    @Override
    public SocketChannel shutdownOutput() throws IOException {
        synchronized (core.stateLock) {
            core.ensureOpen();
            if (!isOpen()) {
                // closing: close() marks the channel closed before the core is marked closing
                throw new ClosedChannelException();
            }
            if (state != ST_CONNECTED) {
                throw new NotYetConnectedException();
            }
            if (!outputShutdown) {
                core.net.shutdown(core.handle, NativeNet.SHUT_WR);
                outputShutdown = true;
                core.unparkParked(false);
            }
        }
        return this;
    }

    boolean isInputShutdown() {
        synchronized (core.stateLock) {
            return inputShutdown;
        }
    }

    boolean isOutputShutdown() {
        synchronized (core.stateLock) {
            return outputShutdown;
        }
    }

    // -- options

    @Override
    public <T> SocketChannel setOption(SocketOption<T> name, T value) throws IOException {
        SocketOptionSupport.checkSet(options, name, value);
        synchronized (core.stateLock) {
            core.ensureOpen();
            SocketOptionSupport.set(core.net, core.handle, family, name, value);
        }
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(SocketOption<T> name) throws IOException {
        SocketOptionSupport.checkGet(options, name);
        synchronized (core.stateLock) {
            core.ensureOpen();
            return (T) SocketOptionSupport.get(core.net, core.handle, family, name);
        }
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return options;
    }

    /** The protocol the kernel reports for this socket (SO_PROTOCOL), e.g. 6 for TCP, 262 for MPTCP. */
    @Override
    public int protocolInUse() throws IOException {
        synchronized (core.stateLock) {
            core.ensureOpen();
            return core.net.getIntOption(core.handle, SockOpt.SO_PROTOCOL);
        }
    }

    @Override
    public Socket socket() {
        synchronized (core.stateLock) {
            if (adaptor == null) {
                adaptor = SocketAdaptor.create(this);
            }
            return adaptor;
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
        boolean connected, outputOpen;
        synchronized (core.stateLock) {
            connected = state == ST_CONNECTED;
            outputOpen = !outputShutdown;
        }
        // SO_LINGER 0 makes the close abortive (the peer gets a reset): then nothing may shut the
        // output down first, neither below nor when waking blocked threads (the handle is alive
        // here: nothing releases it before core.close())
        int linger = connected ? lingerQuietly() : -1;
        if (connected && outputOpen && linger != 0 && isRegistered()) {
            // the handle stays open until the selector deregisters the key: shut the output now so
            // the peer sees end of stream at close, as with the JDK, and turn a positive linger
            // off so the deferred close in the selector's thread does not wait for it
            try {
                if (linger > 0) {
                    SocketOptionSupport.set(core.net, core.handle, family, java.net.StandardSocketOptions.SO_LINGER, -1);
                }
                core.net.shutdown(core.handle, NativeNet.SHUT_WR);
            } catch (IOException ignore) {
                // the peer may be gone already
            }
        }
        core.close(linger == 0);
    }

    /** SO_LINGER in seconds, -1 when off or when this socket has no such option. */
    private int lingerQuietly() {
        if (!options.contains(java.net.StandardSocketOptions.SO_LINGER)) {
            return -1;
        }
        try {
            return (Integer) SocketOptionSupport.get(core.net, core.handle, family, java.net.StandardSocketOptions.SO_LINGER);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
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
        if ((ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
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
        int st = state;
        if ((readiness & Readiness.IN) != 0 && (interestOps & SelectionKey.OP_READ) != 0 && st == ST_CONNECTED) {
            ops |= SelectionKey.OP_READ;
        }
        if ((readiness & Readiness.OUT) != 0 && (interestOps & SelectionKey.OP_CONNECT) != 0 && st == ST_PENDING) {
            ops |= SelectionKey.OP_CONNECT;
        }
        if ((readiness & Readiness.OUT) != 0 && (interestOps & SelectionKey.OP_WRITE) != 0 && st == ST_CONNECTED) {
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
                sb.append(state == ST_CONNECTED ? "connected" : state == ST_PENDING ? "connection-pending" : "unconnected");
                sb.append(' ').append(spec);
                SocketAddress local;
                try {
                    local = localAddressLocked();
                } catch (IOException e) {
                    local = null;
                }
                if (local != null) {
                    sb.append(" local=").append(local);
                }
                if (remoteAddress != null && state == ST_CONNECTED) {
                    sb.append(" remote=").append(remoteAddress);
                }
            }
        }
        return sb.append(']').toString();
    }
}
