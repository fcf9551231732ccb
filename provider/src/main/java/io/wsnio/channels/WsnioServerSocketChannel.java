package io.wsnio.channels;

import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.nativeio.IOStatus;
import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.Readiness;
import io.wsnio.nativeio.SockOpt;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Set;

/** A listening socket (STREAM or SEQPACKET of any family) as a {@link ServerSocketChannel}. */
public final class WsnioServerSocketChannel extends ServerSocketChannel implements NativeChannel, io.wsnio.WsnioChannel {
    private final NativeCore core;
    private final SocketSpec spec;
    private final Family family;
    private final Set<SocketOption<?>> options;
    private volatile SocketAddress localAddress;   // written under stateLock
    private ServerSocketAdaptor adaptor;            // guarded by stateLock

    /**
     * A channel over an existing listening socket {@code handle} of {@code spec} (an inherited
     * one): bound and listening as the kernel reports.
     */
    WsnioServerSocketChannel(SelectorProvider provider, NativeNet net, SocketSpec spec, long handle) throws IOException {
        super(provider);
        this.core = new NativeCore(net, handle, this, hooks());
        this.spec = spec;
        this.family = net.familyOf(spec);
        this.options = SocketOptionSupport.serverOptions(net, family, spec);
        this.localAddress = net.localAddress(handle, family);
    }

    public WsnioServerSocketChannel(SelectorProvider provider, NativeNet net, SocketSpec spec) throws IOException {
        super(provider);
        long h = net.socket(spec, true);
        try {
            this.core = new NativeCore(net, h, this, hooks());
            this.spec = spec;
            this.family = net.familyOf(spec, h);
            this.options = SocketOptionSupport.serverOptions(net, family, spec);
            if (family == Family.INET || family == Family.INET6) {
                // as the JDK does on every platform but Windows: a restarted server can rebind at once
                if (!System.getProperty("os.name", "").startsWith("Windows")) {
                    net.setIntOption(h, SockOpt.SO_REUSEADDR, 1);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            // no channel owns the socket yet: close it here or it leaks
            try {
                net.close(h);
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        ProtocolTally.record("server", core);
    }

    @Override
    public SocketSpec spec() {
        return spec;
    }

    @Override
    public ServerSocketChannel bind(SocketAddress local, int backlog) throws IOException {
        synchronized (core.stateLock) {
            core.ensureOpen();
            if (localAddress != null) {
                throw new AlreadyBoundException();
            }
            SocketAddress sa = Addresses.checkLocal(local, family);
            if (family == Family.UNIX) {
                UnixAutoBind.bindServer(core.net, core.handle, (java.net.UnixDomainSocketAddress) sa);
            } else if (sa != null) {
                core.net.bind(core.handle, family, sa);
            }
            core.net.listen(core.handle, backlog < 1 ? 50 : backlog);
            localAddress = core.net.localAddress(core.handle, family);
        }
        return this;
    }

    @Override
    public SocketChannel accept() throws IOException {
        core.readLock.lock();
        try {
            boolean blocking = isBlocking();
            long h = IOStatus.UNAVAILABLE;
            SocketAddress[] remote = new SocketAddress[1];
            try {
                if (blocking) {
                    begin();
                }
                synchronized (core.stateLock) {
                    core.ensureOpen();
                    if (localAddress == null) {
                        throw new NotYetBoundException();
                    }
                }
                core.enterRead(blocking);
                do {
                    h = core.net.accept(core.handle, family, remote);
                } while (core.retry(h, blocking, Readiness.IN));
            } finally {
                try {
                    core.exitRead();
                    if (blocking) {
                        end(h >= 0);
                    } else if (h < 0 && !isOpen()) {
                        throw new AsynchronousCloseException();
                    }
                } catch (IOException | RuntimeException e) {
                    if (h >= 0) {
                        core.net.close(h);
                    }
                    throw e;
                }
            }
            if (h < 0) {
                return null;
            }
            try {
                WsnioSocketChannel accepted = new WsnioSocketChannel(provider(), core.net, spec, h, remote[0]);
                ProtocolTally.record("accepted", accepted.core());
                return accepted;
            } catch (IOException | RuntimeException e) {
                core.net.close(h);
                throw e;
            }
        } finally {
            core.readLock.unlock();
        }
    }

    @Override
    public SocketAddress getLocalAddress() throws IOException {
        synchronized (core.stateLock) {
            core.ensureOpen();
            return localAddress;
        }
    }

    NativeCore core() {
        return core;
    }

    /** The bound address, kept after close (the server socket adaptor reports it, as java.net.ServerSocket does). */
    SocketAddress boundAddress() {
        return localAddress;
    }

    boolean isBound() {
        return localAddress != null;
    }

    @Override
    public <T> ServerSocketChannel setOption(SocketOption<T> name, T value) throws IOException {
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

    /** The protocol the kernel reports for this socket (SO_PROTOCOL). */
    @Override
    public int protocolInUse() throws IOException {
        synchronized (core.stateLock) {
            core.ensureOpen();
            return core.net.getIntOption(core.handle, SockOpt.SO_PROTOCOL);
        }
    }

    @Override
    public ServerSocket socket() {
        synchronized (core.stateLock) {
            if (adaptor == null) {
                adaptor = ServerSocketAdaptor.create(this);
            }
            return adaptor;
        }
    }

    @Override
    protected void implConfigureBlocking(boolean block) throws IOException {
        core.readLock.lock();
        try {
            core.configureBlocking(block);
        } finally {
            core.readLock.unlock();
        }
    }

    @Override
    protected void implCloseSelectableChannel() throws IOException {
        core.close();
    }

    @Override
    public void kill() throws IOException {
        core.kill();
    }

    @Override
    public long handle() {
        return core.handle;
    }

    @Override
    public int translateInterestOps(int ops) {
        return (ops & SelectionKey.OP_ACCEPT) != 0 ? Readiness.IN : 0;
    }

    @Override
    public int translateReadyOps(int readiness, int interestOps) {
        if ((readiness & Readiness.NVAL) != 0) {
            return 0;
        }
        if ((readiness & (Readiness.ERR | Readiness.HUP)) != 0) {
            return interestOps;
        }
        return (readiness & Readiness.IN) != 0 ? interestOps & SelectionKey.OP_ACCEPT : 0;
    }

    @Override
    public String toString() {
        if (!isOpen()) {
            return getClass().getSimpleName() + "[closed]";
        }
        return getClass().getSimpleName() + "[" + spec + (localAddress == null ? " unbound" : " " + localAddress) + "]";
    }

    /** The core's hooks to this channel's {@code begin()} and {@code end(boolean)}. */
    private NativeCore.BlockingHooks hooks() {
        return new NativeCore.BlockingHooks() {
            @Override
            public void begin() {
                WsnioServerSocketChannel.this.begin();
            }

            @Override
            public void end(boolean completed) throws java.nio.channels.AsynchronousCloseException {
                WsnioServerSocketChannel.this.end(completed);
            }
        };
    }
}
