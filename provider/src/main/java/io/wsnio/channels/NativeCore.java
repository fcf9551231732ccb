package io.wsnio.channels;

import io.wsnio.nativeio.IOStatus;
import io.wsnio.nativeio.NativeNet;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.util.concurrent.locks.LockSupport;
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
    private final BlockingHooks hooks; // the channel's begin() and end(boolean)

    /**
     * The channel's own {@code begin()} and {@code end(boolean)}, protected in
     * {@code AbstractInterruptibleChannel}: one object per channel that forwards both (for a
     * socket, its stream I/O object, so a connection allocates nothing for them).
     */
    interface BlockingHooks {
        void begin();

        void end(boolean completed) throws AsynchronousCloseException;
    }

    private Thread readerThread;     // guarded by stateLock
    private Thread writerThread;     // guarded by stateLock
    private boolean readerBlocking;  // guarded by stateLock: a platform thread that may block in a native call
    private boolean writerBlocking;  // guarded by stateLock: likewise
    private volatile boolean closing; // written under stateLock; read without it by the fast checks
    private volatile boolean nonBlockingForVirtual; // written under stateLock: see prepareBlocking
    private volatile ParkingPoller registered; // written under stateLock: the poller the handle is registered with, or null
    private boolean killed;          // guarded by stateLock
    private KnownBuffers reads;      // guarded by readLock, made at the first read by address
    private KnownBuffers writes;     // guarded by writeLock, likewise

    /**
     * {@code hooks} forwards to the channel's own {@code begin()} and {@code end(boolean)}, called
     * around blocking native calls so {@code Thread.interrupt} closes the channel.
     */
    NativeCore(NativeNet net, long handle, AbstractSelectableChannel channel, BlockingHooks hooks) {
        this.net = net;
        this.handle = handle;
        this.channel = channel;
        this.hooks = hooks;
    }

    /**
     * Before a read-side native call (read, receive, accept, connect's wait): {@code begin()} when
     * blocking, then records the reader; throws if the channel is closed. Pair with
     * {@link #endRead} in a finally block, even when this throws.
     */
    void beginRead(boolean blocking) throws ClosedChannelException {
        if (blocking) {
            hooks.begin();
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
            hooks.begin();
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
            hooks.end(completed);
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

    /**
     * A virtual thread about to do a blocking-mode operation must never block its carrier in a
     * system call: the first time one comes, the socket becomes non-blocking at the OS level for
     * good (the channel still reports, and keeps, blocking mode) and every blocking-mode
     * operation waits through {@link #await} instead: virtual threads park, platform threads poll.
     * Under stateLock. Returns true when the caller may block in a native call (a platform thread
     * in blocking mode, or a virtual thread on a backend without a one-shot poller): the threads
     * close must wake and wait for.
     */
    private boolean prepareBlocking(boolean blocking) throws ClosedChannelException {
        if (!blocking) {
            return false;
        }
        if (!VirtualThreads.current() || !ParkingPoller.available(net)) {
            return true;
        }
        if (!nonBlockingForVirtual) {
            try {
                net.configureBlocking(handle, false);
            } catch (IOException e) {
                ClosedChannelException c = new ClosedChannelException();
                c.initCause(e);
                throw c;
            }
            nonBlockingForVirtual = true;
            if (ParkingPoller.registering()) {
                try {
                    registered = ParkingPoller.register(net, handle);
                } catch (IOException e) {
                    // e.g. ENOSPC, fs.epoll.max_user_watches reached: the waits arm the handle
                    // each time instead (and report the same error if that fails too)
                    System.getLogger("io.wsnio").log(System.Logger.Level.DEBUG, "handle " + handle
                            + " not registered with the virtual threads' poller: " + e.getMessage());
                }
            }
        }
        return false; // a virtual thread parks: one unpark wakes it, close need not wait for it
    }

    /** The channel's {@code implConfigureBlocking}: sets the OS mode, which stays non-blocking once a virtual thread has used the socket. */
    void configureBlocking(boolean block) throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            net.configureBlocking(handle, block && !nonBlockingForVirtual);
        }
    }

    /**
     * In a retry loop around a native call that returned {@code n}: true when the caller should
     * call again. A signal's EINTR is retried while the channel is open; in blocking mode, a
     * socket that was not ready (a socket made non-blocking for virtual threads, or a receive
     * time-out set as a raw option) is waited for with {@link #await}, then retried while open.
     * The caller is the recorded reader or writer (between begin and end).
     */
    boolean retry(long n, boolean blocking, int events) throws IOException {
        if (n == IOStatus.INTERRUPTED) {
            return channel.isOpen();
        }
        if (n != IOStatus.UNAVAILABLE || !blocking || !channel.isOpen()) {
            return false;
        }
        await(events, 0);
        return channel.isOpen();
    }

    /**
     * Waits until the handle may be ready for {@code events}, at most {@code nanos} (0: no
     * limit), as the recorded reader or writer so a close wakes it and the handle stays valid. A
     * virtual thread parks on the provider's {@link ParkingPoller} (its carrier is free
     * meanwhile); a platform thread waits in poll(2). Returns the ready bits when known (poll's
     * result), else 0: the caller retries its operation either way. No monitor may be held: a
     * virtual thread parking in one would pin its carrier (JDK 21-23).
     */
    int await(int events, long nanos) throws IOException {
        assert !Thread.holdsLock(stateLock) && !Thread.holdsLock(channel.blockingLock())
                : "a monitor is held across a wait";
        if (VirtualThreads.current() && ParkingPoller.available(net)) {
            if (!closing) {
                ParkingPoller r = registered;
                if (r != null) {
                    r.awaitRegistered(handle, events, nanos, channel);
                } else {
                    ParkingPoller.of(net, handle, events).park(handle, events, nanos, channel);
                }
            }
            return 0;
        }
        int millis = nanos <= 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, (nanos + 999_999L) / 1_000_000L);
        int r = net.poll(handle, events, millis);
        return r < 0 ? 0 : r;
    }

    /** Records the reader before a native call; throws if the channel is closed. */
    void enterRead(boolean blocking) throws ClosedChannelException {
        synchronized (stateLock) {
            ensureOpen();
            readerBlocking = prepareBlocking(blocking);
            readerThread = Thread.currentThread();
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
            writerBlocking = prepareBlocking(blocking);
            writerThread = Thread.currentThread();
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
     * waits for {@code events} up to {@code millis} ms as the recorded blocking reader, under the
     * read lock, so a close wakes the wait and the handle is never released (and its number
     * reused) under it, and between the channel's {@code begin()} and {@code end()}, so an interrupt
     * closes the channel and ends the wait with ClosedByInterruptException, as for any blocking
     * operation. Returns true when the time ran out with nothing ready; false when ready, or when the
     * channel is or gets closed (the call that follows reports that).
     */
    boolean awaitReady(int events, int millis) throws IOException {
        readLock.lock();
        try {
            hooks.begin();
            try {
                try {
                    enterRead(true);
                } catch (ClosedChannelException e) {
                    return false;
                }
                try {
                    return timedOut(events, millis * 1_000_000L);
                } finally {
                    exitRead();
                }
            } finally {
                hooks.end(true); // a close is reported by the call that follows, an interrupt right here
            }
        } finally {
            readLock.unlock();
        }
    }

    /**
     * A timed wait by the recorded reader or writer: true when {@code nanos} ran out with nothing
     * ready, false when ready or the channel is closed (or, on a virtual thread, interrupted: the
     * interrupt closes the channel). A platform thread waits in poll(2), waiting again for the
     * rest of the time after a signal; a virtual thread parks.
     */
    boolean timedOut(int events, long nanos) throws IOException {
        if (!VirtualThreads.current() || !ParkingPoller.available(net)) {
            return PollTimeout.await(net, handle, events, (int) Math.min(Integer.MAX_VALUE, (nanos + 999_999L) / 1_000_000L), channel);
        }
        long deadline = System.nanoTime() + nanos;
        for (;;) {
            int r = net.poll(handle, events, 0);
            if (r > 0 || !channel.isOpen()) {
                return false;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            await(events, left);
        }
    }

    private static final long UNBLOCK_PATIENCE_NANOS = 5_000_000_000L;

    /** Under stateLock: a thread other than the caller is inside a blocking native call. */
    private boolean blockedOther() {
        Thread me = Thread.currentThread();
        return (readerThread != null && readerBlocking && readerThread != me)
                || (writerThread != null && writerBlocking && writerThread != me);
    }

    /** Under stateLock: wakes the recorded threads if they are parked (a virtual thread's wait); harmless otherwise. */
    private void unparkOthers() {
        Thread me = Thread.currentThread();
        if (readerThread != null && readerThread != me) {
            LockSupport.unpark(readerThread);
        }
        if (writerThread != null && writerThread != me) {
            LockSupport.unpark(writerThread);
        }
    }

    /**
     * Under stateLock, after a shutdown of one direction: unparks that side's virtual thread, if one
     * is waiting, so it retries and sees the shutdown. Linux wakes it anyway (shutdown reports the
     * socket ready); Winsock reports nothing to the socket's own side (a read parked there would
     * wait for the peer). A platform thread in a blocking call is left alone, as on the JDK.
     */
    void unparkParked(boolean reader) {
        Thread t = reader ? readerThread : writerThread;
        boolean blocking = reader ? readerBlocking : writerBlocking;
        if (t != null && !blocking && t != Thread.currentThread()) {
            LockSupport.unpark(t);
        }
    }

    /** Under stateLock: true when nothing uses the handle any more; marks it killed. */
    private boolean killable() {
        if (killed || readerThread != null || writerThread != null || channel.isRegistered()) {
            return false;
        }
        killed = true;
        return true;
    }

    /**
     * Under the read lock: the direct buffers this channel's reads last moved by address
     * ({@link KnownBuffers}), made at the first call (a connection that never reads allocates nothing
     * for it).
     */
    KnownBuffers readBuffers() {
        KnownBuffers k = reads;
        return k != null ? k : (reads = new KnownBuffers());
    }

    /** Under the write lock: {@link #readBuffers} for writes and sends. */
    KnownBuffers writeBuffers() {
        KnownBuffers k = writes;
        return k != null ? k : (writes = new KnownBuffers());
    }

    /**
     * Closes the handle, ending its poller registration first so its number is never reused while
     * registered (a failed unregistration is logged: the close itself ends the kernel's entry
     * unless another process shares the socket).
     */
    private void release() throws IOException {
        ParkingPoller r = registered;
        if (r != null) {
            try {
                r.unregister(handle);
            } catch (IOException | RuntimeException e) {
                System.getLogger("io.wsnio").log(System.Logger.Level.WARNING, "handle " + handle
                        + ": ending its registration with the virtual threads' poller failed", e);
            }
        }
        net.close(handle);
    }

    /**
     * Close: marks the core closing, wakes threads blocked natively, and releases the handle now
     * if nothing else holds it. Returns false if already closing.
     */
    boolean close() throws IOException {
        return close(false);
    }

    /**
     * {@link #close()}; {@code abortive}: a connected stream socket with SO_LINGER 0, whose
     * blocked threads are woken with {@link NativeNet#abort} so the peer gets a reset.
     */
    boolean close(boolean abortive) throws IOException {
        boolean kill;
        synchronized (stateLock) {
            if (closing) {
                return false;
            }
            closing = true;
            // a virtual thread waiting in this channel parks: one unpark wakes it (a wait that
            // starts after this sees closing and does not park), and close never waits for it:
            // it may need a carrier that busy virtual threads hold for a while
            unparkOthers();
            // Wake threads blocked natively. Linux's unblock stays in force; Winsock's only
            // aborts calls already in progress, so repeat it until they have left (they leave
            // without needing any lock the closer holds), bounded in case one never does.
            long deadline = System.nanoTime() + UNBLOCK_PATIENCE_NANOS;
            while (blockedOther()) {
                if (abortive) {
                    net.abort(handle);
                } else {
                    net.unblock(handle);
                }
                unparkOthers();
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
        forget(reads);  // without the locks (close never takes them): KnownBuffers allows it
        forget(writes);
        if (kill) {
            release();
        }
        return true;
    }

    private static void forget(KnownBuffers k) {
        if (k != null) {
            k.forget();
        }
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
