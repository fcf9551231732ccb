package io.wsnio.channels;

import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.OneShotPoller;
import io.wsnio.nativeio.QueuedOneShotPoller;
import io.wsnio.nativeio.Readiness;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where virtual threads wait for a socket: a {@link OneShotPoller} driven by one platform daemon
 * thread. A thread that found its socket not ready records itself against the handle, arms the
 * handle once and parks; the poller thread unparks it when the handle is reported. There are two
 * per backend, one for readiness to read (and accept, and a selector's own handle) and one for
 * readiness to write (and connect), so a channel's reader and writer can wait at the same time:
 * each channel lets one reader and one writer in at a time, so a handle has at most one waiter per
 * poller. A channel's selector waits on the read poller with the selector's handle.
 *
 * <p>A wake-up is only a hint: the woken thread retries its operation and parks again if the
 * socket is still not ready, so a stray {@code LockSupport.unpark} (or a report meant for an
 * earlier user of a reused handle number) never ends an operation. The waiter disarms its handle
 * before it returns unless the report already did, so no registration outlives the wait; the
 * caller is recorded in the channel's close protocol for the whole wait, so the handle is never
 * released (and its number reused) while armed.
 */
final class ParkingPoller implements Runnable {
    private static final System.Logger LOG = System.getLogger("io.wsnio");
    private static volatile ParkingPoller[] pollers;   // [read, write] of the one backend in use
    private static final Object INIT = new Object();

    private final OneShotPoller poller;
    private final ReentrantLock lock = new ReentrantLock();
    private final HandleMap<Thread> waiters = new HandleMap<>();  // guarded by lock

    private ParkingPoller(OneShotPoller poller) {
        this.poller = poller;
    }

    private static final int UNKNOWN = 0, YES = 1, NO = 2;
    private static volatile int availability = UNKNOWN;

    /**
     * True when the backend has a one-shot poller (starting the pollers on first use). Where it
     * has none, virtual threads keep the platform threads' path (a blocking system call that
     * holds the carrier), and that is logged once as a warning, never silently.
     */
    static boolean available(NativeNet net) {
        int a = availability;
        if (a == UNKNOWN) {
            try {
                of(net, Readiness.IN);
                a = YES;
            } catch (IOException | UnsupportedOperationException e) {
                a = NO;
                LOG.log(System.Logger.Level.WARNING, "virtual threads block their carrier in wsnio calls on this backend: "
                        + e.getMessage());
            }
            availability = a;
        }
        return a == YES;
    }

    /** The poller for {@code events}: {@link Readiness#OUT} waits go to the write poller, the rest to the read poller. */
    static ParkingPoller of(NativeNet net, int events) throws IOException {
        ParkingPoller[] p = pollers;
        if (p == null) {
            p = start(net);
        }
        return p[(events & Readiness.OUT) != 0 ? 1 : 0];
    }

    private static ParkingPoller[] start(NativeNet net) throws IOException {
        synchronized (INIT) {
            ParkingPoller[] p = pollers;
            if (p == null) {
                ParkingPoller read = new ParkingPoller(open(net));
                ParkingPoller write;
                try {
                    write = new ParkingPoller(open(net));
                } catch (IOException | RuntimeException e) {
                    read.poller.close();
                    throw e;
                }
                read.startThread("wsnio-read-poller");
                write.startThread("wsnio-write-poller");
                pollers = p = new ParkingPoller[] {read, write};
            }
            return p;
        }
    }

    /**
     * The backend's one-shot poller, or with {@code -Dwsnio.virtual.poller=queued} the portable
     * {@link QueuedOneShotPoller} over its selector poller (what the Winsock backend uses; the
     * property lets the POSIX lanes run the virtual-thread suites on it too).
     */
    private static OneShotPoller open(NativeNet net) throws IOException {
        String kind = System.getProperty("wsnio.virtual.poller", "");
        switch (kind) {
            case "":
                return net.openOneShotPoller();
            case "queued":
                return new QueuedOneShotPoller(net.openPoller());
            default:
                throw new IllegalArgumentException("-Dwsnio.virtual.poller=" + kind + ": expected queued (or unset)");
        }
    }

    private void startThread(String name) {
        Thread t = new Thread(this, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        for (;;) {
            try {
                int n = poller.poll(-1);
                for (int i = 0; i < n; i++) {
                    long h = poller.handleAt(i);
                    Thread t;
                    lock.lock();
                    try {
                        t = waiters.get(h);
                        if (t != null) {
                            waiters.remove(h);
                        }
                    } finally {
                        lock.unlock();
                    }
                    if (t != null) {
                        LockSupport.unpark(t);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // never expected (epoll_wait fails only for a bad descriptor or buffer); waiters
                // time out of nothing, so say it loudly and keep serving
                LOG.log(System.Logger.Level.ERROR, "wsnio poller thread " + Thread.currentThread().getName(), e);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
    }

    /**
     * Parks the calling thread until {@code handle} may be ready for {@code events}, for at most
     * {@code nanos} (0: no limit), or until unparked or interrupted. The caller re-checks: this
     * says nothing about why it returned. {@code blocker} is the object shown in thread dumps.
     */
    void park(long handle, int events, long nanos, Object blocker) throws IOException {
        Thread me = Thread.currentThread();
        lock.lock();
        try {
            waiters.put(handle, me);
        } finally {
            lock.unlock();
        }
        try {
            poller.arm(handle, events);
        } catch (IOException | RuntimeException e) {
            forget(handle, me);
            throw e;
        }
        try {
            if (nanos > 0) {
                LockSupport.parkNanos(blocker, nanos);
            } else {
                LockSupport.park(blocker);
            }
        } finally {
            if (forget(handle, me)) {
                poller.disarm(handle);
            }
        }
    }

    /** Removes this thread's record; true when it was still there (the report has not come). */
    private boolean forget(long handle, Thread me) {
        lock.lock();
        try {
            if (waiters.get(handle) == me) {
                waiters.remove(handle);
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }
}
