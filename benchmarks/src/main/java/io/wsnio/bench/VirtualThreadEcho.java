package io.wsnio.bench;

import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Thread-per-connection TCP echo on loopback with both ends on virtual threads (JDK 21+): an acceptor
 * virtual thread starts one echo virtual thread per accepted connection (blocking read of 8 bytes,
 * write them back, until end of stream); each of the {@code connections} clients has a virtual
 * thread doing blocking 8-byte write / 8-byte read round trips without pause. One op is one completed
 * round trip, on any connection: the clients run continuously from setup to teardown and count into
 * one {@code AtomicLong}; the benchmark method waits (parked, woken by the client that completes the
 * batch) for the next {@value #BATCH} round trips, so the JMH thread is off the data path and
 * {@code -prof gc}'s {@code gc.alloc.rate.norm}, which counts every thread's allocation (virtual
 * threads allocate on their carriers), is the whole process's allocation per round trip.
 *
 * <p>The virtual threads run on the JDK's default scheduler (one carrier per CPU the JVM may use); the
 * carriers are not pinned, only the JMH thread is ({@link Affinity#pinMain}). The module compiles with
 * {@code --release 17}, so the virtual-thread executor is looked up reflectively; on JDK 20 and older
 * the trial fails in setup ({@code run.sh} leaves this benchmark out there). Direct buffers, TCP_NODELAY.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VirtualThreadEcho {

    static final int SIZE = 8;
    /** Round trips one invocation waits for; JMH divides by it ({@code @OperationsPerInvocation}). */
    static final int BATCH = 1024;

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}, or null before JDK 21. */
    private static final Method VIRTUAL_EXECUTOR = virtualExecutorFactory();

    @Param({"jdk", "wsnio"})
    String provider;

    @Param({"1", "16", "256"})
    int connections;

    private ExecutorService threads;
    private ServerSocketChannel server;
    private SocketChannel[] clients;
    private final Queue<SocketChannel> accepted = new ConcurrentLinkedQueue<>();
    /** Round trips completed by all clients since setup. */
    private final AtomicLong completed = new AtomicLong();
    /** The count at which the client that reaches it unparks {@link #waiter}. */
    private volatile long target = -1;
    private volatile Thread waiter;
    private volatile Throwable failure;
    private volatile boolean stopping;
    /** The count the current invocation waits for (JMH thread only). */
    private long next;

    private static Method virtualExecutorFactory() {
        if (Runtime.version().feature() < 21) {
            return null; // 19 and 20 have the method, as a preview API
        }
        try {
            return Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static ExecutorService newVirtualThreadPerTaskExecutor() {
        String unsupported = "VirtualThreadEcho needs JDK 21+ (virtual threads); this JVM is "
                + Runtime.version() + " (run it with benchmarks/run.sh --jdk /usr/lib/jvm/temurin-25-jdk-amd64)";
        if (VIRTUAL_EXECUTOR == null) {
            throw new UnsupportedOperationException(unsupported);
        }
        try {
            return (ExecutorService) VIRTUAL_EXECUTOR.invoke(null);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new UnsupportedOperationException(unsupported, e);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        threads = newVirtualThreadPerTaskExecutor();
        SelectorProvider p = Providers.of(provider);
        server = Providers.check(p.openServerSocketChannel(), p);
        server.bind(Net.loopback(), Math.max(128, connections));
        ServerSocketChannel listener = server;
        threads.execute(guarded(() -> {
            while (true) {
                SocketChannel ch = Providers.check(listener.accept(), p);
                accepted.add(ch);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                threads.execute(guarded(() -> echo(ch)));
            }
        }));
        clients = new SocketChannel[connections];
        for (int i = 0; i < connections; i++) {
            SocketChannel ch = Providers.check(p.openSocketChannel(), p);
            clients[i] = ch;
            ch.connect(server.getLocalAddress());
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        for (SocketChannel ch : clients) {
            threads.execute(guarded(() -> client(ch)));
        }
    }

    private static void echo(SocketChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(SIZE);
        try (ch) {
            while (true) {
                buf.clear();
                if (!Net.readFully(ch, buf)) {
                    return;
                }
                buf.flip();
                Net.writeFully(ch, buf);
            }
        }
    }

    private void client(SocketChannel ch) throws IOException {
        ByteBuffer out = ByteBuffer.allocateDirect(SIZE);
        ByteBuffer in = ByteBuffer.allocateDirect(SIZE);
        for (int i = 0; i < SIZE; i++) {
            out.put(i, (byte) i);
        }
        while (true) {
            out.clear();
            Net.writeFully(ch, out);
            in.clear();
            if (!Net.readFully(ch, in)) {
                throw new EOFException("echo closed the connection");
            }
            // each count is reached by exactly one client: one unpark per batch
            if (completed.incrementAndGet() == target) {
                LockSupport.unpark(waiter);
            }
        }
    }

    /** A virtual thread's body: a failure other than the teardown's closes fails the trial. */
    private Runnable guarded(Peer.Body body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                if (!stopping) { // once stopping, a close-related exception is the expected way out
                    if (failure == null) {
                        failure = t;
                    }
                    t.printStackTrace();
                    LockSupport.unpark(waiter);
                }
            }
        };
    }

    @Setup(Level.Iteration)
    public void iteration() {
        Affinity.pinMain();
        waiter = Thread.currentThread();
        // the clients kept going between iterations: count this iteration's round trips from here
        next = completed.get();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long roundTrips() throws InterruptedException {
        long until = next += BATCH;
        target = until; // written before completed is read: the client reaching it sees it, or we do
        while (completed.get() < until) {
            if (failure != null) {
                throw new IllegalStateException("a virtual thread failed", failure);
            }
            if (Thread.interrupted()) { // JMH's -to timeout
                throw new InterruptedException("waiting for round trips " + (until - BATCH) + ".." + until
                        + ", " + completed.get() + " done: a blocked virtual thread did not wake up");
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
        }
        return until;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        stopping = true;
        try {
            if (threads != null) {
                // clients fail out of read/write with AsynchronousCloseException, their echo threads
                // see end of stream, and the acceptor's accept() fails with the listener's close
                Net.closeAll(clients == null ? new AutoCloseable[0] : clients);
                Net.closeAll(server);
                threads.shutdown();
                if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                    threads.shutdownNow();
                    throw new IllegalStateException("virtual threads still running 5 s after their channels"
                            + " were closed: a blocked operation did not wake up on close");
                }
                if (failure != null) {
                    throw new IllegalStateException("a virtual thread failed", failure);
                }
            }
        } finally {
            Net.closeAll(server);
            if (clients != null) {
                Net.closeAll(clients);
            }
            Net.closeAll(accepted.toArray(new AutoCloseable[0]));
        }
    }
}
