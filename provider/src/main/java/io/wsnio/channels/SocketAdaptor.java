package io.wsnio.channels;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.IllegalBlockingModeException;
import java.util.Set;

/**
 * {@link WsnioSocketChannel#socket()}: a {@link Socket} whose every method goes to the channel.
 * Blocking reads honour {@link #setSoTimeout} by polling first.
 */
final class SocketAdaptor extends Socket {
    private final WsnioSocketChannel ch;
    private volatile int timeout;

    private SocketAdaptor(WsnioSocketChannel ch) throws SocketException {
        super((SocketImpl) null);
        this.ch = ch;
    }

    static SocketAdaptor create(WsnioSocketChannel ch) {
        try {
            return new SocketAdaptor(ch);
        } catch (SocketException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SocketException asSocketException(IOException e) {
        return NetExceptions.toSocketException(e);
    }

    @Override
    public void connect(SocketAddress remote) throws IOException {
        connect(remote, 0);
    }

    @Override
    public void connect(SocketAddress remote, int timeout) throws IOException {
        if (remote == null) {
            throw new IllegalArgumentException("connect: The address can't be null");
        }
        if (remote instanceof InetSocketAddress isa && isa.isUnresolved()) {
            if (NetExceptions.JDK24_CONNECT_RULES) {
                if (!ch.isOpen()) {
                    throw new SocketException("Socket is closed");
                }
                if (ch.isConnected()) {
                    throw new SocketException("Already connected");
                }
                ch.close();
            }
            throw new java.net.UnknownHostException(isa.getHostName());
        }
        if (timeout < 0) {
            throw new IllegalArgumentException("connect: timeout can't be negative");
        }
        try {
            Addresses.checkRemote(remote, ch.family());
        } catch (RuntimeException e) {
            throw NetExceptions.translate(e);
        }
        if (!ch.isBlocking()) {
            throw new IllegalBlockingModeException();
        }
        if (!ch.isOpen()) {
            // the JDK's adaptor: the connect begins, finds the channel closed and ends as an asynchronous close
            throw new java.nio.channels.AsynchronousCloseException();
        }
        try {
            connectBlocking(remote, timeout);
        } catch (RuntimeException e) {
            throw NetExceptions.translate(e);
        }
    }

    private void connectBlocking(SocketAddress remote, int timeout) throws IOException {
        if (timeout == 0) {
            ch.connect(remote);
            return;
        }
        ch.configureBlocking(false);
        try {
            if (!ch.connect(remote)) {
                long deadline = System.nanoTime() + timeout * 1_000_000L;
                while (!ch.finishConnect()) {
                    long left = (deadline - System.nanoTime()) / 1_000_000L;
                    if (left <= 0) {
                        ch.close();
                        throw new SocketTimeoutException("Connect timed out");
                    }
                    ch.core().awaitReady(io.wsnio.nativeio.Readiness.OUT, (int) Math.min(left, Integer.MAX_VALUE));
                }
            }
        } finally {
            if (ch.isOpen()) {
                ch.configureBlocking(true);
            }
        }
    }

    @Override
    public void bind(SocketAddress local) throws IOException {
        try {
            ch.bind(local);
        } catch (RuntimeException e) {
            throw NetExceptions.translate(e);
        }
    }

    @Override
    public InetAddress getInetAddress() {
        InetSocketAddress a = remote();
        return a == null ? null : a.getAddress();
    }

    private InetSocketAddress remote() {
        try {
            SocketAddress a = ch.getRemoteAddress();
            return a instanceof InetSocketAddress ? (InetSocketAddress) a : null;
        } catch (IOException e) {
            return null;
        }
    }

    private InetSocketAddress local() {
        try {
            SocketAddress a = ch.getLocalAddress();
            return a instanceof InetSocketAddress ? (InetSocketAddress) a : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public InetAddress getLocalAddress() {
        InetSocketAddress a = ch.isOpen() ? local() : null;
        // unbound or closed: the wildcard address, as java.net.Socket reports it
        return a == null ? new InetSocketAddress(0).getAddress() : a.getAddress();
    }

    @Override
    public int getPort() {
        InetSocketAddress a = remote();
        return a == null ? 0 : a.getPort();
    }

    @Override
    public int getLocalPort() {
        InetSocketAddress a = local();
        return a == null ? -1 : a.getPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return remote();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return local();
    }

    @Override
    public WsnioSocketChannel getChannel() {
        return ch;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        if (!ch.isOpen()) {
            throw new SocketException("Socket is closed");
        }
        if (!ch.isConnected()) {
            throw new SocketException("Socket is not connected");
        }
        if (ch.isInputShutdown()) {
            throw new SocketException("Socket input is shutdown");
        }
        return new InputStream() {
            private final byte[] one = new byte[1];

            @Override
            public int read() throws IOException {
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return 0;
                }
                // the read lock, not the channel's blockingLock() monitor (which Channels.newInputStream
                // takes): the output stream writes meanwhile (full duplex, as the JDK's adaptor), a
                // virtual thread parks without pinning its carrier, and configureBlocking (which takes
                // the read lock) cannot switch the mode under the read
                ch.core().readLock.lock();
                try {
                    if (!ch.isBlocking()) {
                        throw new IllegalBlockingModeException();
                    }
                    awaitReadable();
                    return ch.read(ByteBuffer.wrap(b, off, len));
                } finally {
                    ch.core().readLock.unlock();
                }
            }

            @Override
            public int available() throws IOException {
                NativeCore core = ch.core();
                synchronized (core.stateLock) { // a close cannot release the handle meanwhile
                    return ch.isOpen() ? core.net.available(core.handle) : 0;
                }
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    /** With SO_TIMEOUT set, waits for data up to the time-out before the blocking read. */
    private void awaitReadable() throws IOException {
        int t = timeout;
        if (t <= 0 || !ch.isOpen()) {
            return;
        }
        if (ch.core().awaitReady(io.wsnio.nativeio.Readiness.IN, t)) {
            throw new SocketTimeoutException("Read timed out");
        }
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        if (!ch.isOpen()) {
            throw new SocketException("Socket is closed");
        }
        if (!ch.isConnected()) {
            throw new SocketException("Socket is not connected");
        }
        if (ch.isOutputShutdown()) {
            throw new SocketException("Socket output is shutdown");
        }
        return new OutputStream() {
            private final byte[] one = new byte[1];

            @Override
            public void write(int b) throws IOException {
                one[0] = (byte) b;
                write(one, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return;
                }
                // the write lock, not blockingLock(): see the input stream
                ch.core().writeLock.lock();
                try {
                    if (!ch.isBlocking()) {
                        throw new IllegalBlockingModeException();
                    }
                    ByteBuffer src = ByteBuffer.wrap(b, off, len);
                    while (src.hasRemaining()) {
                        ch.write(src);
                    }
                } finally {
                    ch.core().writeLock.unlock();
                }
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    private <T> void set(SocketOption<T> name, T value) throws SocketException {
        try {
            ch.setOption(name, value);
        } catch (IOException e) {
            throw asSocketException(e);
        }
    }

    private <T> T get(SocketOption<T> name) throws SocketException {
        try {
            return ch.getOption(name);
        } catch (IOException e) {
            throw asSocketException(e);
        }
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        set(StandardSocketOptions.TCP_NODELAY, on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return get(StandardSocketOptions.TCP_NODELAY);
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        // as the JDK's adaptor: a negative time with on=true turns lingering off (java.net.Socket would refuse it)
        set(StandardSocketOptions.SO_LINGER, on ? linger : -1);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return get(StandardSocketOptions.SO_LINGER);
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
        // as the JDK's adaptor: the channel's exceptions pass unchanged
        if (ch.sendOutOfBandData((byte) data) == 0) {
            throw new IOException("Socket buffer full");
        }
    }

    /** Under the core's stateLock: while the channel is open there, close cannot release the handle. */
    private void ensureOpenUnderStateLock() throws SocketException {
        if (!ch.isOpen()) {
            throw new SocketException("Socket is closed");
        }
    }

    @Override
    public void setOOBInline(boolean on) throws SocketException {
        NativeCore core = ch.core();
        try {
            synchronized (core.stateLock) { // open check and call with the handle unreleasable
                ensureOpenUnderStateLock();
                core.net.setIntOption(core.handle, io.wsnio.nativeio.SockOpt.SO_OOBINLINE, on ? 1 : 0);
            }
        } catch (IOException e) {
            throw asSocketException(e);
        }
    }

    @Override
    public boolean getOOBInline() throws SocketException {
        NativeCore core = ch.core();
        try {
            synchronized (core.stateLock) { // open check and call with the handle unreleasable
                ensureOpenUnderStateLock();
                return core.net.getIntOption(core.handle, io.wsnio.nativeio.SockOpt.SO_OOBINLINE) != 0;
            }
        } catch (IOException e) {
            throw asSocketException(e);
        }
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (!ch.isOpen()) {
            throw new SocketException("Socket is closed");
        }
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        this.timeout = timeout;
    }

    @Override
    public int getSoTimeout() throws SocketException {
        if (!ch.isOpen()) {
            throw new SocketException("Socket is closed");
        }
        return timeout;
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        if (size <= 0) {
            throw new IllegalArgumentException("Invalid send size");
        }
        set(StandardSocketOptions.SO_SNDBUF, size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return get(StandardSocketOptions.SO_SNDBUF);
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        if (size <= 0) {
            throw new IllegalArgumentException("Invalid receive size");
        }
        set(StandardSocketOptions.SO_RCVBUF, size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return get(StandardSocketOptions.SO_RCVBUF);
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        set(StandardSocketOptions.SO_KEEPALIVE, on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return get(StandardSocketOptions.SO_KEEPALIVE);
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
        set(StandardSocketOptions.IP_TOS, tc);
    }

    @Override
    public int getTrafficClass() throws SocketException {
        return get(StandardSocketOptions.IP_TOS);
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        set(StandardSocketOptions.SO_REUSEADDR, on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return get(StandardSocketOptions.SO_REUSEADDR);
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        ch.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return ch.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return ch.supportedOptions();
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }

    @Override
    public void shutdownInput() throws IOException {
        try {
            ch.shutdownInput();
        } catch (RuntimeException e) {
            throw NetExceptions.translate(e);
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        try {
            ch.shutdownOutput();
        } catch (RuntimeException e) {
            throw NetExceptions.translate(e);
        }
    }

    @Override
    public boolean isConnected() {
        return ch.isConnected();
    }

    @Override
    public boolean isBound() {
        return local() != null;
    }

    @Override
    public boolean isClosed() {
        return !ch.isOpen();
    }

    @Override
    public boolean isInputShutdown() {
        return ch.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return ch.isOutputShutdown();
    }

    @Override
    public String toString() {
        InetSocketAddress r = remote();
        if (r != null) {
            return "Socket[addr=" + r.getAddress() + ",port=" + r.getPort() + ",localport=" + getLocalPort() + "]";
        }
        return "Socket[unconnected]";
    }

}
