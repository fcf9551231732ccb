package io.wsnio.spi.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.wsnio.spi.Providers;

/**
 * UNIX-domain peer paths this JVM cannot represent: a listener in a child JVM under
 * {@code LANG=C} (sun.jnu.encoding ASCII) accepts a peer bound to a non-ASCII path. Accept may
 * refuse the address with an IOException, never with a runtime exception, and never keeps the
 * accepted descriptor. (No JDK oracle: the JDK's own accept builds the address outside the block
 * that closes the new descriptor on failure, and throws InvalidPathException.) A datagram from
 * such a sender: receive must not throw after taking it from the socket, and delivers it with
 * the unnamed address (the JDK has no UNIX datagram channel).
 */
class UnixPathEncodingTest {

    @Test
    void acceptOfAPeerPathOutsideTheJvmEncodingLeaksNoDescriptor(@TempDir Path dir) throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"),
                "needs Linux: the child counts /proc/self/fd and runs under LANG=C");
        assumeTrue("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
                "the test JVM binds the non-ASCII peer path, so its sun.jnu.encoding must be UTF-8, not "
                        + System.getProperty("sun.jnu.encoding"));
        Path listener = dir.resolve("l.sock");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of("env", "LANG=C", "LC_ALL=C", java,
                "-cp", System.getProperty("java.class.path"),
                UnixAcceptMain.class.getName(), listener.toString(), dir.resolve("d.sock").toString());
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        Map<String, String> values = new HashMap<>();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean connected = false;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
                if (line.equals("listening") && !connected) {
                    connected = true;
                    try (SocketChannel c = Providers.jdk().openSocketChannel(StandardProtocolFamily.UNIX)) {
                        c.bind(UnixDomainSocketAddress.of(dir.resolve("p\u00e9er-\u00fc.sock")));
                        c.connect(UnixDomainSocketAddress.of(listener));
                    }
                }
                if (line.equals("dgramReady")) {
                    try (DatagramChannel d = Providers.wsnio().openDatagramChannel(StandardProtocolFamily.UNIX)) {
                        d.bind(UnixDomainSocketAddress.of(dir.resolve("s\u00e9nder.sock")));
                        d.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), UnixDomainSocketAddress.of(dir.resolve("d.sock")));
                    }
                }
            }
        } finally {
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child still running:\n" + out);
            child.destroyForcibly();
        }
        assertEquals(0, child.exitValue(), out.toString());
        assertEquals("ANSI_X3.4-1968", values.get("encoding"), "LANG=C child:\n" + out);
        String failed = values.get("acceptFailed");
        if (failed != null) {
            assertFalse(failed.startsWith("java.nio.file.InvalidPathException"),
                    "accept threw a runtime exception for the peer's path:\n" + out);
        }
        assertEquals(values.get("fdsBefore"), values.get("fdsAfter"),
                "descriptors before and after the accept:\n" + out);
        assertEquals(null, values.get("receiveThrew"),
                "receive threw after taking the datagram from the socket:\n" + out);
        String received = values.get("received");
        assertTrue(received != null && received.endsWith(" bytes=3") && !received.startsWith("null "),
                "the datagram is delivered, with an address:\n" + out);
        System.out.println(out);
    }
}
