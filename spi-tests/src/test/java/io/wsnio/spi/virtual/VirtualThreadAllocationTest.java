package io.wsnio.spi.virtual;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.wsnio.spi.ConnectedPair;
import io.wsnio.spi.Providers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a virtual-thread echo allocates in the steady state is the JDK's, none of it wsnio's: 16
 * connections ping-pong 8 bytes with both ends on virtual threads (as JMH's {@code VirtualThreadEcho}
 * does), and JFR's allocation samples over a 1 s window must hold no stack with a provider frame.
 * The samples that remain are the scheduler's (a {@code ForkJoinTask} wrapper for every
 * {@code VirtualThread.unpark} and every yield: what {@code -prof gc} counts per round trip for any
 * provider), and at least one must be there, or the recording saw nothing. wsnio's socket events
 * are enabled throughout: a new event object per read and write (56-72 B, which a parked virtual
 * thread's frame keeps from being scalar-replaced) failed this. A window may catch the JIT
 * recompiling a method (interpreted code allocates what C2 removes), so windows repeat, at most
 * five, until one is clean; an allocation per operation shows in every window.
 */
@Timeout(120)
class VirtualThreadAllocationTest {
    private static final int CONNECTIONS = 16;
    private static final int WINDOWS = 5;

    @Test
    void aVirtualThreadEchoAllocatesNothingInProviderFrames() throws Exception {
        VirtualThreads.assumeAvailable();
        List<ConnectedPair> pairs = new ArrayList<>();
        List<VirtualThreads.Task<Void>> threads = new ArrayList<>();
        AtomicLong roundTrips = new AtomicLong();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                ConnectedPair p = ConnectedPair.open(Providers.wsnio());
                pairs.add(p);
                threads.add(VirtualThreads.start(() -> echo(p.server())));
                threads.add(VirtualThreads.start(() -> client(p.client(), roundTrips)));
            }
            Thread.sleep(3000); // warm-up: the data path compiled by C2
            List<String> dirty = new ArrayList<>();
            for (int w = 0; w < WINDOWS; w++) {
                long before = roundTrips.get();
                List<AllocationSamples.Sample> samples = AllocationSamples.during(Duration.ofSeconds(1));
                long done = roundTrips.get() - before;
                for (VirtualThreads.Task<Void> t : threads) {
                    if (t.result().isDone()) {
                        t.get(); // throws what ended it
                        fail("an echo thread ended");
                    }
                }
                assertTrue(done > 0, "no round trip in a 1 s window");
                List<AllocationSamples.Sample> ours = samples.stream().filter(s -> s.providerFrame() != null)
                        .collect(Collectors.toList());
                if (ours.isEmpty()) {
                    assertTrue(samples.stream().anyMatch(AllocationSamples.Sample::scheduler),
                            () -> "no sample of the scheduler's allocation in " + done + " round trips: the recording saw nothing; "
                                    + samples.size() + " samples");
                    return;
                }
                dirty.add("window " + w + " (" + done + " round trips, " + samples.size() + " samples): "
                        + ours.size() + " with provider frames, e.g. " + ours.get(0));
            }
            fail("every window sampled allocations in wsnio frames:\n" + String.join("\n", dirty));
        } finally {
            for (ConnectedPair p : pairs) {
                p.close();
            }
        }
    }

    private static Void echo(SocketChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocateDirect(8);
        while (true) {
            b.clear();
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) {
                    return null;
                }
            }
            b.flip();
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    private static Void client(SocketChannel ch, AtomicLong roundTrips) throws IOException {
        ByteBuffer out = ByteBuffer.allocateDirect(8);
        ByteBuffer in = ByteBuffer.allocateDirect(8);
        while (true) {
            out.clear();
            while (out.hasRemaining()) {
                ch.write(out);
            }
            in.clear();
            while (in.hasRemaining()) {
                if (ch.read(in) < 0) {
                    return null;
                }
            }
            roundTrips.incrementAndGet();
        }
    }
}
