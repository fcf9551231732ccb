package io.wsnio.spi.modules;

import io.wsnio.WsnioChannel;
import io.wsnio.WsnioSelectorProvider;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * Run in a child JVM with wsnio on the module path: an echo through the JVM-wide provider, what
 * the public interface tells, and whether an implementation class is reachable (it must not be).
 */
public final class ModuleMain {
    public static void main(String[] args) throws Exception {
        SelectorProvider p = SelectorProvider.provider();
        System.out.println("provider=" + p.getClass().getName());
        System.out.println("module=" + p.getClass().getModule().getName());
        try (ServerSocketChannel server = p.openServerSocketChannel().bind(new InetSocketAddress("127.0.0.1", 0));
                SocketChannel client = p.openSocketChannel(server.getLocalAddress() instanceof InetSocketAddress
                        ? java.net.StandardProtocolFamily.INET : java.net.StandardProtocolFamily.UNIX)) {
            client.connect(server.getLocalAddress());
            try (SocketChannel peer = server.accept()) {
                client.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                ByteBuffer got = ByteBuffer.allocate(3);
                while (got.hasRemaining()) {
                    peer.read(got);
                }
                System.out.println("echo=" + (got.get(2) == 3 ? "OK" : "bad"));
            }
            System.out.println("public.spec=" + ((WsnioChannel) client).spec());
            System.out.println("public.protocol=" + ((WsnioChannel) client).protocolInUse());
            try {
                client.getClass().getMethod("spec").invoke(client);
                System.out.println("internal=reachable");
            } catch (IllegalAccessException expected) {
                System.out.println("internal=refused");
            }
        }
        if (p instanceof WsnioSelectorProvider) {
            System.out.println("backend=" + ((WsnioSelectorProvider) p).backendName());
        }
    }
}
