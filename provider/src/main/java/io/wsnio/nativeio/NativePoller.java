package io.wsnio.nativeio;

import java.io.Closeable;
import java.io.IOException;

/**
 * A readiness poller over socket handles (epoll on Linux; WSAPoll or AFD on Windows), with a
 * built-in wake-up. Interest and results are {@link Readiness} bits. Not thread-safe except
 * {@link #wakeup()}: one selector thread drives it.
 */
public interface NativePoller extends Closeable {

    /** Starts watching {@code handle} for {@code events} (level-triggered). */
    void add(long handle, int events) throws IOException;

    /** Changes the interest of a watched handle. */
    void modify(long handle, int events) throws IOException;

    /** Stops watching {@code handle}. Must be called before the handle is closed. */
    void remove(long handle) throws IOException;

    /**
     * Waits up to {@code timeoutMillis} (-1 forever, 0 not at all) for readiness or a
     * {@link #wakeup()}. Returns the number of ready entries (the wake-up is never one of them),
     * read with {@link #handleAt} and {@link #eventsAt}; 0 on time-out, wake-up or EINTR.
     */
    int poll(int timeoutMillis) throws IOException;

    /** The handle of ready entry {@code i} of the last {@link #poll}. */
    long handleAt(int i);

    /** The {@link Readiness} bits of ready entry {@code i} of the last {@link #poll}. */
    int eventsAt(int i);

    /** Makes a poll in progress, or the next one, return. Safe from any thread. */
    void wakeup() throws IOException;

    /** Consumes any pending wake-up so the next poll blocks again. */
    void drainWakeup() throws IOException;

    /**
     * A handle that a one-shot poller can watch for readability while this poller has something
     * to report (epoll's own descriptor), so a virtual thread in {@code select()} can park instead
     * of waiting in {@link #poll}; -1 when the platform has none.
     */
    default long waitHandle() {
        return -1;
    }

    /** Releases the poller and its wake-up handles. */
    @Override
    void close() throws IOException;
}
