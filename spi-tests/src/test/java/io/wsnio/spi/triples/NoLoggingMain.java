package io.wsnio.spi.triples;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Child of {@link RuntimeWithoutJavaLoggingTest}: opens wsnio channels, echoes a message through a
 * wsnio selector, and prints what happened as key=value lines.
 */
public final class NoLoggingMain {
    private NoLoggingMain() { }

    public static void main(String[] args) {
        System.out.println("logging=" + ModuleLayer.boot().findModule("java.logging").isPresent());
        try {
            io.wsnio.WsnioSelectorProvider provider = new io.wsnio.WsnioSelectorProvider();
            System.out.println("backend=" + provider.backendName());
            System.out.println("echo=" + echo(provider));
        } catch (Throwable t) {
            System.out.println("error=" + t.getClass().getName() + ": " + t.getMessage());
            for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
                System.out.println("cause=" + c.getClass().getName() + ": " + c.getMessage());
            }
        }
    }

    /** A server, a client and a selector of the provider: the bytes the server read back from the client. */
    private static String echo(io.wsnio.WsnioSelectorProvider provider) throws Exception {
        try (ServerSocketChannel server = provider.openServerSocketChannel();
             SocketChannel client = provider.openSocketChannel();
             Selector selector = provider.openSelector()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            client.connect(server.getLocalAddress());
            try (SocketChannel accepted = server.accept()) {
                client.write(ByteBuffer.wrap("hello without JNA".getBytes("US-ASCII")));
                accepted.configureBlocking(false);
                accepted.register(selector, SelectionKey.OP_READ);
                if (selector.select(10_000) != 1) {
                    return "no readiness";
                }
                ByteBuffer in = ByteBuffer.allocateDirect(64);
                accepted.read(in);
                in.flip();
                byte[] b = new byte[in.remaining()];
                in.get(b);
                return new String(b, "US-ASCII");
            }
        }
    }
}
