package io.wsnio.spi.virtual;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * JFR's allocation samples ({@code jdk.ObjectAllocationSample}: an allocation that took a new TLAB
 * or went outside one, weighted by the bytes allocated since the thread's last sample) over a
 * window of time. Kept apart from the test class, as {@link PinnedEvents} is, so that only running
 * it needs the {@code jdk.jfr} module.
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
        Path file = Files.createTempFile("wsnio-allocation", ".jfr");
        List<Sample> samples = new ArrayList<>();
        try (Recording r = new Recording()) {
            r.enable("jdk.ObjectAllocationSample").with("throttle", "1000000/s").withStackTrace();
            r.enable("io.wsnio.SocketRead").withThreshold(Duration.ofHours(1));
            r.enable("io.wsnio.SocketWrite").withThreshold(Duration.ofHours(1));
            r.start();
            Thread.sleep(window.toMillis());
            r.stop();
            r.dump(file);
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (!e.getEventType().getName().equals("jdk.ObjectAllocationSample")) {
                    continue;
                }
                List<String> frames = new ArrayList<>();
                if (e.getStackTrace() != null) {
                    for (RecordedFrame f : e.getStackTrace().getFrames()) {
                        frames.add(f.getMethod() == null ? "?" : f.getMethod().getType().getName() + "." + f.getMethod().getName());
                    }
                }
                samples.add(new Sample(e.getClass("objectClass").getName(), e.getLong("weight"), frames));
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return samples;
    }
}
