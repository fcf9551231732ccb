package io.wsnio.nativeio;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link OneShotPoller} over any selector {@link NativePoller} (WSAPoll, AFD; epoll too), for
 * backends without a thread-safe one-shot primitive of their own. Arm and disarm are queued under a
 * lock and the poller woken; the poller thread applies the queue (add or modify, remove) before each
 * poll, and removes every handle it reports, which makes each report one-shot. A disarm waits until
 * the poller thread has applied it, so when it returns the handle is out of the underlying poller
 * and may be closed. Costs a wake-up per arm: the backends with a cheaper way (epoll's
 * EPOLLONESHOT) override {@link NativeNet#openOneShotPoller()}. Nothing is allocated per arm or
 * report once the arrays have grown.
 */
public final class QueuedOneShotPoller implements OneShotPoller {
    private static final int DISARM = -1;

    private final NativePoller poller;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appliedCond = lock.newCondition();
    private long[] queueHandles = new long[16];   // guarded by lock
    private int[] queueEvents = new int[16];      // guarded by lock
    private int queued;                           // guarded by lock
    private long tickets;                         // guarded by lock: requests queued so far
    private long applied;                         // guarded by lock: requests applied so far

    // the poller thread's own
    private long[] watched = new long[16];
    private int[] watchedEvents = new int[16];
    private int watchedCount;
    private long[] applying = new long[16];
    private int[] applyingEvents = new int[16];
    private long[] reports = new long[16];
    private int reportCount;

    public QueuedOneShotPoller(NativePoller poller) {
        this.poller = poller;
    }

    private long enqueue(long handle, int events) {
        if (queued == queueHandles.length) {
            queueHandles = Arrays.copyOf(queueHandles, queued * 2);
            queueEvents = Arrays.copyOf(queueEvents, queued * 2);
        }
        queueHandles[queued] = handle;
        queueEvents[queued] = events;
        queued++;
        return ++tickets;
    }

    @Override
    public void arm(long handle, int events) throws IOException {
        if (events <= 0) {
            throw new IllegalArgumentException("no events to arm: " + events);
        }
        lock.lock();
        try {
            enqueue(handle, events);
        } finally {
            lock.unlock();
        }
        poller.wakeup();
    }

    @Override
    public void disarm(long handle) throws IOException {
        long ticket;
        lock.lock();
        try {
            ticket = enqueue(handle, DISARM);
        } finally {
            lock.unlock();
        }
        poller.wakeup();
        lock.lock();
        try {
            boolean interrupted = false;
            while (applied < ticket) {
                try {
                    appliedCond.await();
                } catch (InterruptedException e) {
                    interrupted = true; // the handle must be out of the poller before the caller goes on
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } finally {
            lock.unlock();
        }
    }

    private int indexOf(long handle) {
        for (int i = 0; i < watchedCount; i++) {
            if (watched[i] == handle) {
                return i;
            }
        }
        return -1;
    }

    private void unwatch(int i) {
        watchedCount--;
        watched[i] = watched[watchedCount];
        watchedEvents[i] = watchedEvents[watchedCount];
    }

    /** The poller thread: applies queued arms and disarms to the underlying poller, in order. */
    private void applyQueue() throws IOException {
        int n;
        long upTo;
        lock.lock();
        try {
            n = queued;
            if (applying.length < n) {
                applying = new long[queueHandles.length];
                applyingEvents = new int[queueHandles.length];
            }
            System.arraycopy(queueHandles, 0, applying, 0, n);
            System.arraycopy(queueEvents, 0, applyingEvents, 0, n);
            queued = 0;
            upTo = tickets;
        } finally {
            lock.unlock();
        }
        try {
            for (int k = 0; k < n; k++) {
                long h = applying[k];
                int ev = applyingEvents[k];
                int i = indexOf(h);
                try {
                    if (ev == DISARM) {
                        if (i >= 0) {
                            unwatch(i);
                            poller.remove(h);
                        }
                    } else if (i >= 0) {
                        watchedEvents[i] = ev;
                        poller.modify(h, ev);
                    } else {
                        if (watchedCount == watched.length) {
                            watched = Arrays.copyOf(watched, watchedCount * 2);
                            watchedEvents = Arrays.copyOf(watchedEvents, watchedCount * 2);
                        }
                        watched[watchedCount] = h;
                        watchedEvents[watchedCount] = ev;
                        watchedCount++;
                        poller.add(h, ev);
                    }
                } catch (IOException | RuntimeException e) {
                    // the poller refused the handle: report it, so its waiter wakes and retries
                    // the operation itself, which then reports what is wrong with the socket
                    if (ev != DISARM) {
                        int w = indexOf(h);
                        if (w >= 0) {
                            unwatch(w);
                        }
                        addReport(h);
                    }
                }
            }
        } finally {
            lock.lock();
            try {
                applied = upTo;
                appliedCond.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void addReport(long h) {
        if (reportCount == reports.length) {
            reports = Arrays.copyOf(reports, reportCount * 2);
        }
        reports[reportCount++] = h;
    }

    @Override
    public int poll(int timeoutMillis) throws IOException {
        reportCount = 0;
        applyQueue();
        int refused = reportCount;
        int n = poller.poll(refused > 0 ? 0 : timeoutMillis);
        for (int i = 0; i < n; i++) {
            long h = poller.handleAt(i);
            if (indexOf(h) >= 0) {
                addReport(h);
            }
        }
        // every poll: a wake-up signalled after the queue was taken is consumed here (its request
        // is applied by the next round), so the underlying poller's wake-up is always re-armed
        poller.drainWakeup();
        for (int i = refused; i < reportCount; i++) {
            unwatch(indexOf(reports[i]));
            poller.remove(reports[i]); // one-shot: out until armed again
        }
        return reportCount;
    }

    @Override
    public long handleAt(int i) {
        if (i < 0 || i >= reportCount) {
            throw new IndexOutOfBoundsException("report " + i + " of " + reportCount);
        }
        return reports[i];
    }

    @Override
    public void close() throws IOException {
        poller.close();
    }
}
