package io.wsnio.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;

/** Loopback connections opened through one provider, for both ends. */
final class Net {

    private Net() {
    }

    static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    static ServerSocketChannel listen(SelectorProvider p) throws IOException {
        ServerSocketChannel server = Providers.check(p.openServerSocketChannel(), p);
        server.bind(loopback(), 128);
        return server;
    }

    /** A connected TCP pair on loopback, both blocking: [0] the client, [1] the accepted side. */
    static SocketChannel[] tcpPair(SelectorProvider p, boolean noDelay) throws IOException {
        try (ServerSocketChannel server = listen(p)) {
            SocketChannel client = Providers.check(p.openSocketChannel(), p);
            client.connect(server.getLocalAddress());
            SocketChannel accepted = Providers.check(server.accept(), p);
            client.setOption(StandardSocketOptions.TCP_NODELAY, noDelay);
            accepted.setOption(StandardSocketOptions.TCP_NODELAY, noDelay);
            return new SocketChannel[] {client, accepted};
        }
    }

    /** Two UDP channels on loopback connected to each other, both blocking. */
    static DatagramChannel[] udpPair(SelectorProvider p) throws IOException {
        DatagramChannel a = Providers.check(p.openDatagramChannel(), p);
        DatagramChannel b = Providers.check(p.openDatagramChannel(), p);
        a.bind(loopback());
        b.bind(loopback());
        a.connect(b.getLocalAddress());
        b.connect(a.getLocalAddress());
        return new DatagramChannel[] {a, b};
    }

    /** Reads exactly {@code buf.remaining()} bytes in blocking mode; false at end of stream. */
    static boolean readFully(SocketChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                return false;
            }
        }
        return true;
    }

    static void writeFully(SocketChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** Closes everything, keeping the first failure. */
    static void closeAll(AutoCloseable... resources) {
        IOException first = null;
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof IOException ? (IOException) e : new IOException(e);
                }
            }
        }
        if (first != null) {
            throw new UncheckedIOException(first);
        }
    }
}
