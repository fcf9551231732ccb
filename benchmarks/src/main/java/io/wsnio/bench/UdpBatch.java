package io.wsnio.bench;

import io.wsnio.BatchDatagramChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.concurrent.TimeUnit;
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
 * A receiver thread with the same provider drains (wsnio with {@code receiveBatch}); what it loses
 * to a full buffer is not counted against the sender, as in {@link UdpOneWay}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class UdpBatch {

    static final int SMALL = 64, SMALL_BATCH = 64, LARGE = 1200, LARGE_BATCH = 50;

    @Param({"jdk", "wsnio"})
    String provider;

    private DatagramChannel sender;
    private DatagramChannel receiver;
    private BatchDatagramChannel batch;
    private Peer drain;
    private final ByteBuffer[] small = new ByteBuffer[SMALL_BATCH];
    private final ByteBuffer[] large = new ByteBuffer[LARGE_BATCH];
    private final ByteBuffer bulk = ByteBuffer.allocateDirect(LARGE * LARGE_BATCH);

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
                    brx.receiveBatch(in, 0, in.length, null);
                }
            });
        } else {
            drain = Peer.start("udp-receiver", () -> {
                ByteBuffer buf = ByteBuffer.allocateDirect(2048);
                while (true) {
                    buf.clear();
                    rx.read(buf);
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
    public int send64() throws IOException {
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
    public int send1200() throws IOException {
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

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            drain.stop(() -> receiver.close());
        } finally {
            Net.closeAll(sender, receiver);
        }
    }
}
