package io.wsnio.channels;

import io.wsnio.nativeio.NativePoller;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * A platform thread that waits in a selector's poller on behalf of a virtual thread, for a poller
 * that has no handle of its own for another poller to watch (Winsock's AFD poller, an I/O
 * completion port, and its WSAPoll poller): the virtual thread hands over the wait and parks, the
 * carrier is free, and the thread unparks it when the poll returns (a report, a wake-up, the time).
 * One per selector, started at its first such select, ended by the selector's close. The caller
 * serializes {@link #poll} (one select at a time) and keeps the poller open until it returns.
 * Nothing is allocated per poll.
 */
final class PollerWaiter {
    private final NativePoller poller;
    private final Thread thread;
    private volatile Thread requester;   // set by poll, taken by the thread
    private volatile int timeoutMillis;
    private volatile boolean done;
    private volatile int result;
    private volatile IOException failure;
    private volatile boolean stopped;

    PollerWaiter(NativePoller poller, String name) {
        this.poller = poller;
        thread = new Thread(this::serve, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Polls up to {@code timeoutMillis} (-1 without limit) on the waiter thread while the caller
     * parks; returns the poll's count. An unpark or an interrupt does not end the wait early (the
     * poll is still using the poller's report buffer): an interrupt should be turned into a wake-up
     * of the poller, as a selector's {@code begin()} does, so the poll returns soon.
     */
    int poll(int timeoutMillis) throws IOException {
        this.timeoutMillis = timeoutMillis;
        done = false;
        failure = null;
        requester = Thread.currentThread();
        LockSupport.unpark(thread);
        while (!done) {
            LockSupport.park(this);
            if (!done && Thread.currentThread().isInterrupted()) {
                Thread.yield(); // park returns at once while interrupted: the wake-up is on its way
            }
        }
        IOException e = failure;
        if (e != null) {
            throw e;
        }
        return result;
    }

    /** Ends the thread; the poller must not be polled any more (called at the selector's close, after the last select). */
    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    private void serve() {
        for (;;) {
            Thread r;
            while ((r = requester) == null) {
                if (stopped) {
                    return;
                }
                LockSupport.park(this);
            }
            requester = null;
            try {
                result = poller.poll(timeoutMillis);
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new IOException(e);
            }
            done = true;
            LockSupport.unpark(r);
        }
    }
}
