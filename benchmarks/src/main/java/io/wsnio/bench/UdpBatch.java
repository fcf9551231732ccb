package io.wsnio.bench;

import io.wsnio.BatchDatagramChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.spi.SelectorProvider;
import java.net.StandardSocketOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Datagrams sent per second, one way on loopback, where wsnio goes past the JDK: one op is one
 * datagram (both lanes are normalised per datagram with {@code @OperationsPerInvocation}).
 * <ul>
 *   <li>{@code send64}: 64 datagrams of 64 B; jdk: 64 {@code write} calls; wsnio: one
 *       {@code sendBatch} (sendmmsg).</li>
 *   <li>{@code send1200}: 50 datagrams of 1200 B (60,000 B); jdk: 50 {@code write} calls; wsnio:
 *       one {@code sendSegmented} (UDP_SEGMENT), split into 50 datagrams by the kernel. Bytes/s =
 *       score x 1200.</li>
 * </ul>
 * A receiver thread with the same provider drains (wsnio with {@code receiveBatch}) through a 4 MiB
 * receive buffer and counts what arrives: the {@code delivered} counter (datagrams per second that
 * reached the receiver) is the figure that counts for a user; the primary score is the sender's rate.
 * <ul>
 *   <li>{@code receive64}: the receive side alone. A flooder thread (wsnio's {@code sendBatch} for
 *       both providers, so the sender is never the limit) keeps the socket full of 64 B datagrams;
 *       one op is one datagram taken: jdk one {@code read} per datagram, wsnio {@code receiveBatch}
 *       of up to 64.</li>
 *   <li>{@code receive64Gro}: the same with wsnio's {@code UDP_GRO} on (a coalesced receive takes
 *       several datagrams in one buffer; they are counted by size); the JDK has no GRO and reads
 *       one datagram per call as in {@code receive64}.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class UdpBatch {

    static final int SMALL = 64, SMALL_BATCH = 64, LARGE = 1200, LARGE_BATCH = 50, RECEIVE = 1024;
    static final int RCVBUF = 4 << 20;

    @Param({"jdk", "wsnio"})
    String provider;

    private DatagramChannel sender;
    private DatagramChannel receiver;
    private BatchDatagramChannel batch;
    private Peer drain;
    private final ByteBuffer[] small = new ByteBuffer[SMALL_BATCH];
    private final ByteBuffer[] large = new ByteBuffer[LARGE_BATCH];
    private final ByteBuffer bulk = ByteBuffer.allocateDirect(LARGE * LARGE_BATCH);
    final AtomicLong received = new AtomicLong();

    /** Datagrams that reached the receiver during the iteration, reported per second by JMH. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Delivered {
        private UdpBatch bench;
        private long base;

        @Setup(Level.Iteration)
        public void start(UdpBatch b) {
            bench = b;
            base = b.received.get();
        }

        public long delivered() {
            return bench.received.get() - base;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        SelectorProvider p = Providers.of(provider);
        DatagramChannel[] pair = Net.udpPair(p);
        sender = pair[0];
        receiver = pair[1];
        batch = sender instanceof BatchDatagramChannel ? (BatchDatagramChannel) sender : null;
        for (int i = 0; i < SMALL_BATCH; i++) {
            small[i] = ByteBuffer.allocateDirect(SMALL);
        }
        for (int i = 0; i < LARGE_BATCH; i++) {
            large[i] = ByteBuffer.allocateDirect(LARGE);
        }
        DatagramChannel rx = receiver;
        rx.setOption(StandardSocketOptions.SO_RCVBUF, RCVBUF);
        if (rx instanceof BatchDatagramChannel) {
            BatchDatagramChannel brx = (BatchDatagramChannel) rx;
            drain = Peer.start("udp-batch-receiver", () -> {
                ByteBuffer[] in = new ByteBuffer[64];
                for (int i = 0; i < in.length; i++) {
                    in[i] = ByteBuffer.allocateDirect(2048);
                }
                while (true) {
                    for (ByteBuffer b : in) {
                        b.clear();
                    }
                    int n = brx.receiveBatch(in, 0, in.length, null);
                    if (n > 0) {
                        received.lazySet(received.get() + n); // single writer
                    }
                }
            });
        } else {
            drain = Peer.start("udp-receiver", () -> {
                ByteBuffer buf = ByteBuffer.allocateDirect(2048);
                while (true) {
                    buf.clear();
                    if (rx.read(buf) >= 0) {
                        received.lazySet(received.get() + 1); // single writer
                    }
                }
            });
        }
    }

    @Setup(Level.Iteration)
    public void pin() {
        Affinity.pinMain();
    }

    @Benchmark
    @OperationsPerInvocation(SMALL_BATCH)
    public int send64(Delivered delivered) throws IOException {
        ByteBuffer[] out = small;
        for (ByteBuffer b : out) {
            b.clear();
        }
        if (batch != null) {
            return batch.sendBatch(out, 0, SMALL_BATCH, null);
        }
        int n = 0;
        for (ByteBuffer b : out) {
            n += sender.write(b);
        }
        return n;
    }

    @Benchmark
    @OperationsPerInvocation(LARGE_BATCH)
    public int send1200(Delivered delivered) throws IOException {
        if (batch != null) {
            bulk.clear();
            return batch.sendSegmented(bulk, LARGE, null);
        }
        int n = 0;
        for (ByteBuffer b : large) {
            b.clear();
            n += sender.write(b);
        }
        return n;
    }

    /** The receive side alone: a wsnio flooder fills a socket this provider's channel reads. */
    @State(Scope.Benchmark)
    public static class Flooded {
        @Param({"jdk", "wsnio"})
        String provider;

        DatagramChannel rx;
        BatchDatagramChannel batchRx;
        private DatagramChannel tx;
        private Peer flooder;
        final ByteBuffer one = ByteBuffer.allocateDirect(2048);
        final ByteBuffer[] many = new ByteBuffer[SMALL_BATCH];

        @Setup(Level.Trial)
        public void setUp(org.openjdk.jmh.infra.BenchmarkParams params) throws IOException {
            SelectorProvider p = Providers.of(provider);
            rx = Providers.check(p.openDatagramChannel(), p);
            rx.bind(Net.loopback());
            rx.setOption(StandardSocketOptions.SO_RCVBUF, RCVBUF);
            boolean gro = params.getBenchmark().endsWith("Gro");
            batchRx = rx instanceof BatchDatagramChannel ? (BatchDatagramChannel) rx : null;
            if (gro && batchRx != null) {
                rx.setOption(io.wsnio.WsnioSocketOptions.UDP_GRO, true);
            }
            for (int i = 0; i < many.length; i++) {
                many[i] = ByteBuffer.allocateDirect(gro ? 65536 : 2048);
            }
            SelectorProvider wsnio = Providers.of("wsnio");
            tx = Providers.check(wsnio.openDatagramChannel(), wsnio);
            tx.bind(Net.loopback());
            tx.connect(rx.getLocalAddress());
            rx.connect(tx.getLocalAddress()); // a connected read, as UdpOneWay's receiver
            BatchDatagramChannel btx = (BatchDatagramChannel) tx;
            flooder = Peer.start("udp-flooder", () -> {
                ByteBuffer[] out = new ByteBuffer[SMALL_BATCH];
                for (int i = 0; i < out.length; i++) {
                    out[i] = ByteBuffer.allocateDirect(SMALL);
                }
                while (true) {
                    for (ByteBuffer b : out) {
                        b.clear();
                    }
                    btx.sendBatch(out, 0, out.length, null);
                }
            });
        }

        /** Takes {@code count} datagrams in blocking mode; a coalesced (GRO) buffer counts as its segments. */
        int take(int count) throws IOException {
            int got = 0;
            while (got < count) {
                if (batchRx == null) {
                    one.clear();
                    rx.read(one);
                    got++;
                    continue;
                }
                for (ByteBuffer b : many) {
                    b.clear();
                }
                int n = batchRx.receiveBatch(many, 0, Math.min(many.length, count - got), null);
                for (int i = 0; i < n; i++) {
                    int bytes = many[i].position();
                    got += bytes > SMALL ? (bytes + SMALL - 1) / SMALL : 1;
                }
            }
            return got;
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            try {
                flooder.stop(() -> tx.close());
            } finally {
                Net.closeAll(tx, rx);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECEIVE)
    public int receive64(Flooded f) throws IOException {
        return f.take(RECEIVE);
    }

    @Benchmark
    @OperationsPerInvocation(RECEIVE)
    public int receive64Gro(Flooded f) throws IOException {
        return f.take(RECEIVE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            drain.stop(() -> receiver.close());
        } finally {
            Net.closeAll(sender, receiver);
        }
    }
}
