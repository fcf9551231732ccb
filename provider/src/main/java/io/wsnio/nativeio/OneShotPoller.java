package io.wsnio.nativeio;

import java.io.Closeable;
import java.io.IOException;

/**
 * The poller behind virtual-thread blocking: a handle is armed for one report of readiness, from
 * any thread, while the poller's own thread waits in {@link #poll}. After a report the handle is
 * disarmed until armed again (epoll's EPOLLONESHOT; an AFD poll request is one-shot by nature).
 *
 * <p>Arm and disarm are the parking thread's, poll and the {@code *At} reads the poller thread's.
 * A handle must be disarmed (or have been reported) before it is closed: the channel's close
 * protocol counts an armed handle as in use.
 */
public interface OneShotPoller extends Closeable {

    /** Arms {@code handle} for one report of {@code events} ({@link Readiness} bits). Thread-safe. */
    void arm(long handle, int events) throws IOException;

    /**
     * Disarms {@code handle} if it is still armed (its report has not come). Thread-safe; harmless
     * when it was already reported.
     */
    void disarm(long handle) throws IOException;

    /**
     * Waits up to {@code timeoutMillis} (-1 forever) for reports; returns how many, read with
     * {@link #handleAt}. 0 on time-out or a signal. The poller thread only.
     */
    int poll(int timeoutMillis) throws IOException;

    /** The handle of report {@code i} of the last {@link #poll}. */
    long handleAt(int i);

    /**
     * The {@link Readiness} bits of report {@code i} of the last {@link #poll}; a poller that does
     * not know them reports {@code IN | OUT} (the waiter of either kind retries).
     */
    default int eventsAt(int i) {
        return Readiness.IN | Readiness.OUT;
    }

    /**
     * True when the poller also keeps handles registered for good, reporting every change of
     * readiness to read or to write ({@link #register}; epoll's EPOLLET): a waiter then needs no
     * system call to arm. False for a poller that can only arm (the queued adapter, AFD).
     */
    default boolean registers() {
        return false;
    }

    /**
     * Registers {@code handle} until {@link #unregister}: a report (bits from {@link #eventsAt})
     * comes at registration if the handle is ready, then whenever it becomes readable or writable
     * again (new data, a peer's shutdown, freed send space, an error), whether or not anyone
     * waits. Never armed as well. Thread-safe.
     */
    default void register(long handle) throws IOException {
        throw new UnsupportedOperationException("this poller only arms handles for one report");
    }

    /**
     * Ends the registration of {@code handle}, before the handle is closed (so its number is never
     * reused while registered). Thread-safe; harmless when it is not registered.
     */
    default void unregister(long handle) throws IOException {
        throw new UnsupportedOperationException("this poller only arms handles for one report");
    }

    /**
     * A handle that is readable while this poller has reports to give (epoll's own descriptor), so
     * the poller itself can be waited for by another poller; -1 when it has none.
     */
    default long waitHandle() {
        return -1;
    }

    @Override
    void close() throws IOException;
}
