package io.wsnio.channels;

import io.wsnio.nativeio.NativeNet;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The descriptor of one channel and its close protocol, shared by every channel kind.
 *
 * <p>Locks: {@code readLock} and {@code writeLock} serialise readers and writers and are held
 * across native calls; {@code stateLock} guards state and is never held across a blocking call.
 * Every thread records itself (under stateLock) before a native data call and removes itself
 * after; {@link #close()} marks the core closing and makes recorded threads in blocking calls
 * return through {@link NativeNet#unblock}, repeating it until they have left their native calls
 * (Winsock's wake-up only aborts calls already in progress). Close never waits for the read or
 * write locks: that would deadlock with {@code Thread.interrupt}, which holds the interrupted
 * thread's blocker lock while it closes the channel, and the woken thread needs that lock in
 * {@code end()} before it releases its read lock; a thread leaves its native call (and its
 * record) before touching any lock. The handle is released by whichever comes last of the closer,
 * the last thread leaving a native call, and the selector deregistering the last key.
 * So a closed descriptor number is never reused under a thread or a selector that still uses it.
 */
final class NativeCore {
    final NativeNet net;
    final long handle;
    final ReentrantLock readLock = new ReentrantLock();
    final ReentrantLock writeLock = new ReentrantLock();
    final Object stateLock = new Object();
    private final AbstractSelectableChannel channel;
    private final Runnable begin;     // the channel's begin(): protected in AbstractInterruptibleChannel
    private final EndHook end;        // the channel's end(boolean)

    /** The channel's {@code end(boolean)}, handed in as {@code this::end}. */
    @FunctionalInterface
    interface EndHook {
        void end(boolean completed) throws AsynchronousCloseException;
    }

    private Thread readerThread;     // guarded by stateLock
    private Thread writerThread;     // guarded by stateLock
    private boolean readerBlocking;  // guarded by stateLock
    private boolean writerBlocking;  // guarded by stateLock
    private volatile boolean closing; // written under stateLock; read without it by the fast checks
    private boolean killed;          // guarded by stateLock

    /**
     * {@code begin} and {@code end} are the channel's own {@code begin()} and {@code end(boolean)}
     * (method references: they are protected in {@code AbstractInterruptibleChannel}), called
     * around blocking native calls so {@code Thread.interrupt} closes the channel.
     */
    NativeCore(NativeNet net, long handle, AbstractSelectableChannel channel, Runnable begin, EndHook end) {
        this.net = net;
        this.handle = handle;
        this.channel = channel;
        this.begin = begin;
        this.end = end;
    }

    /**
     * Before a read-side native call (read, receive, accept, connect's wait): {@code begin()} when
     * blocking, then records the reader; throws if the channel is closed. Pair with
     * {@link #endRead} in a finally block, even when this throws.
     */
    void beginRead(boolean blocking) throws ClosedChannelException {
        if (blocking) {
            begin.run();
        }
        enterRead(blocking);
    }

    /**
     * After a read-side native call: removes the record, then {@code end(completed)} when blocking
     * (throws AsynchronousCloseException or ClosedByInterruptException if a close or an interrupt
     * ended it); non-blocking, a call that did not complete because of a close throws
     * AsynchronousCloseException.
     */
    void endRead(boolean blocking, boolean completed) throws IOException {
        exitRead();
        endBlocking(blocking, completed);
    }

    /** {@link #beginRead} for the write side. */
    void beginWrite(boolean blocking) throws ClosedChannelException {
        if (blocking) {
            begin.run();
        }
        enterWrite(blocking);
    }

    /** {@link #endRead} for the write side. */
    void endWrite(boolean blocking, boolean completed) throws IOException {
        exitWrite();
        endBlocking(blocking, completed);
    }

    private void endBlocking(boolean blocking, boolean completed) throws AsynchronousCloseException {
        if (blocking) {
            end.end(completed);
        } else if (!completed && !channel.isOpen()) {
            throw new AsynchronousCloseException();
        }
    }

    /** Throws if closing: exact under stateLock, a fast pre-check without it (enterRead/enterWrite check again). */
    void ensureOpen() throws ClosedChannelException {
        if (closing) {
            throw new ClosedChannelException();
        }
    }

    /** Records the reader before a native call; throws if the channel is closed. */
    void enterRead(boolean blocking) throws ClosedChannelException {
        synchronized (stateLock) {
            ensureOpen();
            readerThread = Thread.currentThread();
            readerBlocking = blocking;
        }
    }

    void exitRead() throws IOException {
        boolean kill;
        synchronized (stateLock) {
            readerThread = null;
            kill = closing && killable();
            if (closing) {
                stateLock.notifyAll(); // a closer may be waiting for this thread to leave
            }
        }
        if (kill) {
            release();
        }
    }

    void enterWrite(boolean blocking) throws ClosedChannelException {
        synchronized (stateLock) {
            ensureOpen();
            writerThread = Thread.currentThread();
            writerBlocking = blocking;
        }
    }

    void exitWrite() throws IOException {
        boolean kill;
        synchronized (stateLock) {
            writerThread = null;
            kill = closing && killable();
            if (closing) {
                stateLock.notifyAll(); // a closer may be waiting for this thread to leave
            }
        }
        if (kill) {
            release();
        }
    }

    /**
     * The socket adaptors' timed waits (SO_TIMEOUT reads and accepts, connect with a time-out):
     * polls for {@code events} up to {@code millis} ms as the recorded blocking reader, under the
     * read lock, so a close wakes the poll and the handle is never released (and its number
     * reused) under it. Returns true when the time ran out with nothing ready; false when ready,
     * or when the channel is or gets closed (the call that follows reports that).
     */
    boolean awaitReady(int events, int millis) throws IOException {
        readLock.lock();
        try {
            try {
                enterRead(true);
            } catch (ClosedChannelException e) {
                return false;
            }
            try {
                return PollTimeout.await(net, handle, events, millis, channel);
            } finally {
                exitRead();
            }
        } finally {
            readLock.unlock();
        }
    }

    private static final long UNBLOCK_PATIENCE_NANOS = 5_000_000_000L;

    /** Under stateLock: a thread other than the caller is inside a blocking native call. */
    private boolean blockedOther() {
        Thread me = Thread.currentThread();
        return (readerThread != null && readerBlocking && readerThread != me)
                || (writerThread != null && writerBlocking && writerThread != me);
    }

    /** Under stateLock: true when nothing uses the handle any more; marks it killed. */
    private boolean killable() {
        if (killed || readerThread != null || writerThread != null || channel.isRegistered()) {
            return false;
        }
        killed = true;
        return true;
    }

    private void release() throws IOException {
        net.close(handle);
    }

    /**
     * Close: marks the core closing, wakes threads blocked natively, and releases the handle now
     * if nothing else holds it. Returns false if already closing.
     */
    boolean close() throws IOException {
        boolean kill;
        synchronized (stateLock) {
            if (closing) {
                return false;
            }
            closing = true;
            // Wake threads blocked natively. Linux's unblock stays in force; Winsock's only
            // aborts calls already in progress, so repeat it until they have left (they leave
            // without needing any lock the closer holds), bounded in case one never does.
            long deadline = System.nanoTime() + UNBLOCK_PATIENCE_NANOS;
            while (blockedOther()) {
                net.unblock(handle);
                if (System.nanoTime() - deadline > 0) {
                    System.getLogger("io.wsnio").log(System.Logger.Level.WARNING, () -> "close: a thread is still inside"
                            + " a blocking native call on handle " + handle + " after " + UNBLOCK_PATIENCE_NANOS / 1_000_000
                            + " ms of wake-ups; the handle is released when it leaves");
                    break;
                }
                try {
                    stateLock.wait(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            kill = killable();
        }
        if (kill) {
            release();
        }
        return true;
    }

    /** Called by a selector after deregistering a key: releases the handle if this was the last holder. */
    void kill() throws IOException {
        boolean kill;
        synchronized (stateLock) {
            kill = closing && killable();
        }
        if (kill) {
            release();
        }
    }
}
