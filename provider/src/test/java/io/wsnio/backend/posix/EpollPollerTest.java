package io.wsnio.backend.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The epoll poller's wake-up edge cases, on the poller itself. */
class EpollPollerTest {

    @BeforeAll
    static void linux() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "epoll is Linux's");
    }

    @Test
    void aWakeupAfterCloseDoesNotWriteToTheReusedDescriptorNumbers() throws Exception {
        try (DatagramChannel receiver = DatagramChannel.open()) { // the JDK's: not under test
            receiver.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            receiver.configureBlocking(false);
            for (int round = 0; round < 50; round++) {
                EpollPoller p = new EpollPoller();
                p.close();
                // the lowest free numbers, the epoll descriptor's and the eventfd's, go to these
                try (DatagramChannel a = DatagramChannel.open(); DatagramChannel b = DatagramChannel.open()) {
                    a.connect(receiver.getLocalAddress());
                    b.connect(receiver.getLocalAddress());
                    p.wakeup(); // too late: must do nothing
                    Thread.sleep(2);
                    ByteBuffer in = ByteBuffer.allocate(64);
                    assertNull(receiver.receive(in), "round " + round + ": a wake-up after close sent "
                            + in.position() + " bytes through a socket that took the eventfd's number");
                }
            }
        }
    }

    /** A poller whose buffer allocation fails closes its epoll descriptor and eventfd. */
    @Test
    void aPollerWhoseAllocationFailsLeaksNoDescriptor() throws Exception {
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        io.wsnio.testkit.ChildProcess.Result r = io.wsnio.testkit.ChildProcess.run(java.util.List.of(javaBin,
                "-XX:MaxDirectMemorySize=64k", "-cp", System.getProperty("java.class.path"),
                EpollPollerLeakMain.class.getName()), 60);
        assertEquals(0, r.exit(), r.output());
        java.util.Map<String, String> v = new java.util.HashMap<>();
        for (String line : r.output().split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                v.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertEquals("3", v.get("failed"), "every construction ran out of direct memory:\n" + r.output());
        assertEquals(v.get("fdsBefore"), v.get("fdsAfter"), "descriptors around 3 failed constructions:\n" + r.output());
    }

    @Test
    void aWakeupIsReportedOnceAndThenThePollBlocksAgain() throws Exception {
        EpollPoller p = new EpollPoller();
        try {
            p.wakeup();
            long t0 = System.nanoTime();
            assertEquals(0, p.poll(5_000), "a wake-up is no ready entry");
            assertEquals(true, (System.nanoTime() - t0) < 2_000_000_000L, "the wake-up ended the poll at once");
            p.drainWakeup();
            t0 = System.nanoTime();
            assertEquals(0, p.poll(200));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(true, ms >= 150, "the edge was consumed: the next poll waited (" + ms + " ms)");
            // a wake-up that comes after a poll returned and before the drain is voided by the drain
            p.wakeup();
            p.drainWakeup();
            t0 = System.nanoTime();
            assertEquals(0, p.poll(200));
            ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(true, ms >= 150, "a wake-up drained before any poll saw it does not end the next one (" + ms + " ms)");
        } finally {
            p.close();
        }
    }
}
