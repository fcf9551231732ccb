package io.wsnio.bench;

import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
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
 * What the socket read/write JFR events cost: the blocking 1-byte TCP round trip of
 * {@link TcpPingPong} (client and echo thread both blocking, direct buffers, TCP_NODELAY), each op
 * two reads and two writes (client and echo), B/op the whole process's allocation per round trip.
 * <ul>
 * <li>{@code jfr=none}: wsnio's events switched off for good ({@code wsnio.jfr=false}, set before
 * the first channel, so the event classes are never loaded): the reference for {@code off}. The
 * JDK has no such switch, so for {@code provider=jdk} this repeats {@code off}.
 * <li>{@code jfr=off}: no recording; each read and write checks whether one wants its event.
 * <li>{@code jfr=on}: one recording enables {@code io.wsnio.SocketRead}, {@code io.wsnio.SocketWrite},
 * {@code jdk.SocketRead} and {@code jdk.SocketWrite} at the JDK's default threshold of 20 ms, so
 * both providers time every read and write and commit none (a loopback round trip takes
 * microseconds).
 * </ul>
 *
 * <p>Not in {@code run.sh}'s default set: {@code benchmarks/run.sh JfrCost} runs it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JfrCost {

    /** The events {@code jfr=on} enables, wsnio's and the JDK's. */
    static final List<String> EVENTS =
            List.of("io.wsnio.SocketRead", "io.wsnio.SocketWrite", "jdk.SocketRead", "jdk.SocketWrite");

    @Param({"jdk", "wsnio"})
    String provider;

    @Param({"none", "off", "on"})
    String jfr;

    private Recording recording;
    private SocketChannel client;
    private SocketChannel server;
    private Peer echo;
    private final ByteBuffer out = ByteBuffer.allocateDirect(1);
    private final ByteBuffer in = ByteBuffer.allocateDirect(1);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (jfr.equals("none")) {
            System.setProperty("wsnio.jfr", "false");
        } else if (jfr.equals("on")) {
            // before the first channel, so the JDK's instrumentation (JDK 17-21) is in place from the start
            recording = new Recording();
            recording.setName("JfrCost");
            recording.setToDisk(false);
            for (String event : EVENTS) {
                recording.enable(event).withThreshold(Duration.ofMillis(20));
            }
            recording.start();
        } else if (!jfr.equals("off")) {
            throw new IllegalArgumentException("jfr " + jfr + ": use none, off or on");
        }
        SelectorProvider p = Providers.of(provider);
        SocketChannel[] pair = Net.tcpPair(p, true);
        client = pair[0];
        server = pair[1];
        out.put(0, (byte) 1);
        echo = Peer.tcpEcho(server, 1);
    }

    @Setup(Level.Iteration)
    public void pin() {
        Affinity.pinMain();
    }

    @Benchmark
    public int roundTrip() throws IOException {
        out.clear();
        Net.writeFully(client, out);
        in.clear();
        if (!Net.readFully(client, in)) {
            throw new EOFException("echo closed the connection");
        }
        return in.get(0);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            if (recording != null) {
                checkEnabled(provider.equals("wsnio") ? "io.wsnio.Socket" : "jdk.Socket");
            }
            if (provider.equals("wsnio")) {
                checkSwitch(!jfr.equals("none"));
            }
            echo.stop(() -> client.close());
        } finally {
            Net.closeAll(client, server);
            if (recording != null) {
                recording.stop();
                recording.close();
            }
        }
    }

    /** Fails the trial if wsnio's events were not (or were) switched off as {@code jfr} asks. */
    private static void checkSwitch(boolean expected) throws ReflectiveOperationException {
        Field available = Class.forName("io.wsnio.channels.SocketEvents").getDeclaredField("AVAILABLE");
        available.setAccessible(true);
        if (available.getBoolean(null) != expected) {
            throw new IllegalStateException("wsnio's JFR events are " + (expected ? "off" : "on")
                    + ": SocketEvents was initialized before jfr=none could switch them off");
        }
    }

    /** Fails the trial if the provider's read and write events were not enabled: then "on" measured nothing. */
    private static void checkEnabled(String prefix) {
        for (String name : List.of(prefix + "Read", prefix + "Write")) {
            EventType type = FlightRecorder.getFlightRecorder().getEventTypes().stream()
                    .filter(t -> t.getName().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(name + " is not registered with JFR"));
            if (!type.isEnabled()) {
                throw new IllegalStateException(name + " is registered but not enabled by the recording");
            }
        }
    }
}
