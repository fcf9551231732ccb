package io.wsnio.spi.reliability;

import static io.wsnio.spi.TestNet.LOOPBACK4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.wsnio.testkit.ChildProcess;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.wsnio.spi.Background;
import io.wsnio.spi.Providers;

/**
 * 10,000 concurrent TCP connections ({@code -Dwsnio.reliability.connections=N}) on one wsnio
 * selector: a server thread accepts and echoes every connection on one selector; the clients, in a
 * child JVM (wsnio too, on one selector there: both ends here would need twice the descriptors)
 * each send a distinct 32-byte message and check the echo; all connections are open at the same
 * time. Prints memory per server-side connection (resident and Java heap) and checks every
 * descriptor is released at the end.
 */
@Timeout(value = 180)
class TenThousandConnectionsTest {

    /**
     * Under Wine the wineserver holds a Unix descriptor for every socket of both JVMs (server and
     * clients), so 2 x N must fit its RLIMIT_NOFILE (20,000 here): 9,000 there by default, and
     * .ci/wine-lane.sh passes what fits the machine's limit.
     */
    static final int WINE_N = 9_000;
    static final int N = Integer.getInteger("wsnio.reliability.connections", ProcSelf.WINE ? WINE_N : 10_000);
    /** On the AFD poller under Wine (see the test): a count whose teardown Wine's server finishes in seconds. */
    static final int WINE_AFD_N = 1_000;
    private static final int MSG = 32;
    /** The Winsock poller (the child JVM gets the same). */
    private static final String POLLER = System.getProperty("wsnio.winsock.poller", "afd");

    @Test
    void tenThousandEchoesOnOneSelector() throws Exception {
        ProcSelf.assumeDescriptorCount();
        // Found by this test: under Wine 8.0, with the AFD poller (the Winsock default), 9,000 echoed
        // connections did not finish tearing down. Wine's design, not wsnio's: its server keeps every
        // IOCTL_AFD_POLL of every process on one list (server/sock.c poll_list) that each socket event
        // walks twice (complete_async_polls, sock_get_poll_events); a completed poll stays on it until
        // the issuing thread has run its APC, and meanwhile sock_get_poll_events still asks epoll for
        // POLLIN on the hung-up socket, so the wineserver spins on every such socket (recv MSG_PEEK,
        // two O(polls) walks) and the APC requests that would end the spin starve. Teardown grows
        // about as n^3 (1,000: 1 s, 2,000: 16 s, 4,000: 151 s in a bench; this test fails from about
        // 3,000). WSAPoll is one multi-socket poll, reaped by one APC,
        // so on AFD under Wine the test runs at WINE_AFD_N connections (it passes up to 2,000); the
        // lane's second run takes the full count on WSAPoll.
        int connections = ProcSelf.WINE && POLLER.equals("afd") ? Math.min(N, WINE_AFD_N) : N;
        if (connections < N) {
            System.out.println("[reliability] Wine 8.0 on the AFD poller: " + connections + " connections, not " + N
                    + " (teardown grows ~n^3 in the wineserver; the full count runs on WSAPoll)");
        }
        ProcSelf.ensureNofile(connections + 1_000);
        SelectorProvider p = Providers.wsnio();

        int fd0 = ProcSelf.fdCount();
        long heap0 = heapAfterGc();
        long rss0 = ProcSelf.vmRssKiB();

        ServerSocketChannel listener = p.openServerSocketChannel();
        listener.bind(new InetSocketAddress(LOOPBACK4, 0), 4096);
        listener.configureBlocking(false);
        Selector serverSel = p.openSelector();
        listener.register(serverSel, SelectionKey.OP_ACCEPT);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger serverKeys = new AtomicInteger();
        AtomicReference<Boolean> stop = new AtomicReference<>(false);
        Background<Object> server = Background.start("echo-server", () -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(MSG * 4);
            while (!stop.get()) {
                serverSel.select(500);
                Iterator<SelectionKey> it = serverSel.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (k.isAcceptable()) {
                        SocketChannel c;
                        while ((c = listener.accept()) != null) {
                            c.configureBlocking(false);
                            c.register(serverSel, SelectionKey.OP_READ);
                            accepted.incrementAndGet();
                        }
                    } else if (k.isReadable()) {
                        SocketChannel c = (SocketChannel) k.channel();
                        buf.clear();
                        int n = c.read(buf);
                        if (n < 0) {
                            k.cancel();
                            c.close();
                            continue;
                        }
                        buf.flip();
                        while (buf.hasRemaining()) {
                            c.write(buf); // 32 bytes into an empty send buffer: completes
                        }
                    }
                }
                serverKeys.set(serverSel.keys().size());
            }
            return null;
        });

        // the clients run in a child JVM: both ends in this process would need 2 x N descriptors,
        // more than this machine's hard RLIMIT_NOFILE (20,000) allows without CAP_SYS_RESOURCE
        InetSocketAddress to = (InetSocketAddress) listener.getLocalAddress();
        Path out = Files.createTempFile("wsnio-clients", ".out");
        Process child = new ProcessBuilder(ProcSelf.javaCommand(),
                "-Xmx256m", "-Dwsnio.winsock.poller=" + POLLER, "-cp", ProcSelf.childClassPath(), EchoClientsMain.class.getName(),
                to.getAddress().getHostAddress(), Integer.toString(to.getPort()), Integer.toString(connections))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long t0 = System.nanoTime();
        long deadline = t0 + 150_000_000_000L;
        try {
            String result = null;
            while (result == null) {
                assertTrue(System.nanoTime() < deadline, () -> "clients did not finish: " + read(out));
                assertTrue(server.isAlive(), () -> "echo server ended: " + safeFailure(server));
                for (String line : Files.readAllLines(out)) {
                    if (line.startsWith("echoed=") || line.startsWith("failed=")) {
                        result = line;
                    }
                }
                if (result == null && !child.isAlive()) {
                    fail("client JVM exited " + child.exitValue() + ": " + Files.readString(out));
                }
                Thread.sleep(50);
            }
            assertEquals("echoed=" + connections, result, Files.readString(out));
            double secs = (System.nanoTime() - t0) / 1e9;
            // every connection is open now, on both ends
            while (serverKeys.get() < connections + 1 && System.nanoTime() < deadline) {
                serverSel.wakeup();
                Thread.sleep(10);
            }
            assertEquals(connections + 1, serverKeys.get(), "keys on the server selector (connections + listener)");
            assertEquals(connections, accepted.get());
            int fdPeak = ProcSelf.fdCount();
            assertTrue(fdPeak - fd0 >= connections, "descriptors in use " + (fdPeak - fd0));
            long heap1 = heapAfterGc();
            long rss1 = ProcSelf.vmRssKiB();
            System.out.printf("[reliability] scale: %d connections echoed on one wsnio selector in %.1f s (clients in a"
                    + " child JVM on wsnio); %d descriptors in use; per server connection (channel, key, selector"
                    + " slot): resident %.0f bytes (VmRSS %d -> %d KiB), Java heap %.0f bytes; %s%n", connections, secs,
                    fdPeak - fd0, (rss1 - rss0) * 1024.0 / connections, rss0, rss1, (heap1 - heap0) / (double) connections,
                    Files.readAllLines(out).stream().filter(l -> l.startsWith("client:")).findFirst().orElse(""));
        } finally {
            child.getOutputStream().close(); // the child closes its connections and exits
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
            ChildProcess.deleteEventually(out);
            stop.set(true);
            serverSel.wakeup();
            server.join(java.time.Duration.ofSeconds(20));
            for (SelectionKey k : serverSel.keys()) {
                k.channel().close();
            }
            serverSel.close();
            listener.close();
        }
        int fd1 = ProcSelf.awaitFdCountAtMost(fd0, 10_000);
        assertEquals(fd0, fd1, "descriptors after closing every connection and the selector");
    }

    /** Used Java heap after a collection (java.management is not in every JRE: the Wine lane's has none). */
    private static long heapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static String safeFailure(Background<Object> b) {
        try {
            return String.valueOf(b.failure());
        } catch (Throwable t) {
            return String.valueOf(t);
        }
    }

}
