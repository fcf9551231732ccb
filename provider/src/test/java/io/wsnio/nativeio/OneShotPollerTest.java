package io.wsnio.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.testkit.UdpPair;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The one-shot pollers behind virtual-thread parking, on the backend of this platform: the
 * backend's own ({@link NativeNet#openOneShotPoller()}: epoll with EPOLLONESHOT on Linux, the
 * queued adapter over AFD or WSAPoll on Windows) and {@link QueuedOneShotPoller} over the selector
 * poller, each polled on its own thread as a parking poller is, armed and disarmed from the
 * test's: a report comes once per arm, arming wakes the poll in progress, a disarmed handle is
 * never reported, and a closed-and-reused handle number starts clean.
 */
@Timeout(60)
class OneShotPollerTest {
    private final NativeNet net = Backends.net();
    private final List<Long> handles = new ArrayList<>();
    private final ByteBuffer one = ByteBuffer.allocateDirect(1);

    @BeforeEach
    void fill() {
        one.put(0, (byte) 1);
    }

    @AfterEach
    void closeAll() throws IOException {
        for (long h : handles) {
            net.close(h);
        }
    }

    /** A connected UDP pair: [0] the receiver, [1] the sender. */
    private long[] pair() throws IOException {
        return UdpPair.open(net, handles);
    }

    private void send(long tx) throws IOException {
        UdpPair.send(net, tx, one);
    }

    /** Polls on its own thread, as a parking poller does, and queues every report. */
    private static final class PollerThread implements AutoCloseable {
        final OneShotPoller poller;
        final java.util.concurrent.LinkedBlockingQueue<Long> reports = new java.util.concurrent.LinkedBlockingQueue<>();
        final Thread thread;
        volatile Throwable failure;
        volatile boolean stop;

        PollerThread(OneShotPoller poller) {
            this.poller = poller;
            thread = new Thread(() -> {
                try {
                    while (!stop) {
                        int n = poller.poll(50);
                        for (int i = 0; i < n; i++) {
                            reports.add(poller.handleAt(i));
                        }
                    }
                } catch (Throwable e) {
                    failure = e;
                }
            }, "one-shot-poller");
            thread.setDaemon(true);
            thread.start();
        }

        /** The next report within {@code millis}, or null. */
        Long next(int millis) throws InterruptedException {
            Long h = reports.poll(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (failure != null) {
                throw new AssertionError("poller thread failed", failure);
            }
            return h;
        }

        @Override
        public void close() throws Exception {
            stop = true;
            thread.join(5_000);
            assertTrue(!thread.isAlive(), "poller thread still running");
            poller.close();
            if (failure != null) {
                throw new AssertionError("poller thread failed", failure);
            }
        }
    }

    private void reportsOncePerArm(PollerThread t) throws Exception {
        OneShotPoller p = t.poller;
        long[] a = pair();
        long[] b = pair();
        send(a[1]);
        send(b[1]);
        p.arm(a[0], Readiness.IN);
        assertEquals(a[0], t.next(5_000));
        // still readable, but disarmed by the report: nothing more until armed again
        assertEquals(null, t.next(200));
        p.arm(a[0], Readiness.IN);
        p.arm(b[0], Readiness.IN);
        List<Long> both = new ArrayList<>(List.of(t.next(5_000), t.next(5_000)));
        assertTrue(both.contains(a[0]) && both.contains(b[0]), () -> "reports: " + both);
        assertEquals(null, t.next(200));
        // a disarmed handle is not reported although ready (the queued poller may have reported
        // it between the arm and the disarm; the epoll one may too: drain that one report)
        p.arm(a[0], Readiness.IN);
        p.disarm(a[0]);
        Thread.sleep(100); // a report the poller thread produced before the disarm is on its way
        t.reports.clear();
        assertEquals(null, t.next(200));
        // disarming what was reported already is harmless, and it can be armed again
        p.arm(b[0], Readiness.IN);
        assertEquals(b[0], t.next(5_000));
        p.disarm(b[0]);
        p.arm(b[0], Readiness.IN);
        assertEquals(b[0], t.next(5_000));
    }

    private void notReadyIsNotReported(PollerThread t) throws Exception {
        long[] a = pair();
        t.poller.arm(a[0], Readiness.IN);
        assertEquals(null, t.next(300));
        send(a[1]); // becomes ready while armed: reported
        assertEquals(a[0], t.next(5_000));
    }

    private void closedHandleNumberStartsClean(PollerThread t) throws Exception {
        OneShotPoller p = t.poller;
        long[] a = pair();
        p.arm(a[0], Readiness.IN);
        p.disarm(a[0]);
        net.close(a[0]);
        handles.remove(Long.valueOf(a[0]));
        // the number is free: a new socket may get it; arming it works either way
        long[] b = pair();
        send(b[1]);
        p.arm(b[0], Readiness.IN);
        assertEquals(b[0], t.next(5_000));
    }

    private void all(OneShotPoller p) throws Exception {
        try (PollerThread t = new PollerThread(p)) {
            reportsOncePerArm(t);
            notReadyIsNotReported(t);
            closedHandleNumberStartsClean(t);
        }
    }

    @Test
    void backendPoller() throws Exception {
        all(net.openOneShotPoller());
    }

    @Test
    void queuedAdapterOverTheSelectorPoller() throws Exception {
        all(new QueuedOneShotPoller(net.openPoller()));
    }

    @Test
    void queuedDisarmWaitsForThePollerThread() throws Exception {
        try (OneShotPoller p = new QueuedOneShotPoller(net.openPoller())) {
            long[] a = pair();
            Thread poller = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        p.poll(50);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            poller.start();
            try {
                for (int i = 0; i < 200; i++) {
                    p.arm(a[0], Readiness.IN);
                    p.disarm(a[0]); // returns only once applied: bounded by the poll's 50 ms
                }
            } finally {
                poller.interrupt();
                poller.join();
            }
        }
    }
}
