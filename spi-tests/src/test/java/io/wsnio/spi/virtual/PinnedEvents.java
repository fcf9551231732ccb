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
 * The {@code jdk.VirtualThreadPinned} events of a JFR recording around a body of code. Kept apart
 * from the test class so that only running it needs the {@code jdk.jfr} module (the Wine lane's
 * jlinked Windows JRE has none, and test discovery reads every test class's method signatures).
 */
final class PinnedEvents {

    /** One event: the types of its stack frames, top first, and its text. */
    record Pinned(List<String> frameTypes, String text) {
        boolean hasFrameOf(String typePrefix) {
            return frameTypes.stream().anyMatch(t -> t.startsWith(typePrefix));
        }
    }

    interface Body {
        void run() throws Exception;
    }

    private PinnedEvents() {
    }

    /** Runs {@code body} under a recording of pinning (threshold 0, with stacks); returns the events. */
    static List<Pinned> during(Body body) throws Exception {
        Path file = Files.createTempFile("wsnio-pinning", ".jfr");
        List<Pinned> pinned = new ArrayList<>();
        try (Recording r = new Recording()) {
            r.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            r.start();
            body.run();
            r.stop();
            r.dump(file);
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                // a recording also holds every event enabled by default, e.g. wsnio's own socket
                // read and write events (JfrSocketEvents), whose stacks are all wsnio frames
                if (!e.getEventType().getName().equals("jdk.VirtualThreadPinned")) {
                    continue;
                }
                List<String> types = new ArrayList<>();
                if (e.getStackTrace() != null) {
                    for (RecordedFrame f : e.getStackTrace().getFrames()) {
                        types.add(f.getMethod() == null ? "" : f.getMethod().getType().getName());
                    }
                }
                pinned.add(new Pinned(types, e.toString()));
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return pinned;
    }
}
