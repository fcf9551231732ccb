package io.wsnio.spi.reliability;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.wsnio.WsnioSelectorProvider;

/**
 * Child JVM of {@link TenThousandConnectionsTest}: opens N wsnio connections to host:port on one
 * selector, at most 512 connecting at a time, each sends a distinct 32-byte message and checks the
 * echo. Prints {@code echoed=N} (or {@code failed=...}) with all connections still open, then
 * keeps them open until its standard input closes.
 */
public final class EchoClientsMain {

    private static final int MSG = 32;
    private static final int MAX_PENDING = 512;

    private EchoClientsMain() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress to = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int n = Integer.parseInt(args[2]);
        SelectorProvider p = new WsnioSelectorProvider();
        List<SocketChannel> clients = new ArrayList<>(n);
        try (Selector sel = p.openSelector()) {
            int echoed = 0;
            int inFlight = 0;
            long t0 = System.nanoTime();
            try {
                while (echoed < n) {
                    if (System.nanoTime() - t0 > 140_000_000_000L) {
                        throw new IllegalStateException("only " + echoed + " echoes after 140 s, " + clients.size() + " opened");
                    }
                    while (clients.size() < n && inFlight < MAX_PENDING) {
                        SocketChannel c = p.openSocketChannel();
                        clients.add(c);
                        c.configureBlocking(false);
                        byte[] msg = String.format("connection %020d\n", clients.size() - 1).getBytes(StandardCharsets.US_ASCII);
                        Conn conn = new Conn(ByteBuffer.wrap(msg));
                        c.register(sel, c.connect(to) ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, conn);
                        inFlight++;
                    }
                    sel.select(200);
                    Iterator<SelectionKey> it = sel.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey k = it.next();
                        it.remove();
                        SocketChannel c = (SocketChannel) k.channel();
                        Conn conn = (Conn) k.attachment();
                        if (k.isConnectable()) {
                            c.finishConnect();
                            k.interestOps(SelectionKey.OP_WRITE);
                        } else if (k.isWritable()) {
                            c.write(conn.msg);
                            if (!conn.msg.hasRemaining()) {
                                k.interestOps(SelectionKey.OP_READ);
                            }
                        } else if (k.isReadable()) {
                            if (c.read(conn.echo) < 0) {
                                throw new IllegalStateException("end of stream before the echo on " + c);
                            }
                            if (!conn.echo.hasRemaining()) {
                                if (!conn.msg.flip().equals(conn.echo.flip())) {
                                    throw new IllegalStateException("echo differs on " + c);
                                }
                                k.interestOps(0);
                                echoed++;
                                inFlight--;
                            }
                        }
                    }
                }
                System.gc();
                long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
                System.out.printf("client: %d keys on the client selector, %.1f s (JVM up %d ms), heap %d KiB%n", sel.keys().size(),
                        (System.nanoTime() - t0) / 1e9, System.currentTimeMillis() - ProcessHandle.current().info()
                                .startInstant().map(java.time.Instant::toEpochMilli).orElse(System.currentTimeMillis()),
                        heap / 1024);
                System.out.println("echoed=" + echoed);
            } catch (Exception e) {
                System.out.println("failed=" + e);
                e.printStackTrace(System.out);
            }
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the connections open until the parent closes our input
            }
        } finally {
            for (SocketChannel c : clients) {
                c.close();
            }
        }
    }

    private static final class Conn {
        final ByteBuffer msg;
        final ByteBuffer echo = ByteBuffer.allocate(MSG);

        Conn(ByteBuffer msg) {
            this.msg = msg;
        }
    }
}
