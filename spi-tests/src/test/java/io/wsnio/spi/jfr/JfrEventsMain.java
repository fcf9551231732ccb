package io.wsnio.spi.jfr;

import io.wsnio.WsnioSelectorProvider;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM with a flight recording: blocking reads and writes that wait on purpose
 * (well past the events' 20 ms default threshold) on the provider named by {@code args[0]}
 * ({@code jdk} or {@code wsnio}). Prints what the test checks the recording against.
 */
public final class JfrEventsMain {
    static final int SLOW_BYTES = 5;
    static final int BULK = 8 << 20;

    public static void main(String[] args) throws Exception {
        SelectorProvider p = "wsnio".equals(args[0]) ? new WsnioSelectorProvider() : SelectorProvider.provider();
        try (ServerSocketChannel server = p.openServerSocketChannel().bind(new InetSocketAddress("127.0.0.1", 0));
                SocketChannel client = p.openSocketChannel()) {
            client.connect(server.getLocalAddress());
            SocketChannel peer = server.accept();
            System.out.println("tcp.port=" + ((InetSocketAddress) server.getLocalAddress()).getPort());
            // warm up (class loading of the read path and the events) so the timed read below
            // begins when the writer's clock starts
            peer.write(ByteBuffer.wrap(new byte[1]));
            client.read(ByteBuffer.allocateDirect(1));
            // a read that waits ~150 ms for 5 bytes: the writer's delay starts just before it
            java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
            Thread writer = new Thread(() -> {
                try {
                    reading.await();
                    Thread.sleep(150);
                    peer.write(ByteBuffer.wrap(new byte[SLOW_BYTES]));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            ByteBuffer dst = ByteBuffer.allocateDirect(64);
            reading.countDown();
            System.out.println("tcp.read=" + client.read(dst));
            writer.join();
            // a write of 8 MiB that waits for a reader that starts after ~200 ms
            Thread reader = new Thread(() -> {
                try {
                    Thread.sleep(200);
                    ByteBuffer sink = ByteBuffer.allocateDirect(1 << 16);
                    long got = 0;
                    while (got < BULK) {
                        sink.clear();
                        got += peer.read(sink);
                    }
                    Thread.sleep(150);
                    peer.close(); // the end of stream the next client read waits for
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            reader.start();
            ByteBuffer src = ByteBuffer.allocateDirect(BULK);
            System.out.println("tcp.write=" + client.write(src));
            dst.clear();
            System.out.println("tcp.eof=" + client.read(dst));
            reader.join();
        }
        if (!System.getProperty("os.name").startsWith("Windows")) {
            Path dir = Files.createTempDirectory("wsnio-jfr");
            UnixDomainSocketAddress path = UnixDomainSocketAddress.of(dir.resolve("s"));
            try (ServerSocketChannel server = p.openServerSocketChannel(StandardProtocolFamily.UNIX).bind(path);
                    SocketChannel client = p.openSocketChannel(StandardProtocolFamily.UNIX)) {
                client.connect(path);
                SocketChannel peer = server.accept();
                Thread writer = new Thread(() -> {
                    try {
                        Thread.sleep(150);
                        peer.write(ByteBuffer.wrap(new byte[3]));
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                writer.start();
                System.out.println("unix.read=" + client.read(ByteBuffer.allocate(16)));
                System.out.println("unix.path=" + path.getPath());
                writer.join();
                peer.close();
            } finally {
                Files.deleteIfExists(path.getPath());
                Files.deleteIfExists(dir);
            }
        }
        System.out.println("done=OK");
    }
}
