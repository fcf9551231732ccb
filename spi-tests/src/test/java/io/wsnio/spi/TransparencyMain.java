package io.wsnio.spi;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;

/**
 * Unmodified NIO code, run in a forked JVM by {@link TransparencyTest}: a non-blocking echo over
 * loopback through one selector using only {@code SocketChannel.open()},
 * {@code ServerSocketChannel.open()} and {@code Selector.open()}. Prints {@code key=value} lines
 * naming the classes that served it; exits 0 when the echo came back intact.
 */
public final class TransparencyMain {

    private TransparencyMain() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("provider=" + SelectorProvider.provider().getClass().getName());
        byte[] message = "hello through whichever provider serves this JVM".getBytes(StandardCharsets.US_ASCII);
        try (Selector selector = Selector.open();
                ServerSocketChannel server = ServerSocketChannel.open();
                SocketChannel client = SocketChannel.open()) {
            System.out.println("selector=" + selector.getClass().getName());
            System.out.println("server=" + server.getClass().getName());
            System.out.println("client=" + client.getClass().getName());

            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            client.configureBlocking(false);
            SelectionKey clientKey = client.register(selector, SelectionKey.OP_CONNECT);
            if (client.connect(server.getLocalAddress())) {
                clientKey.interestOps(SelectionKey.OP_WRITE);
            }

            ByteBuffer toSend = ByteBuffer.wrap(message);
            ByteBuffer received = ByteBuffer.allocate(message.length);
            SocketChannel accepted = null;
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (received.hasRemaining() && System.nanoTime() < deadline) {
                selector.select(500);
                for (SelectionKey k : selector.selectedKeys()) {
                    if (k.isAcceptable()) {
                        accepted = server.accept();
                        System.out.println("accepted=" + accepted.getClass().getName());
                        accepted.configureBlocking(false);
                        accepted.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(256));
                    } else if (k.channel() == client) {
                        if (k.isConnectable() && client.finishConnect()) {
                            k.interestOps(SelectionKey.OP_WRITE);
                        } else if (k.isWritable()) {
                            client.write(toSend);
                            if (!toSend.hasRemaining()) {
                                k.interestOps(SelectionKey.OP_READ);
                            }
                        } else if (k.isReadable()) {
                            if (client.read(received) < 0) {
                                throw new IllegalStateException("client: early end of stream");
                            }
                        }
                    } else if (k.isReadable()) {
                        // the echo side: write back what arrives (tiny message, loopback: whole)
                        SocketChannel ch = (SocketChannel) k.channel();
                        ByteBuffer buf = (ByteBuffer) k.attachment();
                        if (ch.read(buf) < 0) {
                            throw new IllegalStateException("server: early end of stream");
                        }
                        buf.flip();
                        while (buf.hasRemaining()) {
                            ch.write(buf);
                        }
                        buf.clear();
                    }
                }
                selector.selectedKeys().clear();
            }
            if (accepted != null) {
                accepted.close();
            }
            boolean ok = !received.hasRemaining()
                    && java.util.Arrays.equals(message, received.array());
            System.out.println("echo=" + (ok ? "OK" : "FAILED after " + received.position() + " bytes"));
            System.out.flush();
            System.exit(ok ? 0 : 2);
        }
    }
}
