package io.wsnio.spi.frameworks;

import io.wsnio.channels.WsnioSocketChannel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.zip.CRC32;

/**
 * Plain blocking NIO server for {@link MptcpTwoPathsTest}, run in the server's network namespace:
 * listens on {@code 0.0.0.0:args[0]} (prints {@code listening=port}), accepts one connection,
 * reads to end of stream and answers the byte count and CRC-32 of what arrived (16 bytes). The
 * protocol comes from {@code -Dwsnio.stream.protocol=mptcp}; the code never names it.
 */
public final class MptcpServerMain {

    private MptcpServerMain() {
    }

    public static void main(String[] args) throws Exception {
        ChildSupport.watchdog(55);
        String failure = null;
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("0.0.0.0", Integer.parseInt(args[0])));
            System.out.println("listening=" + ((InetSocketAddress) server.getLocalAddress()).getPort());
            System.out.flush();
            try (SocketChannel ch = server.accept()) {
                System.out.println("acceptedProtocol=" + ((WsnioSocketChannel) ch).protocolInUse());
                ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
                byte[] chunk = new byte[1 << 20];
                CRC32 crc = new CRC32();
                long total = 0;
                int n;
                while ((n = ch.read(buf)) >= 0) {
                    buf.flip();
                    buf.get(chunk, 0, n);
                    crc.update(chunk, 0, n);
                    total += n;
                    buf.clear();
                }
                System.out.println("received=" + total);
                ByteBuffer answer = ByteBuffer.allocate(16).putLong(total).putLong(crc.getValue()).flip();
                while (answer.hasRemaining()) {
                    ch.write(answer);
                }
            }
        } catch (Exception e) {
            e.printStackTrace(System.out);
            failure = e.toString();
        }
        ChildSupport.finish(failure);
    }
}
