package io.wsnio.spi.reliability;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.wsnio.WsnioSelectorProvider;

/**
 * Child JVM of {@link UnixPathEncodingTest}, started under {@code LANG=C}: a wsnio UNIX listener
 * at {@code args[0]} accepts one connection (from a peer bound to a path this JVM's
 * {@code sun.jnu.encoding} cannot represent) and prints what accept did and the descriptor
 * counts around it; then a wsnio UNIX datagram channel at {@code args[1]} receives one datagram
 * from such a sender and prints what receive did.
 */
public final class UnixAcceptMain {
    private UnixAcceptMain() { }

    public static void main(String[] args) throws Exception {
        WsnioSelectorProvider p = new WsnioSelectorProvider();
        System.out.println("encoding=" + System.getProperty("sun.jnu.encoding"));
        try (ServerSocketChannel l = p.openServerSocketChannel(StandardProtocolFamily.UNIX)) {
            l.bind(UnixDomainSocketAddress.of(args[0]));
            long before = descriptors();
            System.out.println("listening");
            System.out.flush();
            try (SocketChannel c = l.accept()) {
                System.out.println("accepted=" + c.getRemoteAddress());
            } catch (IOException | RuntimeException e) {
                System.out.println("acceptFailed=" + e);
            }
            System.out.println("fdsBefore=" + before);
            System.out.println("fdsAfter=" + descriptors());
        }
        try (DatagramChannel d = p.openDatagramChannel(StandardProtocolFamily.UNIX)) {
            d.bind(UnixDomainSocketAddress.of(args[1]));
            d.configureBlocking(false);
            System.out.println("dgramReady");
            System.out.flush();
            ByteBuffer b = ByteBuffer.allocate(64);
            long end = System.nanoTime() + 5_000_000_000L;
            SocketAddress from = null;
            try {
                while (from == null && System.nanoTime() - end < 0) {
                    from = d.receive(b);
                    Thread.sleep(from == null ? 10 : 0);
                }
                System.out.println("received=" + from + " bytes=" + b.position());
            } catch (IOException | RuntimeException e) {
                System.out.println("receiveThrew=" + e);
            }
        }
        System.out.flush();
    }

    private static long descriptors() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
