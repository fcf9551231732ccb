package io.wsnio.backend.winsock;

import static io.wsnio.backend.winsock.AfdAbi.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.nativeio.IOStatus;
import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.NativePoller;
import io.wsnio.nativeio.Readiness;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The AFD poller's own cases (a poll pending when its socket is closed, interest changes while a
 * poll is pending, many idle sockets, wake-ups, closing with polls pending), through
 * {@link AfdPoller} directly. The mapping tests run everywhere; the rest on a Windows JVM (the
 * Wine lane).
 */
class AfdPollerTest {
    private static NativeNet net;
    private final List<Long> open = new ArrayList<>();

    private static void windowsOnly() {
        Assumptions.assumeTrue(System.getProperty("os.name", "").startsWith("Windows"),
                "Winsock tests run in the Wine lane");
        if (net == null) {
            net = WinsockNet.create();
        }
    }

    @AfterEach
    void closeAll() {
        for (long h : open) {
            try {
                net.close(h);
            } catch (IOException ignored) {
                // closed by the test
            }
        }
    }

    private long track(long h) {
        open.add(h);
        return h;
    }

    private void closeNow(long h) throws IOException {
        open.remove((Long) h);
        net.close(h);
    }

    private static SocketAddress loopback() throws IOException {
        return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
    }

    /** {client, server}, connected over loopback, both non-blocking. */
    private long[] connectedPair() throws IOException {
        long l = track(net.socket(SocketSpec.TCP_V4, false));
        net.bind(l, Family.INET, loopback());
        net.listen(l, 8);
        long c = track(net.socket(SocketSpec.TCP_V4, false));
        int r = net.connect(c, Family.INET, net.localAddress(l, Family.INET));
        if (r == IOStatus.UNAVAILABLE) {
            assertTrue((net.poll(c, Readiness.OUT, 5000) & Readiness.OUT) != 0, "connect did not complete");
        }
        net.checkConnect(c);
        long s = track(net.accept(l, Family.INET, new SocketAddress[1]));
        net.configureBlocking(s, false);
        return new long[] {c, s};
    }

    private static void send(long h, String s) throws IOException {
        ByteBuffer b = ByteBuffer.allocateDirect(s.length());
        for (int i = 0; i < s.length(); i++) {
            b.put(i, (byte) s.charAt(i));
        }
        assertEquals(s.length(), net.write(h, net.directAddress(b), s.length()));
    }

    private static int eventsOf(NativePoller p, int n, long handle) {
        int events = 0;
        for (int i = 0; i < n; i++) {
            if (p.handleAt(i) == handle) {
                events |= p.eventsAt(i);
            }
        }
        return events;
    }

    @Test
    void readinessMapsBothWays() {
        assertEquals(AFD_POLL_RECEIVE | AFD_POLL_ACCEPT | AFD_POLL_DISCONNECT,
                AfdPoller.toAfd(Readiness.IN) & ~(AFD_POLL_LOCAL_CLOSE | AFD_POLL_ABORT | AFD_POLL_CONNECT_FAIL));
        assertEquals(AFD_POLL_SEND, AfdPoller.toAfd(Readiness.OUT) & AFD_POLL_SEND);
        assertEquals(0, AfdPoller.toAfd(Readiness.OUT) & AFD_POLL_RECEIVE, "OUT must not ask for RECEIVE");
        assertTrue((AfdPoller.toAfd(0) & AFD_POLL_LOCAL_CLOSE) != 0, "a local close is always asked for");
        assertEquals(Readiness.IN, AfdPoller.fromAfd(AFD_POLL_RECEIVE));
        assertEquals(Readiness.IN, AfdPoller.fromAfd(AFD_POLL_ACCEPT));
        assertEquals(Readiness.OUT, AfdPoller.fromAfd(AFD_POLL_SEND));
        assertEquals(Readiness.PRI, AfdPoller.fromAfd(AFD_POLL_RECEIVE_EXPEDITED));
        assertEquals(Readiness.IN | Readiness.RDHUP, AfdPoller.fromAfd(AFD_POLL_DISCONNECT));
        assertEquals(Readiness.ERR | Readiness.HUP, AfdPoller.fromAfd(AFD_POLL_ABORT));
        assertEquals(Readiness.ERR, AfdPoller.fromAfd(AFD_POLL_CONNECT_FAIL));
        assertEquals(Readiness.NVAL, AfdPoller.fromAfd(AFD_POLL_LOCAL_CLOSE));
        assertEquals(0, AfdPoller.fromAfd(AFD_POLL_CONNECT), "CONNECT is never asked for, and means nothing alone");
        assertTrue(AfdAbi.isError(STATUS_CANCELLED));
        assertTrue(!AfdAbi.isError(STATUS_PENDING) && !AfdAbi.isError(STATUS_SUCCESS));
        assertEquals("STATUS_CANCELLED", AfdAbi.statusName(STATUS_CANCELLED));
        assertEquals("NTSTATUS 0xC0000001", AfdAbi.statusName(0xC0000001));
    }

    @Test
    void levelTriggeredReadWriteAndPeerClose() throws Exception {
        windowsOnly();
        long[] p = connectedPair();
        try (AfdPoller poller = new AfdPoller()) {
            poller.add(p[0], Readiness.OUT);
            poller.add(p[1], Readiness.IN);
            int n = poller.poll(2000);
            assertEquals(1, n);
            assertEquals(p[0], poller.handleAt(0));
            assertEquals(Readiness.OUT, poller.eventsAt(0));
            n = poller.poll(2000);
            assertEquals(1, n, "level-triggered: still writable");
            poller.modify(p[0], 0);
            assertEquals(0, poller.poll(0), "no interest, nothing ready");

            send(p[0], "abc");
            n = poller.poll(2000);
            assertEquals(1, n);
            assertEquals(p[1], poller.handleAt(0));
            assertEquals(Readiness.IN, poller.eventsAt(0));
            assertEquals(1, poller.poll(0), "unread data is reported again");
            ByteBuffer in = ByteBuffer.allocateDirect(16);
            assertEquals(3, net.read(p[1], net.directAddress(in), 16));
            long start = System.nanoTime();
            assertEquals(0, poller.poll(300), "drained: nothing ready");
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(250), "the poll waited");

            net.shutdown(p[0], NativeNet.SHUT_WR);
            n = poller.poll(2000);
            assertEquals(1, n);
            assertEquals(Readiness.IN | Readiness.RDHUP, poller.eventsAt(0) & (Readiness.IN | Readiness.RDHUP));
            assertEquals(0, net.read(p[1], net.directAddress(in), 16), "end of stream");
        }
    }

    @Test
    void listenerIsReadyToAccept() throws Exception {
        windowsOnly();
        long l = track(net.socket(SocketSpec.TCP_V4, false));
        net.bind(l, Family.INET, loopback());
        net.listen(l, 8);
        try (AfdPoller poller = new AfdPoller()) {
            poller.add(l, Readiness.IN);
            assertEquals(0, poller.poll(100));
            long c = track(net.socket(SocketSpec.TCP_V4, false));
            net.connect(c, Family.INET, net.localAddress(l, Family.INET));
            assertEquals(1, poller.poll(5000));
            assertEquals(l, poller.handleAt(0));
            assertEquals(Readiness.IN, poller.eventsAt(0));
        }
    }

    @Test
    void pollPendingWhenTheSocketIsRemovedAndClosed() throws Exception {
        windowsOnly();
        long[] p = connectedPair();
        try (AfdPoller poller = new AfdPoller()) {
            poller.add(p[1], Readiness.IN);
            assertEquals(0, poller.poll(0));
            assertEquals(1, poller.pendingPolls(), "the poll is outstanding");
            poller.remove(p[1]);
            closeNow(p[1]);
            assertEquals(0, poller.size());
            assertEquals(1, poller.pendingPolls(), "the block stays the kernel's until the completion is dequeued");
            assertEquals(0, poller.poll(200), "a cancelled poll is not a ready entry");
            assertEquals(0, poller.pendingPolls(), "the cancellation's completion was dequeued");
            // the freed block is reused by the next registration
            long[] q = connectedPair();
            poller.add(q[1], Readiness.IN);
            send(q[0], "x");
            assertEquals(1, poller.poll(2000));
            assertEquals(q[1], poller.handleAt(0));
        }
    }

    @Test
    void pollPendingWhenTheSocketIsClosedWithoutRemove() throws Exception {
        windowsOnly();
        long[] p = connectedPair();
        try (AfdPoller poller = new AfdPoller()) {
            poller.add(p[1], Readiness.IN);
            assertEquals(0, poller.poll(0));
            closeNow(p[1]);
            int n = poller.poll(2000);
            assertEquals(1, n, "AFD_POLL_LOCAL_CLOSE completes the poll");
            assertEquals(p[1], poller.handleAt(0));
            assertEquals(Readiness.NVAL, poller.eventsAt(0));
            assertEquals(0, poller.pendingPolls());
            assertEquals(0, poller.poll(100), "a closed socket is not re-armed");
            poller.remove(p[1]);
            assertEquals(0, poller.size());
        }
    }

    @Test
    void interestChangeWhileAPollIsPending() throws Exception {
        windowsOnly();
        long[] p = connectedPair();
        try (AfdPoller poller = new AfdPoller()) {
            poller.add(p[1], Readiness.IN);
            assertEquals(0, poller.poll(100), "nothing to read");
            assertEquals(1, poller.pendingPolls());
            poller.modify(p[1], Readiness.IN | Readiness.OUT);   // grows: cancel and re-arm
            long start = System.nanoTime();
            int n = poller.poll(5000);
            assertEquals(1, n);
            assertEquals(Readiness.OUT, poller.eventsAt(0));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "the wider poll was armed at once");

            poller.modify(p[1], Readiness.IN);                    // shrinks: OUT is no longer reported
            start = System.nanoTime();
            assertEquals(0, poller.poll(300));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(250), "no early return for unwanted OUT");
            send(p[0], "y");
            n = poller.poll(2000);
            assertEquals(1, n);
            assertEquals(Readiness.IN, poller.eventsAt(0));
            assertEquals(0, poller.pendingPolls(), "the reported socket is re-armed by the next poll, not before");
        }
    }

    /**
     * Checks the {@code n} entries of the last poll: {@code active} (unless -1) must be among them
     * with IN, and any other socket reported must really hold a datagram (loopback is shared with
     * other processes here, whose datagrams can reach an ephemeral port; false readiness would hold
     * none). Strays are read away. Returns how many strays there were.
     */
    private static int checkIdleReadiness(NativePoller poller, int n, long active) throws IOException {
        int strays = 0;
        boolean sawActive = false;
        ByteBuffer b = ByteBuffer.allocateDirect(2048);
        for (int i = 0; i < n; i++) {
            long h = poller.handleAt(i);
            int ev = poller.eventsAt(i);
            if (h == active) {
                assertEquals(Readiness.IN, ev);
                sawActive = true;
                continue;
            }
            int queued = net.available(h);
            assertTrue(queued > 0,
                    "idle socket " + h + " reported with events 0x" + Integer.toHexString(ev) + " but holds no datagram");
            net.read(h, net.directAddress(b), 2048);
            strays++;
        }
        assertTrue(active == -1 || sawActive, "the active socket was not reported");
        return strays;
    }

    @Test
    void aThousandIdleSocketsAndOneActive() throws Exception {
        windowsOnly();
        long sender = track(net.socket(SocketSpec.UDP_V4, false));
        List<Long> socks = new ArrayList<>();
        try (AfdPoller poller = new AfdPoller()) {
            for (int i = 0; i < 1000; i++) {
                long s = track(net.socket(SocketSpec.UDP_V4, false));
                net.bind(s, Family.INET, loopback());
                socks.add(s);
                poller.add(s, Readiness.IN);
            }
            int n = poller.poll(0);
            int strays = checkIdleReadiness(poller, n, -1);
            assertEquals(1000, poller.pendingPolls() + n, "one outstanding poll per idle socket");
            long idleStart = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                strays += checkIdleReadiness(poller, poller.poll(0), -1);
            }
            long idleMicros = (System.nanoTime() - idleStart) / 100_000;
            long active = socks.get(617);
            ByteBuffer b = ByteBuffer.allocateDirect(1);
            assertEquals(1, net.sendTo(sender, net.directAddress(b), 1, Family.INET, net.localAddress(active, Family.INET)));
            n = poller.poll(5000);
            strays += checkIdleReadiness(poller, n, active);
            assertEquals(1000, poller.pendingPolls() + n, "the others stay armed; the reported ones re-arm next poll");
            System.getLogger("io.wsnio").log(System.Logger.Level.INFO,
                    "AFD poll(0) over 1,000 idle sockets: {0} us per call (Wine); {1} stray datagram(s) from other processes",
                    idleMicros, strays);
        }
    }

    @Test
    void wakeupBeforeAndWhilePolling() throws Exception {
        windowsOnly();
        try (AfdPoller poller = new AfdPoller()) {
            poller.wakeup();
            long start = System.nanoTime();
            assertEquals(0, poller.poll(-1), "a wake-up before the poll makes it return");
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
            poller.drainWakeup();

            CompletableFuture<Void> waker = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(200);
                    poller.wakeup();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            start = System.nanoTime();
            assertEquals(0, poller.poll(-1), "a wake-up during the poll makes it return");
            long took = System.nanoTime() - start;
            assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(150) && took < TimeUnit.SECONDS.toNanos(5), "took " + took);
            waker.get(5, TimeUnit.SECONDS);
            poller.drainWakeup();

            poller.wakeup();
            poller.wakeup();   // merged
            poller.drainWakeup();   // consumed before any poll: its packet is stale
            start = System.nanoTime();
            assertEquals(0, poller.poll(300));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(250), "a stale wake-up packet is ignored");
        }
    }

    /**
     * A poll armed by a thread that has ended before the poll completes, 200 times. Under Wine
     * 8.0 the completion packet of such a poll sometimes arrives with its IO_STATUS_BLOCK and
     * AFD_POLL_INFO never written (Wine copies results in an APC of the issuing thread); the
     * poller must then re-arm instead of reading the request it wrote as if it were a result.
     */
    @Test
    void pollArmedByAThreadThatHasEnded() throws Exception {
        windowsOnly();
        long[] p = connectedPair();
        ByteBuffer in = ByteBuffer.allocateDirect(16);
        try (AfdPoller poller = new AfdPoller()) {
            poller.add(p[1], Readiness.IN);
            for (int round = 0; round < 200; round++) {
                Thread t = new Thread(() -> {
                    try {
                        poller.poll(0);
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                t.start();
                t.join();
                assertEquals(1, poller.pendingPolls(), "round " + round);
                send(p[0], "z");
                int n = poller.poll(5000);
                String what = "round " + round + ": n=" + n + (n > 0 ? " events 0x" + Integer.toHexString(poller.eventsAt(0)) : "");
                assertEquals(1, n, "the poll of an ended thread still completes: " + what);
                assertEquals(p[1], poller.handleAt(0), what);
                assertEquals(Readiness.IN, poller.eventsAt(0), what);
                assertEquals(1, net.read(p[1], net.directAddress(in), 16));
                assertEquals(0, poller.poll(0), "drained, round " + round);   // re-armed by this thread
                poller.modify(p[1], 0);      // cancel; the next round's thread arms it afresh
                for (int k = 0; k < 500 && poller.pendingPolls() > 0; k++) {
                    assertEquals(0, poller.poll(10));
                }
                assertEquals(0, poller.pendingPolls(), "the cancellation completed, round " + round);
                poller.modify(p[1], Readiness.IN);
            }
            System.getLogger("io.wsnio").log(System.Logger.Level.INFO,
                    "AFD polls armed by an ended thread: {0} of 200 completion packet(s) came without a result",
                    poller.resultlessCompletions());
        }
    }

    @Test
    void closingWithPollsPendingDrainsThem() throws Exception {
        windowsOnly();
        AfdPoller poller = new AfdPoller();
        for (int i = 0; i < 20; i++) {
            long s = track(net.socket(SocketSpec.UDP_V4, false));
            net.bind(s, Family.INET, loopback());
            poller.add(s, Readiness.IN);
        }
        assertEquals(0, poller.poll(0));
        assertEquals(20, poller.pendingPolls());
        poller.close();
        assertEquals(0, poller.pendingPolls(), "every cancellation was dequeued before the memory is released");
        assertThrows(IOException.class, () -> poller.poll(0));
        poller.wakeup();   // harmless after close
        poller.close();    // idempotent
    }

    @Test
    void thePropertyChoosesThePoller() throws Exception {
        windowsOnly();
        String before = System.getProperty("wsnio.winsock.poller");
        try {
            System.clearProperty("wsnio.winsock.poller");
            try (NativePoller p = net.openPoller()) {
                assertTrue(p instanceof AfdPoller, "the default: " + p.getClass().getName());
            }
            System.setProperty("wsnio.winsock.poller", "afd");
            try (NativePoller p = net.openPoller()) {
                assertTrue(p instanceof AfdPoller, p.getClass().getName());
            }
            System.setProperty("wsnio.winsock.poller", "wsapoll");
            try (NativePoller p = net.openPoller()) {
                assertTrue(p instanceof WsaPollPoller, p.getClass().getName());
            }
            System.setProperty("wsnio.winsock.poller", "epoll");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.openPoller());
            assertTrue(e.getMessage().contains("wsnio.winsock.poller"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty("wsnio.winsock.poller");
            } else {
                System.setProperty("wsnio.winsock.poller", before);
            }
        }
    }
}
