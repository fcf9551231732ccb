package io.wsnio.bench;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.concurrent.TimeUnit;
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
 * The wake-up path: one op is {@code wakeup()} followed by a blocking {@code select()} that returns
 * at once because of it, with one idle TCP channel registered. This is what an event loop pays
 * each time another thread hands it a task (Netty, Jetty, the JDK's HttpClient all call wakeup
 * then). The JDK writes its eventfd and, after the select, reads it back; wsnio's eventfd is
 * edge-triggered and is not read back: one system call fewer per wake-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SelectorWakeup {

    @Param({"jdk", "wsnio"})
    String provider;

    private Selector selector;
    private SocketChannel[] pair;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        SelectorProvider p = Providers.of(provider);
        selector = Providers.check(p.openSelector(), p);
        pair = Net.tcpPair(p, true);
        pair[1].configureBlocking(false);
        pair[1].register(selector, SelectionKey.OP_READ);
        if (selector.selectNow() != 0) {
            throw new IllegalStateException("the idle channel polled ready");
        }
    }

    @Setup(Level.Iteration)
    public void pin() {
        Affinity.pinMain();
    }

    @Benchmark
    public int wakeupThenSelect() throws IOException {
        selector.wakeup();
        int n = selector.select(); // returns at once: the wake-up came first
        if (n != 0) {
            throw new IllegalStateException(n + " keys selected; the channel is idle");
        }
        return n;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Net.closeAll(selector, pair[0], pair[1]);
    }
}
