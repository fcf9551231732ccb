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

    /** A datagram from an unbound UNIX socket is delivered with the empty path as its source, as the JDK names an unnamed peer. */
    @Test
    void aDatagramFromAnUnboundSenderIsDeliveredWithTheEmptyPath() throws Exception {
        assumeTrue(!System.getProperty("os.name").startsWith("Windows"), "AF_UNIX datagrams do not exist on Windows");
        WsnioSelectorProvider wsnio = new WsnioSelectorProvider();
        Path dir = Files.createTempDirectory("wsnio-udgram");
        UnixDomainSocketAddress a = UnixDomainSocketAddress.of(dir.resolve("a"));
        try (DatagramChannel ca = wsnio.openDatagramChannel(StandardProtocolFamily.UNIX).bind(a);
             DatagramChannel unbound = wsnio.openDatagramChannel(StandardProtocolFamily.UNIX)) {
            unbound.send(ByteBuffer.wrap("anon".getBytes(StandardCharsets.US_ASCII)), a);
            ByteBuffer buf = ByteBuffer.allocate(16);
            assertEquals(UnixDomainSocketAddress.of(""), ca.receive(buf));
            assertEquals(4, buf.position(), "the datagram is delivered, not dropped");
        }
    }

    /**
     * receiveBatch truncates only to the room in each buffer: a 100 KiB UNIX datagram arrives whole
     * in a heap buffer (an internet datagram cannot exceed 64 KiB; a UNIX one can).
     */
    @Test
    void receiveBatchTakesUnixDatagramsAbove64KiBIntoHeapBuffers() throws Exception {
        assumeTrue(!System.getProperty("os.name").startsWith("Windows"), "AF_UNIX datagrams do not exist on Windows");
        WsnioSelectorProvider wsnio = new WsnioSelectorProvider();
        Path dir = Files.createTempDirectory("wsnio-udgram");
        UnixDomainSocketAddress a = UnixDomainSocketAddress.of(dir.resolve("a"));
        UnixDomainSocketAddress b = UnixDomainSocketAddress.of(dir.resolve("b"));
        try (DatagramChannel ca = wsnio.openDatagramChannel(StandardProtocolFamily.UNIX).bind(a);
             DatagramChannel cb = wsnio.openDatagramChannel(StandardProtocolFamily.UNIX).bind(b)) {
            cb.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 1 << 20);
            ca.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
            byte[] big = new byte[100 * 1024];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i * 31);
            }
            assertEquals(big.length, cb.send(ByteBuffer.wrap(big), a));
            ByteBuffer[] bufs = {ByteBuffer.allocate(128 * 1024)};
            java.net.SocketAddress[] from = new java.net.SocketAddress[1];
            assertEquals(1, ((io.wsnio.BatchDatagramChannel) ca).receiveBatch(bufs, 0, 1, from));
            assertEquals(big.length, bufs[0].position(), "not cut to 65,535 bytes");
            assertEquals(b, from[0]);
            org.junit.jupiter.api.Assertions.assertArrayEquals(big, java.util.Arrays.copyOf(bufs[0].array(), big.length));
        }
    }

    /** More than wsnio's per-thread staging buffer for heap buffers (256 KiB). */
    private static final int LARGE = 300_000;

    /** A connected pair of UNIX datagram channels whose sender may send {@link #LARGE}-byte datagrams. */
    private static DatagramChannel[] largeDatagramPair() throws Exception {
        assumeTrue(!System.getProperty("os.name").startsWith("Windows"), "AF_UNIX datagrams do not exist on Windows");
        WsnioSelectorProvider wsnio = new WsnioSelectorProvider();
        Path dir = Files.createTempDirectory("wsnio-udgram");
        UnixDomainSocketAddress a = UnixDomainSocketAddress.of(dir.resolve("a"));
        UnixDomainSocketAddress b = UnixDomainSocketAddress.of(dir.resolve("b"));
        DatagramChannel ca = wsnio.openDatagramChannel(StandardProtocolFamily.UNIX).bind(a);
        DatagramChannel cb = wsnio.openDatagramChannel(StandardProtocolFamily.UNIX).bind(b);
        ca.connect(b);
        cb.connect(a);
        cb.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 1 << 20);
        int sndbuf = cb.getOption(java.net.StandardSocketOptions.SO_SNDBUF);
        if (sndbuf - 32 < LARGE) {
            ca.close();
            cb.close();
        }
        assumeTrue(sndbuf - 32 >= LARGE, "SO_SNDBUF stays at " + sndbuf + " (net.core.wmem_max too low for a "
                + LARGE + "-byte datagram)");
        return new DatagramChannel[] {ca, cb};
    }

    private static ByteBuffer[] largeMixedBuffers() {
        return new ByteBuffer[] {ByteBuffer.allocate(140_000), ByteBuffer.allocateDirect(20_000), ByteBuffer.allocate(140_000)};
    }

    private static void fill(ByteBuffer[] bufs) {
        int k = 0;
        for (ByteBuffer buf : bufs) {
            for (int i = buf.position(); i < buf.limit(); i++) {
                buf.put(i, (byte) (k++ * 31 + 7));
            }
        }
    }

    private static void assertPattern(ByteBuffer[] bufs, int size) {
        int k = 0;
        for (ByteBuffer buf : bufs) {
            for (int i = 0; i < buf.position() && k < size; i++, k++) {
                if (buf.get(i) != (byte) (k * 31 + 7)) {
                    assertEquals((byte) (k * 31 + 7), buf.get(i), "byte " + k);
                }
            }
        }
        assertEquals(size, k, "bytes delivered");
    }

    /**
     * A datagram larger than the staging buffer wsnio copies heap buffers through arrives whole in
     * a heap buffer with room for it, by receive and by read (the JDK receives through a temporary
     * direct buffer of the whole room too); it was cut to 262,144 bytes, the rest discarded.
     */
    @Test
    void aUnixDatagramLargerThanTheStagingBufferArrivesWholeInAHeapBuffer() throws Exception {
        DatagramChannel[] pair = largeDatagramPair();
        try (DatagramChannel ca = pair[0]; DatagramChannel cb = pair[1]) {
            for (String how : new String[] {"receive", "read"}) {
                ByteBuffer src = ByteBuffer.allocate(LARGE);
                fill(new ByteBuffer[] {src});
                assertEquals(LARGE, cb.write(src));
                ByteBuffer dst = ByteBuffer.allocate(LARGE + 1000);
                if (how.equals("receive")) {
                    assertEquals(cb.getLocalAddress(), ca.receive(dst));
                } else {
                    assertEquals(LARGE, ca.read(dst));
                }
                assertEquals(LARGE, dst.position(), how + ": the whole datagram");
                assertPattern(new ByteBuffer[] {dst}, LARGE);
            }
        }
    }

    /**
     * A gathering write whose heap buffers hold more than the staging buffer is one datagram, and a
     * scattering read over such buffers takes all of one; they were two datagrams (282,144 and
     * 17,856 bytes) and a datagram cut to 282,144 bytes.
     */
    @Test
    void gatheringAndScatteringOverHeapBuffersLargerThanTheStagingBufferKeepOneDatagram() throws Exception {
        DatagramChannel[] pair = largeDatagramPair();
        try (DatagramChannel ca = pair[0]; DatagramChannel cb = pair[1]) {
            ByteBuffer[] srcs = largeMixedBuffers();
            fill(srcs);
            assertEquals(LARGE, cb.write(srcs));
            ByteBuffer dst = ByteBuffer.allocateDirect(LARGE + 1000);
            assertEquals(LARGE, ca.read(dst), "one datagram of the whole gathering write");
            ByteBuffer src = ByteBuffer.allocateDirect(LARGE);
            fill(new ByteBuffer[] {src});
            assertEquals(LARGE, cb.write(src));
            ByteBuffer[] dsts = largeMixedBuffers();
            assertEquals(LARGE, ca.read(dsts), "the whole datagram over the scattering read's buffers");
            assertPattern(dsts, LARGE);
        }
    }
}
