package io.wsnio.bench;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
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
 * Connection rate on loopback, one thread: one op opens a blocking SocketChannel, connects it to a
 * blocking listener (the kernel completes the handshake into the backlog), accepts it, then closes
 * the accepted side and the client. Closing the server side first leaves TIME_WAIT on the listener's
 * side, so the client's ephemeral ports are not used up at tens of thousands of connections per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AcceptConnect {

    @Param({"jdk", "wsnio"})
    String provider;

    private SelectorProvider p;
    private ServerSocketChannel server;
    private SocketAddress address;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        p = Providers.of(provider);
        server = Net.listen(p);
        address = server.getLocalAddress();
        try (SocketChannel c = Providers.check(p.openSocketChannel(), p)) {
            c.connect(address);
            Providers.check(server.accept(), p).close();
        }
    }

    @Setup(Level.Iteration)
    public void pin() {
        Affinity.pinMain();
    }

    @Benchmark
    public boolean acceptConnectClose() throws IOException {
        SocketChannel client = p.openSocketChannel();
        try {
            boolean connected = client.connect(address);
            SocketChannel accepted = server.accept();
            accepted.close();
            return connected;
        } finally {
            client.close();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Net.closeAll(server);
    }
}
