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
        ch.bind(local, backlog);
    }

    @Override
    public InetAddress getInetAddress() {
        InetSocketAddress a = local();
        return a == null ? null : a.getAddress();
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
        if (!ch.isBlocking()) {
            throw new IllegalBlockingModeException();
        }
        int t = timeout;
        if (t > 0 && ch.isOpen()) {
            if (ch.core().awaitReady(io.wsnio.nativeio.Readiness.IN, t)) {
                throw new SocketTimeoutException("Accept timed out");
            }
        }
        SocketChannel sc = ch.accept();
        return sc.socket();
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
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        this.timeout = timeout;
    }

    @Override
    public int getSoTimeout() throws IOException {
        return timeout;
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, on);
        } catch (SocketException e) {
            throw e;
        } catch (IOException e) {
            throw new SocketException(e.getMessage());
        }
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        try {
            return ch.getOption(StandardSocketOptions.SO_REUSEADDR);
        } catch (SocketException e) {
            throw e;
        } catch (IOException e) {
            throw new SocketException(e.getMessage());
        }
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        if (size <= 0) {
            throw new IllegalArgumentException("negative receive size");
        }
        try {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, size);
        } catch (SocketException e) {
            throw e;
        } catch (IOException e) {
            throw new SocketException(e.getMessage());
        }
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        try {
            return ch.getOption(StandardSocketOptions.SO_RCVBUF);
        } catch (SocketException e) {
            throw e;
        } catch (IOException e) {
            throw new SocketException(e.getMessage());
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
