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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A bounded mixed workload through one wsnio selector — TCP connections opened, echoed and closed,
 * datagrams echoed, pipes and selectors opened and closed — for {@code wsnio.soak.seconds}
 * (120 by default). After a warm-up the descriptor count is recorded, at mid-run the live heap and
 * the resident memory outside the Java heap; at the end the descriptors are back to that count and
 * the memory has grown by less than a bound per connection made since it was recorded: under
 * {@value #HEAP_BYTES_PER_CONNECTION} bytes of live heap (the smallest object is 16 bytes, so one
 * object kept per connection fails) and, on Linux, under {@value #NATIVE_BYTES_PER_CONNECTION}
 * bytes of resident memory besides the committed heap (Wine's working set is trimmed at will).
 */
class SoakTest {
    private static final long HEAP_BYTES_PER_CONNECTION = 16;
    private static final long NATIVE_BYTES_PER_CONNECTION = 512;   // JIT and malloc arenas add a fixed part
    private final WsnioSelectorProvider wsnio = new WsnioSelectorProvider();

    /**
     * Runs the workload in a child JVM of its own (plain java, this class path), so the descriptors
     * and memory measured are the workload's and not the test runner's (surefire's own channels
     * opened a UNIX socket now and then during a run in the shared JVM).
     */
    @Test
    @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
    void mixedWorkloadKeepsDescriptorsAndMemoryFlat() throws Exception {
        ProcSelf.assumeDescriptorCount();
        long seconds = Long.getLong("wsnio.soak.seconds", 120);
        List<String> cmd = new ArrayList<>(List.of(ProcSelf.javaCommand(), "-Xmx256m",
                "-Dwsnio.soak.seconds=" + seconds, "-cp", ProcSelf.childClassPath()));
        if (Runtime.version().feature() >= 22) {
            cmd.add(1, "--enable-native-access=ALL-UNNAMED");
        }
        cmd.add(SoakTest.class.getName());
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(seconds + 120, TimeUnit.SECONDS), "soak child did not end");
        System.out.print(out);
        assertEquals(0, child.exitValue(), "soak child failed:\n" + out);
        assertTrue(out.contains("soak: PASS"), out);
    }

    /** The child: runs the workload, prints its figures, exits 1 on a failed check. */
    public static void main(String[] args) {
        try {
            new SoakTest().soak(Long.getLong("wsnio.soak.seconds", 120));
            System.out.println("soak: PASS");
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.exit(1);
        }
    }

    void soak(long seconds) throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (Selector selector = wsnio.openSelector();
             ServerSocketChannel server = wsnio.openServerSocketChannel().bind(new InetSocketAddress(lo, 0));
             DatagramChannel udp = wsnio.openDatagramChannel().bind(new InetSocketAddress(lo, 0));
             DatagramChannel udpClient = wsnio.openDatagramChannel().bind(new InetSocketAddress(lo, 0))) {
            server.configureBlocking(false).register(selector, SelectionKey.OP_ACCEPT);
            udp.configureBlocking(false).register(selector, SelectionKey.OP_READ);
            AtomicReference<Throwable> serverFailure = new AtomicReference<>();
            java.util.concurrent.atomic.AtomicInteger serverOpen = new java.util.concurrent.atomic.AtomicInteger();
            Thread serving = new Thread(() -> serve(selector, server, udp, serverOpen, serverFailure), "soak-server");
            serving.setDaemon(true);
            serving.start();

            SplittableRandom rnd = new SplittableRandom(7);
            long start = System.nanoTime();
            // warm-up: one-time lazy state (class loading, JIT, per-thread buffers) settles first
            long warmEnd = start + Duration.ofSeconds(Math.min(Math.max(10, seconds / 6), Math.max(1, seconds / 2))).toNanos();
            long end = start + Duration.ofSeconds(seconds).toNanos();
            int fdBaseline = -1;
            int fdMid = -1;
            long midPoint = start + (end - start) / 2 + (warmEnd - start) / 2;
            long rssBaseline = -1;
            long heapBaseline = -1;
            long committedBaseline = -1;
            long connections = 0;
            long connectionsAtBaseline = -1;
            long strays = 0;
            SocketAddress udpServer = udp.getLocalAddress();
            long datagrams = 0;
            ByteBuffer out = ByteBuffer.allocateDirect(4096);
            ByteBuffer in = ByteBuffer.allocateDirect(4096);
            byte[] payload = new byte[4096];
            while (System.nanoTime() < end) {
                if (fdBaseline < 0 && System.nanoTime() > warmEnd) {
                    awaitServerIdle(serverOpen);
                    // reading /proc through Files opens a FileChannel, whose sun.nio.ch.FileDispatcherImpl
                    // keeps one UNIX socket for life (JDK 17: its static init makes a socketpair for
                    // pre-close and closes one end); create it before counting
                    ProcSelf.vmRssKiB();
                    fdBaseline = ProcSelf.fdCount();
                }
                if (fdBaseline >= 0 && fdMid < 0 && System.nanoTime() > midPoint) {
                    awaitServerIdle(serverOpen);
                    fdMid = ProcSelf.fdCount();
                    heapBaseline = heapAfterGc();
                    rssBaseline = ProcSelf.vmRssKiB();
                    committedBaseline = Runtime.getRuntime().totalMemory();
                    connectionsAtBaseline = connections;
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
                while (!udpServer.equals(from)) {
                    // a stray datagram from another test's leftover sender that hit this port: skip it
                    assertTrue(++strays < 1000, "too many stray datagrams, last from " + from);
                    r.clear();
                    from = udpClient.receive(r);
                }
                assertEquals(len, r.position());
                datagrams++;
                // now and then a pipe and a selector of their own
                if (connections % 50 == 0 && !Boolean.getBoolean("wsnio.soak.nopipes")) {
                    Pipe p = wsnio.openPipe();
                    try (Selector s = wsnio.openSelector(); Pipe.SourceChannel src = p.source(); Pipe.SinkChannel sink = p.sink()) {
                        src.configureBlocking(false).register(s, SelectionKey.OP_READ);
                        sink.write(ByteBuffer.wrap(new byte[] {1}));
                        assertEquals(1, s.select(5000));
                    }
                }
                assertNull(serverFailure.get(), () -> "server failed: " + serverFailure.get());
            }
            awaitServerIdle(serverOpen);
            int fdEnd = ProcSelf.awaitFdCountAtMost(fdBaseline, 3_000);
            if (Boolean.getBoolean("wsnio.soak.debug")) {
                Process dbg = new ProcessBuilder("sh", "-c", "ss -tuaxnpe | grep pid=" + ProcessHandle.current().pid()).start();
                System.out.println("SS\n" + new String(dbg.getInputStream().readAllBytes()));
            }
            int fdBaselineFinal = fdBaseline;
            int fdMidFinal = fdMid;
            long heapEnd = heapAfterGc();
            long rssEnd = ProcSelf.vmRssKiB();
            long committedEnd = Runtime.getRuntime().totalMemory();
            long since = connections - connectionsAtBaseline;
            System.out.printf("soak: %d stray datagrams skipped%n", strays);
            System.out.printf("soak: fds at warm-up %d, at mid-run %d, at the end %d%n", fdBaseline, fdMid, fdEnd);
            System.out.printf("soak: %d s, %d connections, %d datagrams; fds %d -> %d; VmRSS %d KiB -> %d KiB;"
                    + " heap after GC %d KiB -> %d KiB%n", seconds, connections, datagrams, fdBaseline, fdEnd,
                    rssBaseline, rssEnd, heapBaseline >> 10, heapEnd >> 10);
            assertTrue(connections > 100, "the workload ran: " + connections + " connections");
            // Flat: hundreds of thousands of connections, datagrams and pipes leave no descriptor behind
            assertTrue(fdEnd <= fdBaseline, () -> "descriptors grew from " + fdBaselineFinal + " (mid-run "
                    + fdMidFinal + "):\n" + ProcSelf.fdListing());
            assertTrue(since > 100, "connections since the mid-run baseline: " + since);
            long heapGrowth = heapEnd - heapBaseline;
            System.out.printf("soak: since mid-run %d connections; live heap %+d B (%.3f B per connection)%n", since,
                    heapGrowth, heapGrowth / (double) since);
            assertTrue(heapGrowth < HEAP_BYTES_PER_CONNECTION * since, "live heap grew by " + heapGrowth + " B over "
                    + since + " connections: " + heapGrowth / (double) since + " B per connection (bound "
                    + HEAP_BYTES_PER_CONNECTION + ")");
            if (System.getProperty("os.name", "").startsWith("Linux")) {
                long nativeGrowth = (rssEnd - rssBaseline) * 1024 - Math.max(0, committedEnd - committedBaseline);
                System.out.printf("soak: resident memory besides the committed heap %+d B (%.3f B per connection)%n",
                        nativeGrowth, nativeGrowth / (double) since);
                assertTrue(nativeGrowth < NATIVE_BYTES_PER_CONNECTION * since, "resident memory besides the committed"
                        + " heap grew by " + nativeGrowth + " B over " + since + " connections: "
                        + nativeGrowth / (double) since + " B per connection (bound " + NATIVE_BYTES_PER_CONNECTION + ")");
            }
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
    /** Waits (bounded) until the server has closed every connection it accepted. */
    private static void awaitServerIdle(java.util.concurrent.atomic.AtomicInteger serverOpen) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (serverOpen.get() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, serverOpen.get(), "connections the server still holds");
    }

    private static void serve(Selector selector, ServerSocketChannel server, DatagramChannel udp,
            java.util.concurrent.atomic.AtomicInteger serverOpen, AtomicReference<Throwable> failure) {
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
                            serverOpen.incrementAndGet();
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
                            serverOpen.decrementAndGet();
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
