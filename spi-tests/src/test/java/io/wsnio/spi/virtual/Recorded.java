package io.wsnio.spi.virtual;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * A body of code run under a JFR recording, for {@link PinnedEvents} and {@link AllocationSamples}:
 * kept apart from the test classes so that only running them needs the {@code jdk.jfr} module (the
 * Wine lane's jlinked Windows JRE 17 has none, and test discovery reads every test class's method
 * signatures).
 */
final class Recorded {

    interface Body {
        void run() throws Exception;
    }

    private Recorded() {
    }

    /**
     * Runs {@code body} under a recording set up by {@code settings} and returns its events of
     * {@code type}: a recording also holds every event enabled by default (wsnio's own socket read
     * and write events among them, whose stacks are all wsnio frames), which are left out.
     */
    static List<RecordedEvent> events(String type, Consumer<Recording> settings, Body body) throws Exception {
        Path file = Files.createTempFile("wsnio-recorded", ".jfr");
        List<RecordedEvent> events = new ArrayList<>();
        try (Recording r = new Recording()) {
            settings.accept(r);
            r.start();
            body.run();
            r.stop();
            r.dump(file);
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (e.getEventType().getName().equals(type)) {
                    events.add(e);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return events;
    }

    /** The frames of {@code e}'s stack, top first, each named by {@code name} ("?" where a frame has no method). */
    static List<String> frames(RecordedEvent e, Function<RecordedMethod, String> name) {
        List<String> frames = new ArrayList<>();
        if (e.getStackTrace() != null) {
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                frames.add(f.getMethod() == null ? "?" : name.apply(f.getMethod()));
            }
        }
        return frames;
    }
}
