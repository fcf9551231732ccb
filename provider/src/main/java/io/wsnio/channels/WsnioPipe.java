package io.wsnio.channels;

import io.wsnio.nativeio.IOStatus;
import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.Readiness;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.spi.SelectorProvider;
import java.util.Objects;

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

    static final class Source extends SourceChannel implements NativeChannel {
        private final NativeCore core;

        Source(SelectorProvider provider, NativeNet net, long handle) {
            super(provider);
            this.core = new NativeCore(net, handle, this, this::begin, this::end);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            BufferIo.checkReadTarget(dst);
            core.readLock.lock();
            try {
                boolean blocking = isBlocking();
                int n = 0;
                try {
                    core.beginRead(blocking); // inside the try: end() runs even when it throws
                    if (!dst.hasRemaining()) {
                        return 0;
                    }
                    do {
                    n = BufferIo.read(core.net, core.handle, dst);
                } while (core.retry(n, blocking, Readiness.IN));
                    if (n == 0) {
                        n = -1;
                    }
                } finally {
                    core.endRead(blocking, n > 0 || (n == -1 && isOpen()));
                }
                return n < -1 ? 0 : n;
            } finally {
                core.readLock.unlock();
            }
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            BufferIo.checkReadTargets(dsts, offset, length);
            core.readLock.lock();
            try {
                boolean blocking = isBlocking();
                long n = 0;
                try {
                    core.beginRead(blocking); // inside the try: end() runs even when it throws
                    do {
                    n = BufferIo.read(core.net, core.handle, dsts, offset, length);
                } while (core.retry(n, blocking, Readiness.IN));
                    if (n == 0) {
                        boolean room = false;
                        for (int i = offset; i < offset + length; i++) {
                            room |= dsts[i].hasRemaining();
                        }
                        n = room ? -1 : 0;
                    }
                } finally {
                    core.endRead(blocking, n > 0 || (n == -1 && isOpen()));
                }
                return n < -1 ? 0 : n;
            } finally {
                core.readLock.unlock();
            }
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

    static final class Sink extends SinkChannel implements NativeChannel {
        private final NativeCore core;

        Sink(SelectorProvider provider, NativeNet net, long handle) {
            super(provider);
            this.core = new NativeCore(net, handle, this, this::begin, this::end);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            Objects.requireNonNull(src);
            core.writeLock.lock();
            try {
                boolean blocking = isBlocking();
                int total = 0;
                try {
                    core.beginWrite(blocking); // inside the try: end() runs even when it throws
                    while (src.hasRemaining()) {
                        int n = BufferIo.write(core.net, core.handle, src);
                        if (core.retry(n, blocking, Readiness.OUT)) {
                            continue;
                        }
                        if (n < 0) {
                            break;
                        }
                        total += n;
                        if (!blocking) {
                            break;
                        }
                    }
                } finally {
                    core.endWrite(blocking, total > 0);
                }
                return total;
            } finally {
                core.writeLock.unlock();
            }
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            BufferIo.checkBounds(srcs, offset, length);
            core.writeLock.lock();
            try {
                boolean blocking = isBlocking();
                long total = 0;
                try {
                    core.beginWrite(blocking); // inside the try: end() runs even when it throws
                    for (;;) {
                        long n = BufferIo.write(core.net, core.handle, srcs, offset, length);
                        if (core.retry(n, blocking, Readiness.OUT)) {
                            continue;
                        }
                        if (n <= 0) {
                            break;
                        }
                        total += n;
                        boolean more = false;
                        for (int i = offset; i < offset + length; i++) {
                            more |= srcs[i].hasRemaining();
                        }
                        if (!blocking || !more) {
                            break;
                        }
                    }
                } finally {
                    core.endWrite(blocking, total > 0);
                }
                return total;
            } finally {
                core.writeLock.unlock();
            }
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
}
