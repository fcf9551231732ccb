package io.wsnio.spi.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.testkit.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * wsnio's JFR events ({@code io.wsnio.SocketRead}, {@code io.wsnio.SocketWrite}) in a forked
 * JVM's flight recording made with the JDK's default settings: an operation that waited past the
 * 20 ms threshold is recorded with its bytes, end of stream, peer, duration, triple and protocol;
 * where the JDK records its own channels (JDK 22+), its {@code jdk.SocketRead}/{@code jdk.SocketWrite}
 * for the same program carry the same peer and byte fields (the oracle).
 */
class SocketEventsTest {

    private record Child(Map<String, String> printed, Path recording) {
    }

    private static Child run(String provider) throws Exception {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.jfr").isPresent(),
                "this runtime has no jdk.jfr module (a jlinked JRE): nothing can record");
        Path jfr = Files.createTempFile("wsnio-events", ".jfr");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=default");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(JfrEventsMain.class.getName());
        cmd.add(provider);
        ChildProcess.Result r = ChildProcess.run(cmd, 60);
        assertEquals(0, r.exit(), r::toString);
        Map<String, String> printed = new LinkedHashMap<>(r.values());
        assertEquals("OK", printed.get("done"), r::toString);
        return new Child(printed, jfr);
    }

    private static Map<String, String> one(List<Map<String, String>> events, String field, String value) {
        List<Map<String, String>> hits = events.stream().filter(e -> value.equals(e.get(field))).collect(Collectors.toList());
        assertEquals(1, hits.size(), () -> "one event with " + field + "=" + value + " in " + events);
        return hits.get(0);
    }

    @Test
    void wsnioRecordsReadsAndWritesThatWaited() throws Exception {
        Child c = run("wsnio");
        try {
            List<Map<String, String>> reads = Recordings.events(c.recording(), "io.wsnio.SocketRead");
            List<Map<String, String>> writes = Recordings.events(c.recording(), "io.wsnio.SocketWrite");
            String port = c.printed().get("tcp.port");

            Map<String, String> read = one(reads, "bytesRead", "5");
            assertEquals("127.0.0.1", read.get("address"));
            assertEquals(port, read.get("port"));
            assertEquals("false", read.get("endOfStream"));
            assertEquals("6", read.get("protocolInUse"));
            assertTrue(read.get("triple").contains("INET") && read.get("triple").contains("STREAM"), read::toString);
            assertTrue(Long.parseLong(read.get("durationMillis")) >= 100, read::toString); // the peer writes 150 ms after the read began

            Map<String, String> eof = one(reads, "endOfStream", "true");
            assertEquals("0", eof.get("bytesRead"));
            assertEquals(port, eof.get("port"));

            Map<String, String> write = one(writes, "bytesWritten", Integer.toString(JfrEventsMain.BULK));
            assertEquals(port, write.get("port"));
            assertEquals("127.0.0.1", write.get("address"));
            assertTrue(Long.parseLong(write.get("durationMillis")) >= 20, write::toString);

            if (c.printed().containsKey("unix.path")) {
                Map<String, String> unix = one(reads, "host", "Unix domain socket");
                assertEquals("[" + c.printed().get("unix.path") + "]", unix.get("address"));
                assertEquals("3", unix.get("bytesRead"));
            }
            // reads and writes that did not wait (the accept side's drain) stay under the threshold
            for (Map<String, String> e : reads) {
                assertTrue(Long.parseLong(e.get("durationMillis")) >= 20, e::toString);
            }
        } finally {
            Files.deleteIfExists(c.recording());
        }
    }

    @Test
    void theJdkRecordsTheSamePeersAndBytesForItsChannels() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 22,
                "the JDK records jdk.SocketRead/SocketWrite for its channels from JDK 22; this is " + Runtime.version());
        Child jdk = run("jdk");
        Child wsnio = run("wsnio");
        try {
            for (String[] kind : new String[][] {{"SocketRead", "bytesRead", "5"},
                    {"SocketWrite", "bytesWritten", Integer.toString(JfrEventsMain.BULK)}}) {
                Map<String, String> j = one(Recordings.events(jdk.recording(), "jdk." + kind[0]), kind[1], kind[2]);
                Map<String, String> w = one(Recordings.events(wsnio.recording(), "io.wsnio." + kind[0]), kind[1], kind[2]);
                for (String f : new String[] {"host", "address"}) {
                    assertEquals(j.get(f), w.get(f), kind[0] + "." + f + ": jdk " + j + " wsnio " + w);
                }
                assertEquals(jdk.printed().get("tcp.port"), j.get("port"));
                assertEquals(wsnio.printed().get("tcp.port"), w.get("port"));
            }
        } finally {
            Files.deleteIfExists(jdk.recording());
            Files.deleteIfExists(wsnio.recording());
        }
    }
}
