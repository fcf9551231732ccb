package io.wsnio.channels;

import io.wsnio.nativeio.NativeNet;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The descriptor of one channel and its close protocol, shared by every channel kind.
 *
 * <p>Locks: {@code readLock} and {@code writeLock} serialise readers and writers and are held
 * across native calls; {@code stateLock} guards state and is never held across a blocking call.
 * A thread about to block natively records itself (under stateLock); {@link #preClose()} makes
 * such threads return through {@link NativeNet#unblock}. The handle is released by
 * {@link #tryKill()} only once the channel is closed, no thread is inside a native call (both
 * locks have been drained) and no selector still holds a key: so a closed descriptor number is
 * never reused under a thread or a selector that still uses it.
 */
final class NativeCore {
    final NativeNet net;
    final long handle;
    final ReentrantLock readLock = new ReentrantLock();
    final ReentrantLock writeLock = new ReentrantLock();
    final Object stateLock = new Object();

    private Thread readerThread;     // guarded by stateLock
    private Thread writerThread;     // guarded by stateLock
    private boolean closing;         // guarded by stateLock
    private boolean drained;         // guarded by stateLock: locks drained after closing
    private boolean killed;          // guarded by stateLock

    NativeCore(NativeNet net, long handle) {
        this.net = net;
        this.handle = handle;
    }

    /** Under stateLock: throws if closing. */
    void ensureOpen() throws ClosedChannelException {
        if (closing) {
            throw new ClosedChannelException();
        }
    }

    boolean isClosing() {
        synchronized (stateLock) {
            return closing;
        }
    }

    /** Records the reader before a blocking native call; throws if the channel is closed. */
    void enterBlockingRead() throws ClosedChannelException {
        synchronized (stateLock) {
            ensureOpen();
            readerThread = Thread.currentThread();
        }
    }

    void exitBlockingRead() {
        synchronized (stateLock) {
            readerThread = null;
        }
    }

    void enterBlockingWrite() throws ClosedChannelException {
        synchronized (stateLock) {
            ensureOpen();
            writerThread = Thread.currentThread();
        }
    }

    void exitBlockingWrite() {
        synchronized (stateLock) {
            writerThread = null;
        }
    }

    /**
     * First half of close: marks the core closing and wakes any thread blocked natively, then waits
     * until no thread is inside an I/O operation. Returns false if already closing.
     */
    boolean preClose() {
        synchronized (stateLock) {
            if (closing) {
                return false;
            }
            closing = true;
            if (readerThread != null || writerThread != null) {
                net.unblock(handle);
            }
        }
        // wait for threads inside read/write/connect/accept to leave (non-blocking ones are brief,
        // blocking ones were just woken); a re-entrant caller already holding a lock passes
        readLock.lock();
        readLock.unlock();
        writeLock.lock();
        writeLock.unlock();
        synchronized (stateLock) {
            drained = true;
        }
        return true;
    }

    /** Releases the handle if closing has drained and it was not released yet. */
    void tryKill() throws IOException {
        synchronized (stateLock) {
            if (!closing || !drained || killed) {
                return;
            }
            killed = true;
        }
        net.close(handle);
    }

    boolean isKilled() {
        synchronized (stateLock) {
            return killed;
        }
    }
}
