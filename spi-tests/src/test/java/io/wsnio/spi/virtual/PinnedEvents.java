package io.wsnio.spi.virtual;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;

/**
 * The {@code jdk.VirtualThreadPinned} events of a JFR recording around a body of code
 * ({@link Recorded}).
 */
final class PinnedEvents {

    /** One event: the types of its stack frames, top first, and its text. */
    record Pinned(List<String> frameTypes, String text) {
        boolean hasFrameOf(String typePrefix) {
            return frameTypes.stream().anyMatch(t -> t.startsWith(typePrefix));
        }
    }

    private PinnedEvents() {
    }

    /** Runs {@code body} under a recording of pinning (threshold 0, with stacks); returns the events. */
    static List<Pinned> during(Recorded.Body body) throws Exception {
        List<Pinned> pinned = new ArrayList<>();
        for (RecordedEvent e : Recorded.events("jdk.VirtualThreadPinned",
                r -> r.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace(), body)) {
            pinned.add(new Pinned(Recorded.frames(e, m -> m.getType().getName()), e.toString()));
        }
        return pinned;
    }
}
