package io.wsnio.spi.jfr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a recording's socket events into plain maps, so the test class names no {@code jdk.jfr}
 * type (the Wine lane's jlinked JRE has no jdk.jfr, and test discovery reads every test class's
 * method signatures).
 */
final class Recordings {
    private Recordings() {
    }

    /** Every event named {@code name}: its fields as strings, plus "durationMillis". */
    static List<Map<String, String>> events(Path file, String name) throws Exception {
        List<Map<String, String>> out = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals(name)) {
                continue;
            }
            Map<String, String> m = new TreeMap<>();
            e.getFields().forEach(f -> {
                if (!f.getName().equals("stackTrace") && !f.getName().equals("eventThread")) {
                    m.put(f.getName(), String.valueOf((Object) e.getValue(f.getName())));
                }
            });
            m.put("durationMillis", Long.toString(e.getDuration().toMillis()));
            out.add(m);
        }
        return out;
    }
}
