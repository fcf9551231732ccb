package io.wsnio.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
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
 * TCP bulk send on loopback: one op is one blocking write of 64 KiB (looped until all of it is
 * accepted) from a direct or a heap buffer; a drain thread on the peer CPU reads and discards into a
 * 256 KiB direct buffer. Throughput in ops/s; multiply by 64 KiB for bytes per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TcpBulk {

    static final int WRITE_SIZE = 64 * 1024;

    @Param({"jdk", "wsnio"})
    String provider;

    @Param({"direct", "heap"})
    String buffer;

    private SocketChannel client;
    private SocketChannel server;
    private Peer drain;
    private ByteBuffer out;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        SelectorProvider p = Providers.of(provider);
        SocketChannel[] pair = Net.tcpPair(p, false);
        client = pair[0];
        server = pair[1];
        switch (buffer) {
            case "direct": out = ByteBuffer.allocateDirect(WRITE_SIZE); break;
            case "heap": out = ByteBuffer.allocate(WRITE_SIZE); break;
            default: throw new IllegalArgumentException("buffer " + buffer);
        }
        for (int i = 0; i < WRITE_SIZE; i++) {
            out.put(i, (byte) i);
        }
        SocketChannel drainSide = server;
        drain = Peer.start("tcp-drain", () -> {
            ByteBuffer sink = ByteBuffer.allocateDirect(256 * 1024);
            while (true) {
                sink.clear();
                if (drainSide.read(sink) < 0) {
                    return;
                }
            }
        });
    }

    @Setup(Level.Iteration)
    public void pin() {
        Affinity.pinMain();
    }

    @Benchmark
    public int write64k() throws IOException {
        out.clear();
        int written = 0;
        while (out.hasRemaining()) {
            written += client.write(out);
        }
        return written;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            drain.stop(() -> client.close());
        } finally {
            Net.closeAll(client, server);
        }
    }
}
