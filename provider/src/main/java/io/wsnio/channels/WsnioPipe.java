package io.wsnio.channels;

import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.Readiness;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.spi.SelectorProvider;

/**
 * A {@link Pipe} over two connected stream sockets (a UNIX socketpair on Linux, a loopback pair on
 * Windows), so both ends are sockets the selector polls like any other.
 */
public final class WsnioPipe extends Pipe {
    private final Source source;
    private final Sink sink;

    public WsnioPipe(SelectorProvider provider, NativeNet net) throws IOException {
        long[] pair = new long[2];
        net.pipe(pair);
        source = new Source(provider, net, pair[0]);
        sink = new Sink(provider, net, pair[1]);
    }

    @Override
    public SourceChannel source() {
        return source;
    }

    @Override
    public SinkChannel sink() {
        return sink;
    }

    static final class Source extends SourceChannel implements NativeChannel, io.wsnio.WsnioChannel {
        private final NativeCore core;
        private final StreamIo io;

        Source(SelectorProvider provider, NativeNet net, long handle) {
            super(provider);
            this.core = new NativeCore(net, handle, this, hooks());
            this.io = new PipeIo(this);
            io.attach(core);
        }

        /** The core's hooks to this channel's {@code begin()} and {@code end(boolean)}. */
        private NativeCore.BlockingHooks hooks() {
            return new NativeCore.BlockingHooks() {
                @Override
                public void begin() {
                    Source.this.begin();
                }

                @Override
                public void end(boolean completed) throws java.nio.channels.AsynchronousCloseException {
                    Source.this.end(completed);
                }
            };
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return io.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return io.read(dsts, offset, length);
        }

        @Override
        public long read(ByteBuffer[] dsts) throws IOException {
            return read(dsts, 0, dsts.length);
        }

        @Override
        protected void implConfigureBlocking(boolean block) throws IOException {
            core.readLock.lock();
            try {
                core.configureBlocking(block);
            } finally {
                core.readLock.unlock();
            }
        }

        @Override
        protected void implCloseSelectableChannel() throws IOException {
            core.close();
        }

        @Override
        public void kill() throws IOException {
            core.kill();
        }

        @Override
        public io.wsnio.SocketSpec spec() {
            return core.net.pipeSpec();
        }

        @Override
        public int protocolInUse() throws IOException {
            return protocolOf(core);
        }

        @Override
        public long handle() {
            return core.handle;
        }

        @Override
        public int translateInterestOps(int ops) {
            return (ops & SelectionKey.OP_READ) != 0 ? Readiness.IN : 0;
        }

        @Override
        public int translateReadyOps(int readiness, int interestOps) {
            if ((readiness & Readiness.NVAL) != 0) {
                return 0;
            }
            if ((readiness & (Readiness.ERR | Readiness.HUP | Readiness.IN)) != 0) {
                return interestOps & SelectionKey.OP_READ;
            }
            return 0;
        }
    }

    static final class Sink extends SinkChannel implements NativeChannel, io.wsnio.WsnioChannel {
        private final NativeCore core;
        private final StreamIo io;

        Sink(SelectorProvider provider, NativeNet net, long handle) {
            super(provider);
            this.core = new NativeCore(net, handle, this, hooks());
            this.io = new PipeIo(this);
            io.attach(core);
        }

        /** The core's hooks to this channel's {@code begin()} and {@code end(boolean)}. */
        private NativeCore.BlockingHooks hooks() {
            return new NativeCore.BlockingHooks() {
                @Override
                public void begin() {
                    Sink.this.begin();
                }

                @Override
                public void end(boolean completed) throws java.nio.channels.AsynchronousCloseException {
                    Sink.this.end(completed);
                }
            };
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return io.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return io.write(srcs, offset, length);
        }

        @Override
        public long write(ByteBuffer[] srcs) throws IOException {
            return write(srcs, 0, srcs.length);
        }

        @Override
        protected void implConfigureBlocking(boolean block) throws IOException {
            core.writeLock.lock();
            try {
                core.configureBlocking(block);
            } finally {
                core.writeLock.unlock();
            }
        }

        @Override
        protected void implCloseSelectableChannel() throws IOException {
            core.close();
        }

        @Override
        public void kill() throws IOException {
            core.kill();
        }

        @Override
        public io.wsnio.SocketSpec spec() {
            return core.net.pipeSpec();
        }

        @Override
        public int protocolInUse() throws IOException {
            return protocolOf(core);
        }

        @Override
        public long handle() {
            return core.handle;
        }

        @Override
        public int translateInterestOps(int ops) {
            return (ops & SelectionKey.OP_WRITE) != 0 ? Readiness.OUT : 0;
        }

        @Override
        public int translateReadyOps(int readiness, int interestOps) {
            if ((readiness & Readiness.NVAL) != 0) {
                return 0;
            }
            if ((readiness & (Readiness.ERR | Readiness.HUP | Readiness.OUT)) != 0) {
                return interestOps & SelectionKey.OP_WRITE;
            }
            return 0;
        }
    }

    /**
     * The stream I/O of a pipe end: no connection state, and a 0-byte read into a buffer with
     * room is the end of input (the other end closed). Each end uses one direction only.
     */
    private static final class PipeIo extends StreamIo {
        private final java.nio.channels.spi.AbstractSelectableChannel end;

        PipeIo(java.nio.channels.spi.AbstractSelectableChannel end) {
            super(null, false);
            this.end = end;
        }

        @Override
        boolean blocking() {
            return end.isBlocking();
        }

        @Override
        boolean open() {
            return end.isOpen();
        }

        @Override
        boolean inputEnded() {
            return false;
        }

        @Override
        boolean endOfInput() {
            return true;
        }

        @Override
        void checkWritable() {
            // the core's beginWrite checks for a close
        }
    }

    /** SO_PROTOCOL of a pipe end, under the core's state lock (no use of a released handle). */
    static int protocolOf(NativeCore core) throws IOException {
        synchronized (core.stateLock) {
            core.ensureOpen();
            return core.net.getIntOption(core.handle, io.wsnio.nativeio.SockOpt.SO_PROTOCOL);
        }
    }
}
