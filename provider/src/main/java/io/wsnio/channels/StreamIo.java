package io.wsnio.channels;

import io.wsnio.nativeio.Readiness;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;

/**
 * Byte-stream reads and writes over a {@link NativeCore}, written once for every stream-like
 * channel: {@link WsnioSocketChannel} (STREAM and SEQPACKET) and both ends of {@link WsnioPipe}.
 * Each operation takes the core's read or write lock, lets the channel check its state, then runs
 * the core's template: {@code beginRead/beginWrite}, the native call, {@link NativeCore#retry}
 * (one blocking call on a platform thread, a park on a virtual one), {@code endRead/endWrite}.
 * A blocking write writes everything; a non-blocking one what the socket takes at once. On a
 * message socket (SEQPACKET) every read and write is one native call of the whole message, in
 * either mode: one write is one record, never split into several (see {@link BufferIo}).
 */
abstract class StreamIo {
    private NativeCore core; // set once by attach, before the channel's constructor returns
    private final WsnioSocketChannel socket; // the socket whose reads and writes make JFR events; null for a pipe
    private final boolean messages;          // SEQPACKET: each call is one record
    private volatile boolean connectionReset; // a read saw the peer's reset: every later read throws it again, as on the JDK

    StreamIo(WsnioSocketChannel socket, boolean messages) {
        this.socket = socket;
        this.messages = messages;
    }

    /**
     * The core this I/O runs on, set once in the channel's constructor (the core is made after
     * this object, which is also its {@link NativeCore.BlockingHooks} for a socket); the channel's
     * final field publishes both.
     */
    final void attach(NativeCore core) {
        this.core = core;
    }

    /*
     * The channel's JFR events, made on the first read or write a recording asks for and reused by
     * every later one (each under its direction's lock, which the operation holds until the event
     * ends): an event lives across the operation's wait, and a virtual thread's park keeps a fresh
     * one from being scalar-replaced, so a new event per operation cost 56-72 B per read or write
     * while a recording ran.
     */
    private Object readEvent;  // guarded by core.readLock
    private Object writeEvent; // guarded by core.writeLock

    private Object readEvent() {
        if (socket == null) {
            return null;
        }
        Object e = SocketEvents.readBegin(readEvent);
        if (e != null) {
            readEvent = e;
        }
        return e;
    }

    private Object writeEvent() {
        if (socket == null) {
            return null;
        }
        Object e = SocketEvents.writeBegin(writeEvent);
        if (e != null) {
            writeEvent = e;
        }
        return e;
    }

    /** The channel's blocking mode (read under the operation's lock). */
    abstract boolean blocking();

    /** The channel is open. */
    abstract boolean open();

    /**
     * Under the read lock, before a read: throws when the channel cannot read (not connected);
     * true when input is over (shut down) and the read returns -1 at once.
     */
    abstract boolean inputEnded() throws IOException;

    /** After a 0-byte read into a buffer with room: whether that was the end of input. */
    abstract boolean endOfInput() throws IOException;

    /** Under the write lock, before a write: throws when the channel cannot write. */
    abstract void checkWritable() throws IOException;

    /**
     * After a native write failed: true when a shutdown of the output (by another thread) ended
     * it. Pipes have no shutdown.
     */
    boolean outputShutDown() {
        return false;
    }

    /**
     * A write ended by a shutdown of the output is an asynchronous close of the output, as on the
     * JDK (never the native EPIPE); else {@link #closedOr}.
     */
    private IOException writeFailure(IOException e) {
        if (outputShutDown()) {
            AsynchronousCloseException ace = new AsynchronousCloseException();
            ace.addSuppressed(e);
            return ace;
        }
        return closedOr(e);
    }

    /**
     * A read's native error: a reset by the peer is remembered, so later reads throw "Connection
     * reset" again instead of reading end of stream from the dead socket (the JDK's behaviour).
     */
    private IOException readFailure(IOException e) {
        if (e instanceof io.wsnio.NativeError ne && "ECONNRESET".equals(io.wsnio.nativeio.NativeErrors.neutral(ne.errorName()))) {
            connectionReset = true;
        }
        return closedOr(e);
    }

    private void checkReset() throws java.net.SocketException {
        if (connectionReset) {
            throw new java.net.SocketException("Connection reset");
        }
    }

    /** A native error seen because another thread closed the channel is an asynchronous close. */
    final IOException closedOr(IOException e) {
        if (!open() && !(e instanceof ClosedChannelException)) {
            AsynchronousCloseException ace = new AsynchronousCloseException();
            ace.addSuppressed(e);
            return ace;
        }
        return e;
    }

    final int read(ByteBuffer dst) throws IOException {
        BufferIo.checkReadTarget(dst);
        core.readLock.lock();
        try {
            if (inputEnded()) {
                return -1;
            }
            checkReset();
            boolean blocking = blocking();
            Object event = readEvent();
            int n = 0;
            try {
                core.beginRead(blocking); // inside the try: end() runs even when it throws
                if (!dst.hasRemaining()) {
                    return 0;
                }
                do {
                    n = BufferIo.read(core.net, core.handle, dst, messages ? BufferIo.MAX_MESSAGE : 0, core.readBuffers());
                } while (core.retry(n, blocking, Readiness.IN));
                if (n == 0 && endOfInput()) {
                    n = -1;
                }
            } catch (IOException e) {
                throw readFailure(e);
            } finally {
                core.endRead(blocking, n > 0 || (n == -1 && open()));
            }
            int r = n < -1 ? 0 : n; // UNAVAILABLE, or INTERRUPTED by a close (endRead threw then)
            if (event != null) {
                SocketEvents.readEnd(event, socket, socket.remoteAddressOrNull(), r, 0);
            }
            return r;
        } finally {
            core.readLock.unlock();
        }
    }

    final long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        BufferIo.checkReadTargets(dsts, offset, length);
        core.readLock.lock();
        try {
            if (inputEnded()) {
                return -1;
            }
            checkReset();
            boolean blocking = blocking();
            Object event = readEvent();
            long n = 0;
            try {
                core.beginRead(blocking);
                if (!anyRemaining(dsts, offset, length)) {
                    return 0;
                }
                do {
                    n = BufferIo.read(core.net, core.handle, dsts, offset, length, messages ? BufferIo.MAX_MESSAGE : 0, core.readBuffers());
                } while (core.retry(n, blocking, Readiness.IN));
                if (n == 0 && endOfInput()) {
                    n = -1;
                }
            } catch (IOException e) {
                throw readFailure(e);
            } finally {
                core.endRead(blocking, n > 0 || (n == -1 && open()));
            }
            long r = n < -1 ? 0 : n;
            if (event != null) {
                SocketEvents.readEnd(event, socket, socket.remoteAddressOrNull(), r, 0);
            }
            return r;
        } finally {
            core.readLock.unlock();
        }
    }

    final int write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src);
        core.writeLock.lock();
        try {
            checkWritable();
            boolean blocking = blocking();
            Object event = writeEvent();
            int total = 0;
            try {
                core.beginWrite(blocking);
                while (src.hasRemaining()) {
                    int n = BufferIo.write(core.net, core.handle, src, messages, core.writeBuffers());
                    if (core.retry(n, blocking, Readiness.OUT)) {
                        continue;
                    }
                    if (n < 0) {
                        break;
                    }
                    total += n;
                    if (!blocking || !open() || messages) {
                        break;
                    }
                }
            } catch (IOException e) {
                if (total > 0 && outputShutDown()) {
                    return total; // what was written before the shutdown; the next write throws
                }
                throw writeFailure(e);
            } finally {
                core.endWrite(blocking, total > 0);
            }
            if (event != null) {
                SocketEvents.writeEnd(event, socket, socket.remoteAddressOrNull(), total);
            }
            return total;
        } finally {
            core.writeLock.unlock();
        }
    }

    final long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        BufferIo.checkBounds(srcs, offset, length);
        core.writeLock.lock();
        try {
            checkWritable();
            boolean blocking = blocking();
            Object event = writeEvent();
            long total = 0;
            try {
                core.beginWrite(blocking);
                for (;;) {
                    long n = BufferIo.write(core.net, core.handle, srcs, offset, length, messages, core.writeBuffers());
                    if (core.retry(n, blocking, Readiness.OUT)) {
                        continue;
                    }
                    if (n <= 0) {
                        break;
                    }
                    total += n;
                    if (!blocking || !open() || messages || !anyRemaining(srcs, offset, length)) {
                        break;
                    }
                }
            } catch (IOException e) {
                if (total > 0 && outputShutDown()) {
                    return total; // what was written before the shutdown; the next write throws
                }
                throw writeFailure(e);
            } finally {
                core.endWrite(blocking, total > 0);
            }
            if (event != null) {
                SocketEvents.writeEnd(event, socket, socket.remoteAddressOrNull(), total);
            }
            return total;
        } finally {
            core.writeLock.unlock();
        }
    }

    private static boolean anyRemaining(ByteBuffer[] bufs, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bufs[i].hasRemaining()) {
                return true;
            }
        }
        return false;
    }
}
