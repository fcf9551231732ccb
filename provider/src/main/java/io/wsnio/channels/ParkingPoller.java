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
 * Where virtual threads wait for a socket: a {@link OneShotPoller} and the thread that polls it. A
 * thread that found its socket not ready records itself against the handle and its side (reading,
 * writing) and parks; the poller's thread unparks it when the handle is reported for that side.
 *
 * <p>Two ways a handle gets reported. <b>Registered</b> (where the poller {@linkplain
 * OneShotPoller#registers registers}, epoll): a channel's socket is registered for both sides the
 * first time a virtual thread waits on it, and stays registered, edge-triggered, until it is closed;
 * a report that finds nobody waiting on its side is kept, and the next wait on that side takes it
 * and returns at once instead of parking, so a report that comes between a thread's failed attempt
 * and its park is never lost, and a wait needs no system call (the JDK's own poller, and arming,
 * pay an epoll_ctl per wait). <b>Armed</b> (the queued poller of Winsock, a selector's own handle,
 * or {@code -Dwsnio.virtual.poller=oneshot}): the waiter arms the handle for one report before it
 * parks and disarms it after, unless the report came. Read pollers take readiness to read (and
 * accept, and a selector's own handle) and registered handles, write pollers armed waits for
 * readiness to write (and connect); a handle always maps to the same poller of its kind, and a
 * channel lets one reader and one writer in at a time, so a handle has at most one waiter per side.
 *
 * <p>Two ways to run the pollers, chosen once:
 * <ul>
 * <li><b>virtual pollers</b> (JDK 21+, a backend whose one-shot poller has a handle of its own:
 * epoll): each read and write poller is itself a virtual thread that polls without waiting and,
 * while it finds reports, yields and polls again; only when it finds none does it park, on a
 * master poller (one platform thread in epoll_wait) watching the sub-pollers' epoll descriptors.
 * A busy server's wake-ups then stay on the carriers, with no hand-off through an OS thread per
 * event. {@code highestOneBit(cpus)} read pollers (at most 32), one write poller.</li>
 * <li><b>platform pollers</b> (the queued poller of Winsock, or {@code
 * -Dwsnio.virtual.pollerThreads=platform}): one read and one write poller, each a platform daemon
 * thread waiting in its poller.</li>
 * </ul>
 *
 * <p>A wake-up is only a hint: the woken thread retries its operation and parks again if the
 * socket is still not ready, so a stray {@code LockSupport.unpark} (or a report meant for an
 * earlier user of a reused handle number, or a kept report of data a read already took) never ends
 * an operation. An armed waiter disarms its handle before it returns unless the report already did,
 * and is recorded in the channel's close protocol for the whole wait; a registered handle is
 * unregistered by the channel's close protocol before the handle is released: so no handle number
 * is released (and reused) while armed or registered.
 */
final class ParkingPoller {
    private static final System.Logger LOG = System.getLogger("io.wsnio");
    private static final Object INIT = new Object();
    private static volatile ParkingPoller[] readPollers;
    private static volatile ParkingPoller[] writePollers;
    private static volatile String mode;   // "virtual" or "platform", for diagnostics
    private static volatile boolean registering; // channels register their handles (see register)

    /** Report bits that wake a reader (or acceptor, or a selector's waiter), and a writer (or connector). */
    private static final int IN_SIDE = Readiness.IN | Readiness.PRI | Readiness.ERR | Readiness.HUP | Readiness.RDHUP;
    private static final int OUT_SIDE = Readiness.OUT | Readiness.ERR | Readiness.HUP;
    /** Bits of {@link #registered}: a report came for that side while nobody waited on it. */
    private static final int IN_SEEN = 1, OUT_SEEN = 2;
    /**
     * Registrations the first read sub-poller takes before the others are used (see {@link
     * #register(NativeNet, long)}): a listener and one connection's two ends. Measured with JMH
     * VirtualThreadEcho on 2 CPUs: one connection runs ~1.4x faster with both ends on one
     * sub-poller; at 16 connections, all on one sub-poller ran ~0.8x of spread.
     */
    private static final int FILL = 4;

    private final OneShotPoller poller;
    private final ReentrantLock lock = new ReentrantLock();
    private final HandleMap<Thread> readers = new HandleMap<>();      // guarded by lock
    private final HandleMap<Thread> writers = new HandleMap<>();      // guarded by lock
    /** Registered handles (see {@link #register}) and their unclaimed reports (IN_SEEN, OUT_SEEN). Guarded by lock. */
    private final HandleMap<Integer> registered = new HandleMap<>();
    /** How many handles are registered here ({@link #registered}'s size), read without the lock to place new ones. */
    private volatile int load;
    private Thread[] woken = new Thread[128];                         // the poller thread's: one batch's waiters
    private int wokenCount;                                           // the poller thread's: how many of them

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
                of(net, 0, Readiness.IN);
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

    /** How the pollers run ("virtual" or "platform"), or null before the first virtual thread waited. */
    static String mode() {
        return mode;
    }

    /** The poller for waiting on {@code handle} for {@code events}: {@link Readiness#OUT} waits go to a write poller. */
    static ParkingPoller of(NativeNet net, long handle, int events) throws IOException {
        ParkingPoller[] p = started(net, (events & Readiness.OUT) != 0);
        return p.length == 1 ? p[0] : p[(int) (handle ^ (handle >>> 32)) & (p.length - 1)];
    }

    /** The write or the read pollers, starting them all on first use. */
    private static ParkingPoller[] started(NativeNet net, boolean write) throws IOException {
        ParkingPoller[] p = write ? writePollers : readPollers;
        if (p == null) {
            start(net);
            p = write ? writePollers : readPollers;
        }
        return p;
    }

    /**
     * True when channels register their handles with the pollers for good ({@link #register})
     * instead of arming them for each wait: the backend's poller can (epoll), and
     * {@code -Dwsnio.virtual.poller} is unset. Call after {@link #available} said yes.
     */
    static boolean registering() {
        return registering;
    }

    /**
     * Registers a channel's handle ({@link #register}) with a read poller and returns it: the
     * channel keeps it for the handle's later waits and its unregistration. Where there are
     * several, the handle goes to the first while it has fewer than {@link #FILL} registrations,
     * else to the one with the fewest. So a process with one busy connection (a client and its
     * in-process server, a proxy's two sockets) keeps it on one sub-poller, which (while it finds
     * reports) yields and polls again and so sees the reply without a round through the master
     * poller; split over two, each sub-poller parks on the master between reports and every
     * wake-up crosses two threads. Past a handful, registrations spread evenly, so many busy
     * connections are polled on every carrier. (The JDK's own poller picks by handle number,
     * which splits a loopback connection's two ends whenever their descriptors' parity differs.)
     */
    static ParkingPoller register(NativeNet net, long handle) throws IOException {
        ParkingPoller[] p = started(net, false);
        ParkingPoller chosen = p[0];
        for (ParkingPoller q : p) {
            if (q.load < FILL) {
                chosen = q;
                break;
            }
            if (q.load < chosen.load) {
                chosen = q;
            }
        }
        chosen.register(handle);
        return chosen;
    }

    private static void start(NativeNet net) throws IOException {
        synchronized (INIT) {
            if (readPollers != null) {
                return;
            }
            String threads = System.getProperty("wsnio.virtual.pollerThreads", "");
            if (!threads.isEmpty() && !threads.equals("virtual") && !threads.equals("platform")) {
                throw new IllegalArgumentException("-Dwsnio.virtual.pollerThreads=" + threads
                        + ": expected virtual or platform (or unset)");
            }
            java.util.List<OneShotPoller> opened = new java.util.ArrayList<>();
            try {
                OneShotPoller probe = open(net);
                opened.add(probe);
                boolean virtual = VirtualThreads.supported() && probe.waitHandle() >= 0 && !threads.equals("platform");
                int reads = virtual ? readPollerCount() : 1;
                ParkingPoller[] r = new ParkingPoller[reads];
                r[0] = new ParkingPoller(probe);
                for (int i = 1; i < reads; i++) {
                    OneShotPoller o = open(net);
                    opened.add(o);
                    r[i] = new ParkingPoller(o);
                }
                OneShotPoller w = open(net);
                opened.add(w);
                ParkingPoller[] wr = {new ParkingPoller(w)};
                if (virtual) {
                    OneShotPoller m = open(net);
                    opened.add(m);
                    ParkingPoller master = new ParkingPoller(m);
                    platformThread(master, "wsnio-master-poller");
                    for (int i = 0; i < reads; i++) {
                        virtualThread(r[i], master, "wsnio-read-poller-" + i);
                    }
                    virtualThread(wr[0], master, "wsnio-write-poller");
                } else {
                    platformThread(r[0], "wsnio-read-poller");
                    platformThread(wr[0], "wsnio-write-poller");
                }
                registering = probe.registers() && !System.getProperty("wsnio.virtual.poller", "").equals("oneshot");
                writePollers = wr;
                readPollers = r;
                mode = virtual ? "virtual" : "platform";
            } catch (IOException | RuntimeException e) {
                for (OneShotPoller o : opened) {
                    try {
                        o.close();
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        }
    }

    /**
     * How many read sub-pollers: {@code -Dwsnio.virtual.readPollers} (a power of two, 1 to 32, as
     * the JDK's {@code jdk.readPollers}), by default {@code highestOneBit(cpus)}, at most 32.
     */
    static int readPollerCount() {
        String v = System.getProperty("wsnio.virtual.readPollers", "");
        if (v.isEmpty()) {
            return Math.min(Integer.highestOneBit(Runtime.getRuntime().availableProcessors()), 32);
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > 32 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("-Dwsnio.virtual.readPollers=" + v + ": expected a power of two from 1 to 32");
        }
        return n;
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
            case "oneshot":
                return net.openOneShotPoller();
            case "queued":
                return new QueuedOneShotPoller(net.openPoller());
            default:
                throw new IllegalArgumentException("-Dwsnio.virtual.poller=" + kind + ": expected oneshot or queued (or unset)");
        }
    }

    private static void platformThread(ParkingPoller p, String name) {
        Thread t = new Thread(() -> {
            for (;;) {
                p.pollOnce(-1);
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /** A sub-poller on a virtual thread: polls while there are reports, parks on the master when there are none. */
    private static void virtualThread(ParkingPoller p, ParkingPoller master, String name) {
        long waitHandle = p.poller.waitHandle();
        VirtualThreads.start(name, () -> {
            int polled = 0;
            for (;;) {
                if (polled == 0) {
                    try {
                        master.park(waitHandle, Readiness.IN, 0, p);
                    } catch (IOException | RuntimeException e) {
                        LOG.log(System.Logger.Level.ERROR, "wsnio poller " + name + " cannot wait on the master poller", e);
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                    }
                } else {
                    Thread.yield();
                }
                polled = p.pollOnce(0);
            }
        });
    }

    /**
     * One poll: unparks the waiter of every reported handle; returns how many were reported. The
     * waiters of the whole batch are taken out of the map under one lock hold, then unparked.
     */
    private int pollOnce(int timeoutMillis) {
        try {
            int n = poller.poll(timeoutMillis);
            if (n == 0) {
                return 0;
            }
            if (woken.length < 2 * n) {
                woken = new Thread[Math.max(2 * n, woken.length * 2)]; // grows to the poller's batch size once
            }
            wokenCount = 0;
            lock();
            try {
                for (int i = 0; i < n; i++) {
                    long h = poller.handleAt(i);
                    int events = poller.eventsAt(i);
                    Integer seen = registered.get(h);
                    int unclaimed = wake(readers, h, events, IN_SIDE, IN_SEEN) | wake(writers, h, events, OUT_SIDE, OUT_SEEN);
                    if (seen != null && (seen | unclaimed) != seen) {
                        registered.put(h, seen | unclaimed); // 0-3: Integer's cache, no allocation
                    }
                }
            } finally {
                lock.unlock();
            }
            for (int i = 0; i < wokenCount; i++) {
                Thread t = woken[i];
                woken[i] = null;
                LockSupport.unpark(t);
            }
            return n;
        } catch (IOException | RuntimeException e) {
            // never expected (epoll_wait fails only for a bad descriptor or buffer): say it
            // loudly and keep serving
            LOG.log(System.Logger.Level.ERROR, "wsnio poller thread " + Thread.currentThread().getName(), e);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            return 0;
        }
    }

    /**
     * One side of a report, under {@link #lock}: when {@code events} has a bit of {@code side}, moves
     * that side's waiter of {@code h} to {@link #woken}, or, when none waits, returns {@code seen}
     * (the report is kept, see {@link #register}); otherwise 0.
     */
    private int wake(HandleMap<Thread> waiters, long h, int events, int side, int seen) {
        if ((events & side) == 0) {
            return 0;
        }
        Thread t = waiters.get(h);
        if (t == null) {
            return seen;
        }
        waiters.remove(h);
        woken[wokenCount++] = t;
        return 0;
    }

    /**
     * Takes {@link #lock}, spinning on {@code tryLock} a while before queuing: the holds are a few
     * map operations long, and a queued {@code lock()} allocates an AQS node and, on a virtual
     * thread, parks it (one more park and unpark per collision between two carriers).
     */
    private void lock() {
        for (int i = 0; i < 64; i++) {
            if (lock.tryLock()) {
                return;
            }
            Thread.onSpinWait();
        }
        lock.lock();
    }

    /**
     * Parks the calling thread until {@code handle} may be ready for {@code events}, for at most
     * {@code nanos} (0: no limit), or until unparked or interrupted. The caller re-checks: this
     * says nothing about why it returned. {@code blocker} is the object shown in thread dumps.
     */
    void park(long handle, int events, long nanos, Object blocker) throws IOException {
        Thread me = Thread.currentThread();
        HandleMap<Thread> waiters = (events & Readiness.OUT) != 0 ? writers : readers;
        lock();
        try {
            waiters.put(handle, me);
        } finally {
            lock.unlock();
        }
        try {
            poller.arm(handle, events);
        } catch (IOException | RuntimeException e) {
            forget(waiters, handle, me);
            throw e;
        }
        try {
            if (nanos > 0) {
                LockSupport.parkNanos(blocker, nanos);
            } else {
                LockSupport.park(blocker);
            }
        } finally {
            if (forget(waiters, handle, me)) {
                poller.disarm(handle);
            }
        }
    }

    /**
     * Registers a channel's handle for good: from now on every report for it either wakes the
     * thread waiting on that side or, when none waits, is kept as an unclaimed report that the
     * next {@link #awaitRegistered} on that side takes instead of parking. So a wait needs no
     * system call, and a report that comes between a thread's failed attempt and its park is
     * never lost. The record is made before the kernel's, whose first report (a handle ready at
     * registration) must find it. Pair with {@link #unregister} before the handle is closed.
     */
    private void register(long handle) throws IOException {
        lock();
        try {
            registered.put(handle, 0);
            load = registered.size();
        } finally {
            lock.unlock();
        }
        try {
            poller.register(handle);
        } catch (IOException | RuntimeException e) {
            dropRecord(handle);
            throw e;
        }
    }

    /**
     * Ends a registration, before the handle is closed: the kernel's first (a report already taken
     * by the poller thread and handled after this finds no record, so it wakes nobody and is kept
     * for nobody), then the record. No thread waits on the handle any more (the close protocol
     * waits for the channel's threads to leave before the handle is released).
     */
    void unregister(long handle) throws IOException {
        try {
            poller.unregister(handle);
        } finally {
            dropRecord(handle);
        }
    }

    private void dropRecord(long handle) {
        lock();
        try {
            registered.remove(handle);
            load = registered.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Parks the calling thread until registered {@code handle} may be ready for {@code events}
     * ({@link Readiness#IN} or {@link Readiness#OUT}), for at most {@code nanos} (0: no limit), or
     * until unparked or interrupted; returns at once when a report for that side came since the
     * last wait, taking it. The caller retries its operation either way. No system call.
     */
    void awaitRegistered(long handle, int events, long nanos, Object blocker) {
        boolean out = (events & Readiness.OUT) != 0;
        int side = out ? OUT_SEEN : IN_SEEN;
        HandleMap<Thread> waiters = out ? writers : readers;
        Thread me = Thread.currentThread();
        lock();
        try {
            Integer seen = registered.get(handle);
            if (seen == null) {
                return; // unregistered: the channel is closing, the caller's retry sees it
            }
            if ((seen & side) != 0) {
                registered.put(handle, seen & ~side);
                return;
            }
            waiters.put(handle, me);
        } finally {
            lock.unlock();
        }
        try {
            if (nanos > 0) {
                LockSupport.parkNanos(blocker, nanos);
            } else {
                LockSupport.park(blocker);
            }
        } finally {
            forget(waiters, handle, me);
        }
    }

    /** The read poller {@code handle} is registered with, or null (tests). */
    static ParkingPoller registeredWith(long handle) {
        ParkingPoller[] p = readPollers;
        if (p != null) {
            for (ParkingPoller q : p) {
                if (q.isRegistered(handle)) {
                    return q;
                }
            }
        }
        return null;
    }

    /** How many handles each read poller has registered (tests' messages). */
    static String loads() {
        ParkingPoller[] p = readPollers;
        StringBuilder b = new StringBuilder();
        for (int i = 0; p != null && i < p.length; i++) {
            b.append(i == 0 ? "" : ", ").append(p[i].load);
        }
        return b.toString();
    }

    /** True while {@code handle} is registered (tests). */
    boolean isRegistered(long handle) {
        lock();
        try {
            return registered.get(handle) != null;
        } finally {
            lock.unlock();
        }
    }

    /** The descriptor of this poller's epoll instance, or -1 (tests). */
    long pollerHandle() {
        return poller.waitHandle();
    }

    /** Removes this thread's record; true when it was still there (the report has not come). */
    private boolean forget(HandleMap<Thread> waiters, long handle, Thread me) {
        lock();
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
