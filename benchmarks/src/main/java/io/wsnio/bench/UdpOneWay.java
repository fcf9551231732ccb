package io.wsnio.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * UDP packets per second, one way, on loopback: one op is one blocking write of a 64-byte datagram
 * on a connected DatagramChannel; a receiver thread on the peer CPU drains with blocking reads. The
 * score is what the sender pushed; the {@code received} counter is what reached the receiver (UDP
 * drops on a full receive buffer, so the two may differ).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class UdpOneWay {

    static final int SIZE = 64;

    @Param({"jdk", "wsnio"})
    String provider;

    private DatagramChannel sender;
    private DatagramChannel receiver;
    private Peer drain;
    final AtomicLong received = new AtomicLong();
    private final ByteBuffer out = ByteBuffer.allocateDirect(SIZE);

    /** Packets that reached the receiver during the iteration, reported per second by JMH. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Delivered {
        private UdpOneWay bench;
        private long base;

        @Setup(Level.Iteration)
        public void start(UdpOneWay b) {
            bench = b;
            base = b.received.get();
        }

        public long received() {
            return bench.received.get() - base;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        SelectorProvider p = Providers.of(provider);
        DatagramChannel[] pair = Net.udpPair(p);
        sender = pair[0];
        receiver = pair[1];
        DatagramChannel rx = receiver;
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

    @Setup(Level.Iteration)
    public void pin() {
        Affinity.pinMain();
    }

    @Benchmark
    public int send(Delivered delivered) throws IOException {
        out.clear();
        return sender.write(out);
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
