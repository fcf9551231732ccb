package io.wsnio.backend.winsock;

import io.wsnio.nativeio.NativePoller;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the WSAPoll and AFD pollers share: the list of ready entries a poll fills (read with
 * {@link #handleAt}/{@link #eventsAt}), and the wake-up/close protocol. A wake-up is signalled at
 * most once until {@link #rearmWakeup()} (repeated wake-ups merge); signalling and closing hold
 * one lock and a closed flag, so a wake-up racing with {@link #close()} never touches a handle
 * that close released (the handle's number may already belong to another socket).
 */
abstract class WinsockPoller implements NativePoller {
    private long[] readyHandles = new long[16];
    private int[] readyEvents = new int[16];
    private int readyCount;

    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final Object wakeLock = new Object();
    private volatile boolean closed;

    /** Signals the wake-up (a datagram, a completion packet); false if it could not be sent now. */
    abstract boolean signalWakeup() throws IOException;

    /** Releases the poller's handles; called once, after the closed flag is set. */
    abstract void release() throws IOException;

    final void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("poller closed");
        }
    }

    final void clearReady() {
        readyCount = 0;
    }

    final int readyCount() {
        return readyCount;
    }

    final void addReady(long handle, int events) {
        if (readyCount == readyHandles.length) {
            readyHandles = Arrays.copyOf(readyHandles, readyCount * 2);
            readyEvents = Arrays.copyOf(readyEvents, readyCount * 2);
        }
        readyHandles[readyCount] = handle;
        readyEvents[readyCount] = events;
        readyCount++;
    }

    @Override
    public final long handleAt(int i) {
        if (i < 0 || i >= readyCount) {
            throw new IndexOutOfBoundsException(i);
        }
        return readyHandles[i];
    }

    @Override
    public final int eventsAt(int i) {
        if (i < 0 || i >= readyCount) {
            throw new IndexOutOfBoundsException(i);
        }
        return readyEvents[i];
    }

    /** True while a wake-up has been signalled and not yet consumed by {@link #rearmWakeup()}. */
    final boolean wakeupPending() {
        return wakePending.get();
    }

    /** Lets the next {@link #wakeup()} signal again (the pending one has been consumed). */
    final void rearmWakeup() {
        wakePending.set(false);
    }

    @Override
    public final void wakeup() throws IOException {
        if (!wakePending.compareAndSet(false, true)) {
            return;
        }
        synchronized (wakeLock) {
            if (closed) {
                return;
            }
            boolean sent = false;
            try {
                sent = signalWakeup();
            } finally {
                if (!sent) {
                    wakePending.set(false);
                }
            }
        }
    }

    @Override
    public final void close() throws IOException {
        synchronized (wakeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        release();
    }
}
