package io.wsnio.spi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * A connected TCP pair over loopback: {@code client} connected to a listener, {@code server} the
 * channel the listener accepted. Both are in blocking mode when created.
 */
public record ConnectedPair(SocketChannel client, SocketChannel server) implements AutoCloseable {

    /** Client and server from the same provider, over IPv4 loopback. */
    public static ConnectedPair open(SelectorProvider provider) throws IOException {
        return open(provider, provider, TestNet.LOOPBACK4);
    }

    /** Client and server from the same provider, over the given loopback address. */
    public static ConnectedPair open(SelectorProvider provider, InetAddress loopback)
            throws IOException {
        return open(provider, provider, loopback);
    }

    /** Client from {@code clientProvider}, listener and accepted channel from {@code serverProvider}. */
    public static ConnectedPair open(SelectorProvider clientProvider, SelectorProvider serverProvider,
            InetAddress loopback) throws IOException {
        try (ServerSocketChannel listener = serverProvider.openServerSocketChannel()) {
            listener.bind(new InetSocketAddress(loopback, 0));
            SocketChannel client = clientProvider.openSocketChannel();
            try {
                client.connect(listener.getLocalAddress());
                SocketChannel server = listener.accept();
                return new ConnectedPair(client, server);
            } catch (IOException | RuntimeException e) {
                client.close();
                throw e;
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } finally {
            server.close();
        }
    }
}
