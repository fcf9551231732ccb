package io.wsnio.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsnio.WsnioSelectorProvider;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * UNIX-domain datagram channels: a deliberate difference, the JDK has none
 * ({@code openDatagramChannel(UNIX)} throws), wsnio opens (UNIX, DGRAM) like any other triple.
 */
class UnixDatagramTest {

    @Test
    void theJdkHasNoUnixDatagramChannel() {
        assumeTrue(!System.getProperty("os.name").startsWith("Windows"), "AF_UNIX datagrams do not exist on Windows");
        SelectorProvider jdk = Providers.jdk();
        assertThrows(UnsupportedOperationException.class, () -> jdk.openDatagramChannel(StandardProtocolFamily.UNIX));
    }

    @Test
    void wsnioExchangesUnixDatagramsWithTheSourceAddressThroughASelector() throws Exception {
        assumeTrue(!System.getProperty("os.name").startsWith("Windows"), "AF_UNIX datagrams do not exist on Windows");
        WsnioSelectorProvider wsnio = new WsnioSelectorProvider();
        Path dir = Files.createTempDirectory("wsnio-udgram");
        UnixDomainSocketAddress a = UnixDomainSocketAddress.of(dir.resolve("a"));
        UnixDomainSocketAddress b = UnixDomainSocketAddress.of(dir.resolve("b"));
        try (DatagramChannel ca = wsnio.openDatagramChannel(StandardProtocolFamily.UNIX).bind(a);
             DatagramChannel cb = wsnio.openDatagramChannel(StandardProtocolFamily.UNIX).bind(b);
             Selector sel = wsnio.openSelector()) {
            ca.configureBlocking(false).register(sel, SelectionKey.OP_READ);
            cb.send(ByteBuffer.wrap("one".getBytes(StandardCharsets.US_ASCII)), a);
            cb.send(ByteBuffer.wrap("second".getBytes(StandardCharsets.US_ASCII)), a);
            assertEquals(1, sel.select(5000));
            ByteBuffer buf = ByteBuffer.allocate(16);
            assertEquals(b, ca.receive(buf));
            assertEquals(3, buf.position(), "message boundaries are kept");
            buf.clear();
            assertEquals(b, ca.receive(buf));
            assertEquals(6, buf.position());
        }
    }
}
