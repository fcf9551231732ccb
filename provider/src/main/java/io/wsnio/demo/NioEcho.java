package io.wsnio.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * A plain NIO echo server and client: nothing here names wsnio. Run it with
 * {@code -Djava.nio.channels.spi.SelectorProvider=io.wsnio.WsnioSelectorProvider} (or the services
 * jar on the class path) and it runs on wsnio; without, on the JDK. It prints which served it.
 */
public final class NioEcho {
    private NioEcho() { }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (Selector selector = Selector.open();
             ServerSocketChannel server = ServerSocketChannel.open();
             SocketChannel client = SocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            client.connect(server.getLocalAddress());

            ByteBuffer out = ByteBuffer.allocateDirect(64);
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            ByteBuffer echo = ByteBuffer.allocateDirect(64);
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                out.clear();
                out.put(("ping " + i).getBytes(StandardCharsets.US_ASCII)).flip();
                int len = out.remaining();
                while (out.hasRemaining()) {
                    client.write(out);
                }
                // serve until the echo is back
                in.clear();
                while (in.position() < len) {
                    selector.select(100);
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey k = it.next();
                        it.remove();
                        if (k.isAcceptable()) {
                            SocketChannel accepted = server.accept();
                            accepted.configureBlocking(false);
                            accepted.register(selector, SelectionKey.OP_READ);
                        } else if (k.isReadable()) {
                            SocketChannel peer = (SocketChannel) k.channel();
                            echo.clear();
                            if (peer.read(echo) < 0) {
                                k.cancel();
                                peer.close();
                                continue;
                            }
                            echo.flip();
                            while (echo.hasRemaining()) {
                                peer.write(echo);
                            }
                        }
                    }
                    if (selector.selectNow() >= 0 && client.isBlocking()) {
                        ByteBuffer view = in;
                        client.configureBlocking(false);
                        client.read(view);
                        client.configureBlocking(true);
                    }
                }
                in.flip();
                String got = StandardCharsets.US_ASCII.decode(in).toString();
                if (!got.equals("ping " + i)) {
                    throw new IllegalStateException("echo mismatch: sent 'ping " + i + "', got '" + got + "'");
                }
            }
            long micros = (System.nanoTime() - start) / 1000;
            System.out.println("provider:  " + SelectorProvider.provider().getClass().getName());
            System.out.println("selector:  " + selector.getClass().getName());
            System.out.println("server:    " + server.getClass().getName() + " " + server.getLocalAddress());
            System.out.println("client:    " + client.getClass().getName() + " " + client.getLocalAddress());
            System.out.println("echoed " + rounds + " messages in " + micros / 1000 + " ms: OK");
        }
    }
}
