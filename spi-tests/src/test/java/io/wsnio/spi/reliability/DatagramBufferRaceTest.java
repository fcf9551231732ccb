package io.wsnio.spi.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.BatchDatagramChannel;
import io.wsnio.spi.Background;
import io.wsnio.spi.Providers;
import io.wsnio.spi.TestNet;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BufferRaceTest} for datagram channels: receive, send, connected read and write (single
 * and scatter/gather), and wsnio's batch calls ({@code receiveBatch}, {@code sendBatch},
 * {@code sendSegmented}; the JDK has none) on slices whose limit and position another thread keeps
 * changing. No byte around a slice changes, every datagram that arrives holds nothing but slice
 * bytes, and no native error comes back. The JDK is the oracle where it has the operation.
 */
class DatagramBufferRaceTest {

    private static final Duration RUN = Duration.ofMillis(Long.getLong("wsnio.bufferRace.millis", 700));
    private static final int SLICE = 512;

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String p : new String[] {"jdk", "wsnio"}) {
            for (String op : new String[] {"receive", "send", "read", "scatter-read", "write", "gather-write"}) {
                b.add(Arguments.of(p, op));
            }
        }
        for (String op : new String[] {"receiveBatch", "sendBatch", "sendSegmented"}) {
            b.add(Arguments.of("wsnio", op));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void racingBuffersStayInsideTheirSlices(String providerName, String op) throws Exception {
        SelectorProvider p = providerName.equals("jdk") ? Providers.jdk() : Providers.wsnio();
        boolean receiving = op.startsWith("receive") || op.endsWith("read");
        int count = op.startsWith("scatter") || op.startsWith("gather") || op.endsWith("Batch") ? 3 : 1;
        BufferRace race = new BufferRace(count, SLICE);
        String what = providerName + " datagram " + op;
        AtomicLong foreign = new AtomicLong(-1);
        AtomicBoolean stop = new AtomicBoolean();
        try (DatagramChannel ch = p.openDatagramChannel();
                DatagramChannel peer = Providers.jdk().openDatagramChannel()) {
            ch.bind(new InetSocketAddress(TestNet.LOOPBACK4, 0));
            peer.bind(new InetSocketAddress(TestNet.LOOPBACK4, 0));
            ch.connect(peer.getLocalAddress());
            peer.connect(ch.getLocalAddress());
            ch.configureBlocking(false);
            SocketAddress to = peer.getLocalAddress();
            Background<Long> other = receiving ? feed(peer, stop) : drain(peer, foreign, stop);
            BatchDatagramChannel batch = ch instanceof BatchDatagramChannel ? (BatchDatagramChannel) ch : null;
            BufferRace.Op call = switch (op) {
                case "receive" -> s -> ch.receive(s[0]);
                case "send" -> s -> ch.send(s[0], to);
                case "read" -> s -> ch.read(s[0]);
                case "scatter-read" -> s -> ch.read(s);
                case "write" -> s -> ch.write(s[0]);
                case "gather-write" -> s -> ch.write(s);
                case "receiveBatch" -> s -> batch.receiveBatch(s, 0, s.length, null);
                case "sendBatch" -> s -> batch.sendBatch(s, 0, s.length, null);
                default -> s -> {
                    try {
                        batch.sendSegmented(s[0], 64, null);
                    } catch (UnsupportedOperationException noOffload) {
                        ch.write(s[0]); // a stack without UDP_SEGMENT: the plain send races the same way
                    }
                };
            };
            BufferRace.Result result = race.run(what, RUN, call);
            assertTrue(result.calls() > 100, what + ": only " + result.calls() + " calls");
            stop.set(true);
            other.join(TestNet.TIMEOUT).get();
        }
        assertEquals(-1, foreign.get(), what + ": a datagram held a byte from outside the slices (datagram "
                + foreign.get() + ")");
    }

    /** Sends payload datagrams until told to stop. */
    private static Background<Long> feed(DatagramChannel ch, AtomicBoolean stop) {
        return Background.start("race-feeder", () -> {
            ByteBuffer b = ByteBuffer.allocate(SLICE + 64);
            long sent = 0;
            while (!stop.get()) {
                b.clear();
                while (b.hasRemaining()) {
                    b.put(BufferRace.PAYLOAD);
                }
                b.flip();
                ch.write(b);
                sent++;
                if ((sent & 63) == 0) {
                    Thread.yield();
                }
            }
            return sent;
        });
    }

    /** Receives until told to stop; records the first datagram with a byte that is not payload. */
    private static Background<Long> drain(DatagramChannel ch, AtomicLong foreign, AtomicBoolean stop) throws IOException {
        ch.configureBlocking(false);
        return Background.start("race-drain", () -> {
            ByteBuffer b = ByteBuffer.allocate(65536);
            long n = 0;
            while (!stop.get()) {
                b.clear();
                if (ch.receive(b) == null) {
                    Thread.onSpinWait();
                    continue;
                }
                for (int i = 0; i < b.position(); i++) {
                    if (!BufferRace.isPayload(b.get(i)) && foreign.get() < 0) {
                        foreign.set(n);
                    }
                }
                n++;
            }
            return n;
        });
    }
}
