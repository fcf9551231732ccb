package io.wsnio.bench;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 * TCP round trip on loopback: the client writes {@code size} bytes, an echo thread (same provider,
 * blocking, pinned to the peer CPU) reads them and writes them back, the client reads them. One op is
 * one round trip. {@code mode=blocking}: the client is blocking; {@code mode=selector}: the client is
 * non-blocking and waits for the reply with {@code selector.select()}. Direct buffers, TCP_NODELAY.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TcpPingPong {

    @Param({"jdk", "wsnio"})
    String provider;

    @Param({"1", "1024"})
    int size;

    @Param({"blocking", "selector"})
    String mode;

    private SocketChannel client;
    private SocketChannel server;
    private Selector selector;
    private Peer echo;
    private ByteBuffer out;
    private ByteBuffer in;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        SelectorProvider p = Providers.of(provider);
        SocketChannel[] pair = Net.tcpPair(p, true);
        client = pair[0];
        server = pair[1];
        out = ByteBuffer.allocateDirect(size);
        in = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            out.put(i, (byte) i);
        }
        if (mode.equals("selector")) {
            selector = Providers.check(p.openSelector(), p);
            client.configureBlocking(false);
            client.register(selector, SelectionKey.OP_READ);
        } else if (!mode.equals("blocking")) {
            throw new IllegalArgumentException("mode " + mode);
        }
        echo = Peer.tcpEcho(server, size);
    }

    @Setup(Level.Iteration)
    public void pin() {
        Affinity.pinMain();
    }

    @Benchmark
    public int roundTrip() throws IOException {
        return selector == null ? blockingRoundTrip() : selectorRoundTrip();
    }

    private int blockingRoundTrip() throws IOException {
        out.clear();
        Net.writeFully(client, out);
        in.clear();
        if (!Net.readFully(client, in)) {
            throw new EOFException("echo closed the connection");
        }
        return in.get(0);
    }

    private int selectorRoundTrip() throws IOException {
        out.clear();
        while (out.hasRemaining()) {
            client.write(out); // at most 1 KiB into an empty send buffer: completes at once
        }
        in.clear();
        while (in.hasRemaining()) {
            selector.select();
            selector.selectedKeys().clear();
            if (client.read(in) < 0) {
                throw new EOFException("echo closed the connection");
            }
        }
        return in.get(0);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            echo.stop(() -> {
                // selector first: a channel still registered may keep its socket open until the
                // selector deregisters it, and the echo thread needs end of stream to return
                if (selector != null) {
                    selector.close();
                }
                client.close();
            });
        } finally {
            Net.closeAll(client, server, selector);
        }
    }
}
