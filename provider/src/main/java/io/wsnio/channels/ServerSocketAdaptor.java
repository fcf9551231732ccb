package io.wsnio.channels;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SocketChannel;
import java.util.Set;

/** {@link WsnioServerSocketChannel#socket()}: a {@link ServerSocket} whose every method goes to the channel. */
final class ServerSocketAdaptor extends ServerSocket {
    private final WsnioServerSocketChannel ch;
    private volatile int timeout;

    private ServerSocketAdaptor(WsnioServerSocketChannel ch) throws IOException {
        super();
        this.ch = ch;
    }

    static ServerSocketAdaptor create(WsnioServerSocketChannel ch) {
        try {
            return new ServerSocketAdaptor(ch);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void bind(SocketAddress local) throws IOException {
        bind(local, 50);
    }

    @Override
    public void bind(SocketAddress local, int backlog) throws IOException {
        try {
            // java.net.ServerSocket: null is the wildcard address (an ephemeral port)
            ch.bind(local == null ? new InetSocketAddress(0) : local, backlog);
        } catch (RuntimeException e) {
            throw NetExceptions.translate(e);
        }
    }

    @Override
    public InetAddress getInetAddress() {
        InetSocketAddress a = local();
        return a == null ? null : a.getAddress();
    }

    /** The bound address, also after close, as java.net.ServerSocket reports it. */
    private InetSocketAddress local() {
        SocketAddress a = ch.boundAddress();
        return a instanceof InetSocketAddress ? (InetSocketAddress) a : null;
    }

    @Override
    public int getLocalPort() {
        InetSocketAddress a = local();
        return a == null ? -1 : a.getPort();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return local();
    }

    @Override
    public Socket accept() throws IOException {
        try {
            int t = timeout;
            if (t > 0) {
                // a timed accept needs blocking mode
                if (!ch.isOpen()) {
                    throw new java.nio.channels.ClosedChannelException();
                }
                if (!ch.isBound()) {
                    throw new java.nio.channels.NotYetBoundException();
                }
                if (!ch.isBlocking()) {
                    throw new IllegalBlockingModeException();
                }
                if (ch.core().awaitReady(io.wsnio.nativeio.Readiness.IN, t)) {
                    throw new SocketTimeoutException("Accept timed out");
                }
            }
            // as the JDK's adaptor: a non-blocking channel still hands over a connection that is
            // already waiting, and only an empty backlog is an IllegalBlockingModeException
            SocketChannel sc = ch.accept();
            if (sc == null) {
                throw new IllegalBlockingModeException();
            }
            return sc.socket();
        } catch (java.nio.channels.ClosedChannelException e) {
            if (timeout > 0) {
                throw NetExceptions.toSocketException(e);
            }
            throw e;
        } catch (RuntimeException e) {
            throw NetExceptions.translate(e);
        }
    }

    @Override
    public WsnioServerSocketChannel getChannel() {
        return ch;
    }

    @Override
    public boolean isBound() {
        return ch.isBound();
    }

    @Override
    public boolean isClosed() {
        return !ch.isOpen();
    }

    @Override
    public void close() throws IOException {
        ch.close();
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
    public int getSoTimeout() throws IOException {
        if (!ch.isOpen()) {
            throw new SocketException("Socket is closed");
        }
        return timeout;
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, on);
        } catch (IOException e) {
            throw NetExceptions.toSocketException(e);
        }
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        try {
            return ch.getOption(StandardSocketOptions.SO_REUSEADDR);
        } catch (IOException e) {
            throw NetExceptions.toSocketException(e);
        }
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        if (size <= 0) {
            throw new IllegalArgumentException("size cannot be 0 or negative");
        }
        try {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, size);
        } catch (IOException e) {
            throw NetExceptions.toSocketException(e);
        }
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        try {
            return ch.getOption(StandardSocketOptions.SO_RCVBUF);
        } catch (IOException e) {
            throw NetExceptions.toSocketException(e);
        }
    }

    @Override
    public <T> ServerSocket setOption(SocketOption<T> name, T value) throws IOException {
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
    public String toString() {
        InetSocketAddress a = local();
        return a == null ? "ServerSocket[unbound]" : "ServerSocket[addr=" + a.getAddress() + ",localport=" + a.getPort() + "]";
    }
}
