package io.wsnio.spi.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.wsnio.spi.Background;
import io.wsnio.spi.ConnectedPair;
import io.wsnio.spi.Providers;
import io.wsnio.spi.TestNet;

/**
 * Stream and pipe reads and writes (single and scatter/gather) on slices of direct buffers whose
 * limit and position another thread keeps changing ({@link BufferRace}): no byte around a slice
 * changes, nothing but slice bytes reaches the peer, and no native error comes back. The JDK is
 * the oracle: it reads position and limit once and clamps, so it passes the same test.
 */
class BufferRaceTest {

    private static final Duration RUN = Duration.ofMillis(
            Long.getLong("wsnio.bufferRace.millis", 700));
    private static final int SLICE = 512;

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String p : new String[] {"jdk", "wsnio"}) {
            for (String op : new String[] {"read", "scatter-read", "write", "gather-write"}) {
                for (String ch : new String[] {"tcp", "pipe"}) {
                    b.add(Arguments.of(p, ch, op));
                }
            }
        }
        return b.build();
    }

    private static SelectorProvider provider(String name) {
        return name.equals("jdk") ? Providers.jdk() : Providers.wsnio();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void racingBuffersStayInsideTheirSlices(String providerName, String channel, String op)
            throws Exception {
        SelectorProvider p = provider(providerName);
        boolean reading = op.endsWith("read");
        int count = op.startsWith("scatter") || op.startsWith("gather") ? 3 : 1;
        BufferRace race = new BufferRace(count, SLICE);
        String what = providerName + " " + channel + " " + op;
        AtomicLong foreign = new AtomicLong(-1);
        AutoCloseable resources;
        java.nio.channels.SelectableChannel underTest;
        Background<Long> peer;
        if (channel.equals("tcp")) {
            ConnectedPair pair = ConnectedPair.open(p, Providers.jdk(), TestNet.LOOPBACK4);
            resources = pair;
            underTest = pair.client();
            peer = reading ? feed(pair.server()) : drain(pair.server(), foreign);
        } else {
            Pipe pipe = p.openPipe();
            resources = () -> {
                pipe.source().close();
                pipe.sink().close();
            };
            underTest = reading ? pipe.source() : pipe.sink();
            peer = reading ? feed(pipe.sink()) : drain(pipe.source(), foreign);
        }
        try (AutoCloseable r = resources) {
            underTest.configureBlocking(false);
            BufferRace.Op call = switch (op) {
                case "read" -> s -> ((ReadableByteChannel) underTest).read(s[0]);
                case "scatter-read" -> s -> ((ScatteringByteChannel) underTest).read(s);
                case "write" -> s -> ((WritableByteChannel) underTest).write(s[0]);
                default -> s -> ((GatheringByteChannel) underTest).write(s);
            };
            BufferRace.Result result = race.run(what, RUN, call);
            assertTrue(result.calls() > 100, what + ": only " + result.calls() + " calls");
        }
        Long moved = peer.join(TestNet.TIMEOUT).get();
        assertEquals(-1, foreign.get(), what + ": the peer received a byte from outside the slices"
                + " at stream offset " + foreign.get() + " (of " + moved + ")");
    }

    /** Sends payload bytes until the channel closes. */
    private static Background<Long> feed(WritableByteChannel ch) {
        return Background.start("race-feeder", () -> {
            ByteBuffer b = ByteBuffer.allocate(8192);
            long sent = 0;
            try {
                for (;;) {
                    b.clear();
                    while (b.hasRemaining()) {
                        b.put(BufferRace.PAYLOAD);
                    }
                    b.flip();
                    sent += ch.write(b);
                }
            } catch (IOException e) {
                return sent; // the test closed its end
            }
        });
    }

    /** Reads until end of stream; records the first byte that is not a payload byte. */
    private static Background<Long> drain(ReadableByteChannel ch, AtomicLong foreign) {
        return Background.start("race-drain", () -> {
            ByteBuffer b = ByteBuffer.allocate(65536);
            long total = 0;
            try {
                int n;
                while ((n = ch.read(b.clear())) >= 0) {
                    for (int i = 0; i < n; i++) {
                        if (!BufferRace.isPayload(b.get(i)) && foreign.get() < 0) {
                            foreign.set(total + i);
                        }
                    }
                    total += n;
                }
            } catch (IOException e) {
                // closed under us: the count so far stands
            }
            return total;
        });
    }
}
