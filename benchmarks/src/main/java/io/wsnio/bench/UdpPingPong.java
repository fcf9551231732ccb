package io.wsnio.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
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
 * UDP round trip on loopback with connected, blocking DatagramChannels: the client writes a 64-byte
 * datagram, an echo thread on the peer CPU reads it and writes it back, the client reads it. One op
 * is one round trip. Direct buffers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class UdpPingPong {

    static final int SIZE = 64;

    @Param({"jdk", "wsnio"})
    String provider;

    private DatagramChannel client;
    private DatagramChannel server;
    private Peer echo;
    private final ByteBuffer out = ByteBuffer.allocateDirect(SIZE);
    private final ByteBuffer in = ByteBuffer.allocateDirect(SIZE + 1);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        SelectorProvider p = Providers.of(provider);
        DatagramChannel[] pair = Net.udpPair(p);
        client = pair[0];
        server = pair[1];
        DatagramChannel echoSide = server;
        echo = Peer.start("udp-echo", () -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(SIZE + 1);
            while (true) {
                buf.clear();
                echoSide.read(buf);
                buf.flip();
                echoSide.write(buf);
            }
        });
    }

    @Setup(Level.Iteration)
    public void pin() {
        Affinity.pinMain();
    }

    @Benchmark
    public int roundTrip() throws IOException {
        out.clear();
        client.write(out);
        in.clear();
        int n = client.read(in);
        if (n != SIZE) {
            throw new IOException("echoed datagram has " + n + " bytes, expected " + SIZE);
        }
        return n;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            echo.stop(() -> server.close()); // wakes the echo thread blocked in read
        } finally {
            Net.closeAll(client, server);
        }
    }
}
