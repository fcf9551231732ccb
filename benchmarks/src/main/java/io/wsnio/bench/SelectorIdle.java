package io.wsnio.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Selector cost with many idle channels and one ready one. {@code idle} pipe sources are registered
 * for OP_READ and never written. The active channel is the accepted side of a loopback TCP
 * connection that holds one unread byte for the whole trial, so it stays ready (level-triggered).
 * One op is {@code selectNow()} or {@code select()} (which returns at once), a check that exactly one
 * key was selected, and clearing the selected set: only the selector is measured.
 *
 * <p>Why not a pipe for the active channel, or a write and read per op: the two providers' pipes are
 * different kernel objects (the JDK's a pipe(2), wsnio's an AF_UNIX socketpair, each write or read
 * about 0.6 us dearer, and epoll polls a ready socketpair through unix_poll, not pipe_poll). A TCP
 * socket is the same object under both providers. Idle channels are never polled by epoll, so their
 * kind does not matter, and pipes are the cheapest to open by the thousand.
 *
 * <p>Each pipe takes two descriptors. When the process's descriptor limit ({@code ulimit -n}) cannot
 * hold {@code idle} pipes the benchmark uses as many as fit and says so on standard output (the JMH
 * log); the {@code idle} parameter in the results then overstates the count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SelectorIdle {

    /** Descriptors left free for the selector's own (epoll, wake-up) and whatever else the JVM opens. */
    private static final int HEADROOM = 64;

    @Param({"jdk", "wsnio"})
    String provider;

    @Param({"1000", "10000"})
    int idle;

    @Param({"selectNow", "select"})
    String mode;

    private Selector selector;
    private final List<Pipe> pipes = new ArrayList<>();
    private SocketChannel[] active;
    private boolean now;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        switch (mode) {
            case "selectNow": now = true; break;
            case "select": now = false; break;
            default: throw new IllegalArgumentException("mode " + mode);
        }
        SelectorProvider p = Providers.of(provider);
        int count = idleThatFits(idle); // before the selector opens its own descriptors: same count for both
        selector = Providers.check(p.openSelector(), p);
        for (int i = 0; i < count; i++) {
            Pipe pipe = p.openPipe();
            pipes.add(pipe);
            Providers.check(pipe.source(), p).configureBlocking(false);
            pipe.source().register(selector, SelectionKey.OP_READ);
        }
        active = Net.tcpPair(p, true);
        active[1].configureBlocking(false);
        SelectionKey key = active[1].register(selector, SelectionKey.OP_READ);
        if (selector.selectNow() != 0) {
            throw new IllegalStateException("idle channels reported ready before any write");
        }
        // the byte stays unread: the active channel is ready for every select of the trial
        if (active[0].write(ByteBuffer.allocateDirect(1)) != 1) {
            throw new IllegalStateException("could not write the active channel's byte");
        }
        // a checked round, so a selector that reports the wrong key fails here, not silently
        if (selector.select(10_000) != 1 || !selector.selectedKeys().contains(key) || !key.isReadable()) {
            throw new IllegalStateException("the active channel was not the one ready key: " + selector.selectedKeys());
        }
        selector.selectedKeys().clear();
        System.out.println("[SelectorIdle] " + selector.keys().size() + " registered keys (" + count
                + " idle pipes + 1 active TCP socket)");
    }

    /** How many idle pipes the descriptor limit allows, at most {@code wanted}; says so when fewer. */
    static int idleThatFits(int wanted) throws IOException {
        long limit = openFileLimit();
        long open = openDescriptors();
        if (limit < 0 || open < 0) {
            return wanted; // not Linux: try the full count and let the open fail if it must
        }
        long fit = (limit - open - HEADROOM - 3) / 2; // 2 per pipe, 3 while the active pair connects
        if (fit >= wanted) {
            return wanted;
        }
        fit = fit / 100 * 100; // a round count, the same for both providers (their own descriptors differ by one or two)
        if (fit < 100) {
            throw new IllegalStateException("descriptor limit " + limit + " leaves no room for 100 idle pipes");
        }
        System.out.println("[SelectorIdle] WARNING: descriptor limit (ulimit -n) is " + limit + " with "
                + open + " open; " + wanted + " idle pipes need " + (2L * wanted + 3 + HEADROOM + open)
                + ". Using " + fit + " idle pipes instead of " + wanted
                + " (raise the limit with ulimit -n to measure the full count).");
        return (int) fit;
    }

    private static long openFileLimit() throws IOException {
        Path limits = Path.of("/proc/self/limits");
        if (!Files.isReadable(limits)) {
            return -1;
        }
        for (String line : Files.readAllLines(limits)) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE / 4 : Long.parseLong(soft);
            }
        }
        return -1;
    }

    private static long openDescriptors() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        try (Stream<Path> s = Files.list(fds)) {
            return s.count();
        }
    }

    @Setup(Level.Iteration)
    public void pin() {
        Affinity.pinMain();
    }

    @Benchmark
    public int oneReady() throws IOException {
        int ready = now ? selector.selectNow() : selector.select();
        if (ready != 1) {
            throw new IllegalStateException(ready + " ready keys, expected 1");
        }
        selector.selectedKeys().clear();
        return ready;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        List<AutoCloseable> all = new ArrayList<>();
        all.add(selector);
        if (active != null) {
            all.add(active[0]);
            all.add(active[1]);
        }
        for (Pipe pipe : pipes) {
            all.add(pipe.source());
            all.add(pipe.sink());
        }
        pipes.clear();
        Net.closeAll(all.toArray(new AutoCloseable[0]));
    }
}
