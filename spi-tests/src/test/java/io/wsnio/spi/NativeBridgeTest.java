package io.wsnio.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.WsnioSelectorProvider;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Which libc bridge the POSIX backend runs on: java.lang.foreign (the multi-release jar's
 * META-INF/versions/22 class, the default) on JDK 22 and later, JNA direct mapping on JDK 17-21
 * and with -Dwsnio.posix.bridge=jna. The contract suites of this module run on the provider's jar,
 * so on a JDK 22+ build (the CI's JDK 25 lane) they exercise the foreign bridge; this test proves
 * that against the bridge the lane expects ({@code wsnio.test.expectBridge}, mapped from the Maven
 * property {@code wsnio.spi.expectBridge}; when unset, the default for this runtime and jar), and
 * that errno comes through the bridge intact.
 */
class NativeBridgeTest {

    private static WsnioSelectorProvider provider() {
        return (WsnioSelectorProvider) Providers.wsnio();
    }

    private static void assumePosix() {
        Assumptions.assumeTrue(provider().backendName().startsWith("posix"),
                "the libc bridge belongs to the POSIX backend; this is " + provider().backendName());
    }

    @Test
    void theBridgeIsTheOneThisRuntimeAndJarCallFor() throws Exception {
        assumePosix();
        Path from = Path.of(WsnioSelectorProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        boolean foreignInJar = false;
        if (from.toString().endsWith(".jar")) {
            try (JarFile jar = new JarFile(from.toFile())) {
                foreignInJar = jar.isMultiRelease()
                        && jar.getEntry("META-INF/versions/22/io/wsnio/backend/posix/LibC.class") != null;
            }
        }
        // what the lane expects (.ci/run: -Dwsnio.spi.expectBridge=jna on JDK 17, ffm on JDK 25), not
        // what the provider itself reads to choose: a bridge chosen wrongly must fail here
        String expected = System.getProperty("wsnio.test.expectBridge", "");
        if (expected.isBlank()) { // no lane says: the documented default for this runtime and jar
            boolean jnaAskedFor = "jna".equals(System.getProperty("wsnio.posix.bridge"));
            expected = Runtime.version().feature() >= 22 && foreignInJar && !jnaAskedFor ? "ffm" : "jna";
        }
        assertEquals("posix-epoll-" + expected, provider().backendName(),
                "provider loaded from " + from + " on Java " + Runtime.version() + ", wsnio.posix.bridge="
                        + System.getProperty("wsnio.posix.bridge") + ", wsnio.test.expectBridge="
                        + System.getProperty("wsnio.test.expectBridge"));
        if (Runtime.version().feature() >= 22 && from.toString().endsWith(".jar")) {
            assertTrue(foreignInJar, from + " was built without the JDK 22 bridge (built by a JDK before 22?)");
        }
    }

    @Test
    void errnoComesThroughTheBridge() throws Exception {
        assumePosix();
        // ECONNREFUSED from connect(2) and from a connected UDP socket's recv (ICMP port unreachable)
        int port;
        try (DatagramChannel probe = provider().openDatagramChannel()) {
            probe.bind(new InetSocketAddress(TestNet.LOOPBACK4, 0));
            port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        try (SocketChannel c = provider().openSocketChannel()) {
            java.net.ConnectException e = org.junit.jupiter.api.Assertions.assertThrows(java.net.ConnectException.class,
                    () -> c.connect(new InetSocketAddress(TestNet.LOOPBACK4, port)));
            assertTrue(e.getMessage().contains("ECONNREFUSED") || e.getMessage().contains("refused"), e.getMessage());
        }
        try (DatagramChannel d = provider().openDatagramChannel()) {
            d.connect(new InetSocketAddress(TestNet.LOOPBACK4, port));
            d.write(ByteBuffer.wrap(new byte[] {1}));
            d.configureBlocking(false);
            long deadline = System.nanoTime() + 5_000_000_000L;
            java.net.PortUnreachableException seen = null;
            while (seen == null && System.nanoTime() < deadline) {
                try {
                    d.read(ByteBuffer.allocateDirect(8));
                    Thread.sleep(5);
                } catch (java.net.PortUnreachableException e) {
                    seen = e;
                }
            }
            assertTrue(seen != null, "no PortUnreachableException from the ICMP error (errno ECONNREFUSED)");
        }
    }
}
