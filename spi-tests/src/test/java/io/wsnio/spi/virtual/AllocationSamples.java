package io.wsnio.spi.virtual;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;

/**
 * JFR's allocation samples ({@code jdk.ObjectAllocationSample}: an allocation that took a new TLAB
 * or went outside one, weighted by the bytes allocated since the thread's last sample) over a
 * window of time ({@link Recorded}).
 */
final class AllocationSamples {

    /** One sample: the class allocated, the bytes it stands for, the stack's frames (type.method), top first. */
    record Sample(String type, long weight, List<String> frames) {
        /**
         * The first frame of a provider class ({@code io.wsnio}, not the tests' {@code io.wsnio.spi}),
         * or null when there is none or the allocation is the scheduler's: a {@code VirtualThread}
         * frame above the provider's (a poller's {@code LockSupport.unpark} of a waiter).
         */
        String providerFrame() {
            for (String f : frames) {
                if (f.startsWith("java.lang.VirtualThread.")) {
                    return null;
                }
                if (f.startsWith("io.wsnio.") && !f.startsWith("io.wsnio.spi.")) {
                    return f;
                }
            }
            return null;
        }

        /** True when the scheduler made it (a {@code VirtualThread} frame on the stack). */
        boolean scheduler() {
            return frames.stream().anyMatch(f -> f.startsWith("java.lang.VirtualThread."));
        }

        @Override
        public String toString() {
            return type + " " + weight + " B at " + String.join(" <- ", frames.subList(0, Math.min(5, frames.size())));
        }
    }

    private AllocationSamples() {
    }

    /**
     * Samples every allocation for {@code window}. wsnio's socket events stay enabled with a
     * threshold of an hour: every read and write begins and ends its event and none commits (a
     * commit formats the peer's address, an allocation that is the event's purpose).
     */
    static List<Sample> during(Duration window) throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (RecordedEvent e : Recorded.events("jdk.ObjectAllocationSample", r -> {
            r.enable("jdk.ObjectAllocationSample").with("throttle", "1000000/s").withStackTrace();
            r.enable("io.wsnio.SocketRead").withThreshold(Duration.ofHours(1));
            r.enable("io.wsnio.SocketWrite").withThreshold(Duration.ofHours(1));
        }, () -> Thread.sleep(window.toMillis()))) {
            samples.add(new Sample(e.getClass("objectClass").getName(), e.getLong("weight"),
                    Recorded.frames(e, m -> m.getType().getName() + "." + m.getName())));
        }
        return samples;
    }
}
