package io.wsnio.spi.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.WsnioSelectorProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A bounded mixed workload through one wsnio selector — TCP connections opened, echoed and closed,
 * datagrams echoed, pipes and selectors opened and closed — for {@code wsnio.soak.seconds}
 * (120 by default). After a warm-up the descriptor count and resident memory are recorded; at the
 * end the descriptors are back to that count and resident memory has grown less than the stated
 * tolerance.
 */
class SoakTest {
    private static final long RSS_TOLERANCE_KIB = 128 * 1024;   // heap sizing moves RSS; leaks show in the heap figure
    private static final long HEAP_TOLERANCE_BYTES = 16L << 20;
    private final WsnioSelectorProvider wsnio = new WsnioSelectorProvider();

    @Test
    @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
    void mixedWorkloadKeepsDescriptorsAndMemoryFlat() throws Exception {
        ProcSelf.assumeLinux();
        long seconds = Long.getLong("wsnio.soak.seconds", 120);
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (Selector selector = wsnio.openSelector();
             ServerSocketChannel server = wsnio.openServerSocketChannel().bind(new InetSocketAddress(lo, 0));
             DatagramChannel udp = wsnio.openDatagramChannel().bind(new InetSocketAddress(lo, 0));
             DatagramChannel udpClient = wsnio.openDatagramChannel().bind(new InetSocketAddress(lo, 0))) {
            server.configureBlocking(false).register(selector, SelectionKey.OP_ACCEPT);
            udp.configureBlocking(false).register(selector, SelectionKey.OP_READ);
            AtomicReference<Throwable> serverFailure = new AtomicReference<>();
            Thread serving = new Thread(() -> serve(selector, server, udp, serverFailure), "soak-server");
            serving.setDaemon(true);
            serving.start();

            SplittableRandom rnd = new SplittableRandom(7);
            long start = System.nanoTime();
            long warmEnd = start + Duration.ofSeconds(Math.max(1, seconds / 6)).toNanos();
            long end = start + Duration.ofSeconds(seconds).toNanos();
            int fdBaseline = -1;
            long rssBaseline = -1;
            long heapBaseline = -1;
            long connections = 0;
            long datagrams = 0;
            ByteBuffer out = ByteBuffer.allocateDirect(4096);
            ByteBuffer in = ByteBuffer.allocateDirect(4096);
            byte[] payload = new byte[4096];
            while (System.nanoTime() < end) {
                if (fdBaseline < 0 && System.nanoTime() > warmEnd) {
                    Thread.sleep(300); // let the server close the last connection
                    fdBaseline = ProcSelf.fdCount();
                    rssBaseline = ProcSelf.vmRssKiB();
                    heapBaseline = heapAfterGc();
                }
                // one TCP connection: connect, echo a random-size message (heap or direct), close
                try (SocketChannel c = wsnio.openSocketChannel()) {
                    c.connect(server.getLocalAddress());
                    int n = 1 + rnd.nextInt(payload.length);
                    rnd.nextBytes(payload);
                    boolean direct = rnd.nextBoolean();
                    ByteBuffer o = direct ? out.clear().put(payload, 0, n).flip() : ByteBuffer.wrap(payload, 0, n);
                    while (o.hasRemaining()) {
                        c.write(o);
                    }
                    ByteBuffer i = direct ? in.clear().limit(n) : ByteBuffer.allocate(n);
                    while (i.hasRemaining()) {
                        assertTrue(c.read(i) >= 0, "echo ended early");
                    }
                    i.flip();
                    byte[] got = new byte[n];
                    i.get(got);
                    assertArrayEquals(java.util.Arrays.copyOf(payload, n), got);
                }
                connections++;
                // one datagram round trip
                ByteBuffer d = ByteBuffer.wrap(payload, 0, 1 + rnd.nextInt(1200));
                int len = d.remaining();
                udpClient.send(d, udp.getLocalAddress());
                ByteBuffer r = ByteBuffer.allocate(2048);
                SocketAddress from = udpClient.receive(r);
                assertEquals(udp.getLocalAddress(), from);
                assertEquals(len, r.position());
                datagrams++;
                // now and then a pipe and a selector of their own
                if (connections % 50 == 0) {
                    Pipe p = wsnio.openPipe();
                    try (Selector s = wsnio.openSelector(); Pipe.SourceChannel src = p.source(); Pipe.SinkChannel sink = p.sink()) {
                        src.configureBlocking(false).register(s, SelectionKey.OP_READ);
                        sink.write(ByteBuffer.wrap(new byte[] {1}));
                        assertEquals(1, s.select(5000));
                    }
                }
                assertNull(serverFailure.get(), () -> "server failed: " + serverFailure.get());
            }
            int fdEnd = ProcSelf.awaitFdCountAtMost(fdBaseline, 10_000);
            int fdBaselineFinal = fdBaseline;
            long rssEnd = ProcSelf.vmRssKiB();
            long heapEnd = heapAfterGc();
            System.out.printf("soak: %d s, %d connections, %d datagrams; fds %d -> %d; VmRSS %d KiB -> %d KiB;"
                    + " heap after GC %d KiB -> %d KiB%n", seconds, connections, datagrams, fdBaseline, fdEnd,
                    rssBaseline, rssEnd, heapBaseline >> 10, heapEnd >> 10);
            assertTrue(connections > 100, "the workload ran: " + connections + " connections");
            assertTrue(fdEnd <= fdBaseline, () -> "descriptors grew from " + fdBaselineFinal + ":\n" + ProcSelf.fdListing());
            assertTrue(rssEnd - rssBaseline < RSS_TOLERANCE_KIB,
                    "resident memory grew by " + (rssEnd - rssBaseline) + " KiB (tolerance " + RSS_TOLERANCE_KIB + ")");
            assertTrue(heapEnd - heapBaseline < HEAP_TOLERANCE_BYTES,
                    "live heap grew by " + ((heapEnd - heapBaseline) >> 10) + " KiB (tolerance " + (HEAP_TOLERANCE_BYTES >> 10) + ")");
            selector.wakeup();
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** The selector thread: accepts, echoes stream data and datagrams, closes finished connections. */
    private static void serve(Selector selector, ServerSocketChannel server, DatagramChannel udp, AtomicReference<Throwable> failure) {
        ByteBuffer buf = ByteBuffer.allocateDirect(8192);
        try {
            while (selector.isOpen()) {
                selector.select(1000);
                if (!selector.isOpen()) {
                    return;
                }
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext();) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (!k.isValid()) {
                        continue;
                    }
                    if (k.isAcceptable()) {
                        SocketChannel c = server.accept();
                        if (c != null) {
                            c.configureBlocking(false).register(selector, SelectionKey.OP_READ);
                        }
                    } else if (k.channel() == udp) {
                        buf.clear();
                        SocketAddress from = udp.receive(buf);
                        if (from != null) {
                            buf.flip();
                            udp.send(buf, from);
                        }
                    } else if (k.isReadable()) {
                        SocketChannel c = (SocketChannel) k.channel();
                        buf.clear();
                        int n = c.read(buf);
                        if (n < 0) {
                            c.close();
                        } else {
                            buf.flip();
                            while (buf.hasRemaining()) {
                                c.write(buf); // small echoes fit the send buffer
                            }
                        }
                    }
                }
            }
        } catch (java.nio.channels.ClosedSelectorException e) {
            // the test is over
        } catch (IOException | RuntimeException e) {
            failure.set(e);
        }
    }
}
