package io.wsnio.spi.frameworks;

import io.wsnio.testkit.Require;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.spi.frameworks.ForkedChild.Mode;
import io.wsnio.spi.frameworks.ForkedChild.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Protocol selection without code changes: {@code wsnio.stream.protocol} and
 * {@code wsnio.datagram.protocol} change what a framework's plain {@code open()} calls create,
 * checked by the protocol the kernel reports (SO_PROTOCOL) for every socket wsnio opened or
 * accepted ({@code -Dwsnio.statistics.protocols=true}); and {@code wsnio.protocol.fallback}
 * decides what a refused protocol does.
 */
class ProtocolSelectionTest {

    /** A protocol number Linux refuses for both SOCK_STREAM and SOCK_DGRAM (EPROTONOSUPPORT). */
    private static final String REFUSED = "253";
    private static final List<String> TALLY = List.of("-Dwsnio.statistics.protocols=true");

    @BeforeAll
    static void linuxOnly() {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"),
                "protocol selection tests use Linux's MPTCP and UDP-Lite");
    }

    /** {@code accepted:262=50 server:262=1} as a map. */
    private static Map<String, Long> protocols(Result r) {
        Map<String, Long> m = new LinkedHashMap<>();
        Matcher mt = Pattern.compile("(\\w+:\\w+)=(\\d+)").matcher(r.get("protocols"));
        while (mt.find()) {
            m.put(mt.group(1), Long.parseLong(mt.group(2)));
        }
        return m;
    }

    private static List<String> jvm(String... args) {
        List<String> l = new java.util.ArrayList<>(TALLY);
        l.addAll(List.of(args));
        return l;
    }

    private static long warnings(Result r) {
        return r.output().lines().filter(l -> l.startsWith("WARNING:") && l.contains("wsnio.protocol.fallback")).count();
    }

    @Test
    void mptcpByPropertyServesJdkHttpClientAndServer() throws Exception {
        Require.capability("mptcp", mptcpEnabled(), "MPTCP is off here (net.mptcp.enabled is not 1)");
        Result r = ForkedChild.run("JdkHttpMain", Mode.PROVIDER_FLAG, jvm("-Dwsnio.stream.protocol=mptcp"), "50")
                .assertOk();
        assertEquals(50, r.number("responses"), r.output());
        Map<String, Long> p = protocols(r);
        // every socket the framework opened or accepted is MPTCP (262) by the kernel's word
        assertEquals(Long.valueOf(1), p.get("server:262"), r.output());
        assertEquals(r.number("sockets"), p.getOrDefault("stream:262", 0L), r.output());
        assertTrue(p.getOrDefault("accepted:262", 0L) > 0, r.output());
        assertEquals(List.of(), p.keySet().stream().filter(k -> !k.endsWith(":262")).toList(), r.output());
    }

    @Test
    void udpliteByPropertyServesNettyUdp() throws Exception {
        Result r = ForkedChild.run("NettyUdpMain", Mode.SERVICES_JAR, jvm("-Dwsnio.datagram.protocol=udplite"),
                "50").assertOk();
        assertEquals(50, r.number("answered"), r.output());
        assertEquals(Map.of("datagram:136", 2L), protocols(r), r.output());
    }

    @Test
    void withoutPropertiesTheProtocolsArePlainTcpAndUdp() throws Exception {
        Result r = ForkedChild.run("JdkHttpMain", Mode.SERVICES_JAR, TALLY, "5").assertOk();
        Map<String, Long> p = protocols(r);
        assertEquals(Long.valueOf(1), p.get("server:6"), r.output());
        assertEquals(List.of(), p.keySet().stream().filter(k -> !k.endsWith(":6")).toList(), r.output());
    }

    @Test
    void refusedStreamProtocolFailsByDefaultNamingTheTripleAndThePolicy() throws Exception {
        Result r = ForkedChild.run("JdkHttpMain", Mode.PROVIDER_FLAG, jvm("-Dwsnio.stream.protocol=" + REFUSED), "5");
        assertNotEquals(0, r.exitCode(), r.output());
        assertFalse(r.values().containsKey("result"), r.output());
        String out = r.output();
        assertTrue(out.contains("io.wsnio.SocketCreationException: socket (INET"), out);
        assertTrue(out.contains("STREAM, " + REFUSED + ") = socket(") && out.contains(" refused: EPROTONOSUPPORT"), out);
        assertTrue(out.contains("-Dwsnio.stream.protocol=" + REFUSED + "; -Dwsnio.protocol.fallback=warn falls back to tcp"), out);
        assertEquals(0, warnings(r), out);
    }

    @Test
    void refusedStreamProtocolFallsBackToTcpWithOneWarning() throws Exception {
        Result r = ForkedChild.run("JdkHttpMain", Mode.PROVIDER_FLAG,
                jvm("-Dwsnio.stream.protocol=" + REFUSED, "-Dwsnio.protocol.fallback=warn"), "20").assertOk();
        assertEquals(20, r.number("responses"), r.output());
        Map<String, Long> p = protocols(r);
        assertEquals(Long.valueOf(1), p.get("server:6"), r.output());
        assertTrue(p.getOrDefault("accepted:6", 0L) > 0, r.output());
        assertEquals(List.of(), p.keySet().stream().filter(k -> !k.endsWith(":6")).toList(), r.output());
        // more than twenty refusals in this JVM, one warning
        assertEquals(1, warnings(r), r.output());
        assertTrue(r.output().contains("STREAM, " + REFUSED + ") = socket(") && r.output().contains(" refused: EPROTONOSUPPORT"), r.output());
    }

    @Test
    void refusedDatagramProtocolFailsByDefault() throws Exception {
        Result r = ForkedChild.run("NettyUdpMain", Mode.SERVICES_JAR, jvm("-Dwsnio.datagram.protocol=" + REFUSED),
                "10");
        assertNotEquals("OK", r.values().get("result"), r.output());
        String out = r.output();
        assertTrue(out.contains("io.wsnio.SocketCreationException: socket (INET"), out);
        assertTrue(out.contains("DGRAM, " + REFUSED + ") = socket(") && out.contains(" refused: EPROTONOSUPPORT"), out);
        assertTrue(out.contains("falls back to udp"), out);
        assertEquals(0, warnings(r), out);
    }

    @Test
    void refusedDatagramProtocolFallsBackToUdpWithOneWarning() throws Exception {
        Result r = ForkedChild.run("NettyUdpMain", Mode.SERVICES_JAR,
                jvm("-Dwsnio.datagram.protocol=" + REFUSED, "-Dwsnio.stream.protocol=" + REFUSED,
                        "-Dwsnio.protocol.fallback=warn"), "20").assertOk();
        assertEquals(20, r.number("answered"), r.output());
        assertEquals(Map.of("datagram:17", 2L), protocols(r), r.output());
        assertEquals(1, warnings(r), r.output());
    }

    private static boolean mptcpEnabled() {
        try {
            return Files.readString(Path.of("/proc/sys/net/mptcp/enabled")).trim().equals("1");
        } catch (IOException e) {
            return false;
        }
    }
}
