package io.wsnio.spi.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsnio.BatchDatagramChannel;
import io.wsnio.WsnioSelectorProvider;
import io.wsnio.WsnioSocketOptions;
import io.wsnio.testkit.SteadyState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * wsnio's BatchDatagramChannel: batches (Linux sendmmsg/recvmmsg; Winsock a sendto/recvfrom loop in
 * one backend call), segmentation offload (UDP_SEGMENT; UDP_SEND_MSG_SIZE) and coalesced receive
 * (UDP_GRO; UDP_RECV_MAX_COALESCED_SIZE). Runs on Linux and in the Wine lane, where the offload
 * tests check that Wine's refusal is reported, not silently worked around.
 */
class BatchDatagramTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final boolean WINE = Boolean.getBoolean("wsnio.test.wine");
    private final WsnioSelectorProvider wsnio = new WsnioSelectorProvider();
    private final List<DatagramChannel> open = new ArrayList<>();

    @BeforeEach
    void supportedPlatform() {
        String os = System.getProperty("os.name", "");
        assumeTrue(os.startsWith("Linux") || os.startsWith("Windows"), "wsnio has no backend for " + os);
    }

    @AfterEach
    void closeAll() throws IOException {
        for (DatagramChannel c : open) {
            c.close();
        }
    }

    private DatagramChannel udp(SelectorProvider p) throws IOException {
        DatagramChannel c = p.openDatagramChannel(StandardProtocolFamily.INET);
        open.add(c);
        c.bind(new InetSocketAddress(LOOPBACK, 0));
        return c;
    }

    private static BatchDatagramChannel batch(DatagramChannel c) {
        assertTrue(c instanceof BatchDatagramChannel, c.getClass().getName());
        return (BatchDatagramChannel) c;
    }

    private static ByteBuffer packet(int i, int size, boolean direct) {
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        for (int k = 0; k < size; k++) {
            b.put((byte) (i * 31 + k));
        }
        return b.flip();
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate().flip();
        byte[] a = new byte[d.remaining()];
        d.get(a);
        return a;
    }

    private static byte[] expected(int i, int size) {
        return bytes(packet(i, size, false).position(size));
    }

    private static ByteBuffer[] buffers(int n, int size, boolean direct) {
        ByteBuffer[] b = new ByteBuffer[n];
        for (int i = 0; i < n; i++) {
            b[i] = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        }
        return b;
    }

    /** Receives until {@code want} datagrams have arrived (blocking receiveBatch calls). */
    private static int receiveAll(BatchDatagramChannel rx, ByteBuffer[] bufs, SocketAddress[] sources, int want)
            throws IOException {
        int got = 0;
        int calls = 0;
        while (got < want) {
            int n = rx.receiveBatch(bufs, got, want - got, sources);
            assertTrue(n >= 1, "a blocking receiveBatch returned " + n);
            got += n;
            calls++;
        }
        return calls;
    }

    @Test
    void batchOf64WithContentsAndSources() throws IOException {
        for (boolean direct : new boolean[] {true, false}) {
            DatagramChannel tx = udp(wsnio);
            DatagramChannel rx = udp(wsnio);
            ByteBuffer[] out = new ByteBuffer[64];
            for (int i = 0; i < 64; i++) {
                out[i] = packet(i, 16 + i, direct);
            }
            assertEquals(64, batch(tx).sendBatch(out, 0, 64, rx.getLocalAddress()));
            for (ByteBuffer b : out) {
                assertEquals(0, b.remaining(), "a sent packet's position moves to its limit");
            }
            ByteBuffer[] in = buffers(64, 2048, direct);
            SocketAddress[] from = new SocketAddress[64];
            receiveAll(batch(rx), in, from, 64);
            for (int i = 0; i < 64; i++) {
                assertArrayEquals(expected(i, 16 + i), bytes(in[i]), "datagram " + i + " (direct=" + direct + ")");
                assertEquals(tx.getLocalAddress(), from[i], "source of datagram " + i);
            }
        }
    }

    @Test
    void equalSizeBatchArrivesAsSeparateDatagramsAtAJdkChannel() throws IOException {
        // 63 x 64 B and a shorter last one: wsnio sends these as one UDP_SEGMENT send where it can
        DatagramChannel tx = udp(wsnio);
        DatagramChannel rx = udp(SelectorProvider.provider());
        ByteBuffer[] out = new ByteBuffer[64];
        for (int i = 0; i < 64; i++) {
            out[i] = packet(i, i == 63 ? 10 : 64, i % 2 == 0);
        }
        assertEquals(64, batch(tx).sendBatch(out, 0, 64, rx.getLocalAddress()));
        ByteBuffer in = ByteBuffer.allocate(65536);
        for (int i = 0; i < 64; i++) {
            in.clear();
            assertEquals(tx.getLocalAddress(), rx.receive(in));
            assertArrayEquals(expected(i, i == 63 ? 10 : 64), bytes(in), "datagram " + i);
        }
    }

    @Test
    void connectedBatchWithNullTargetAndTruncation() throws IOException {
        DatagramChannel tx = udp(wsnio);
        DatagramChannel rx = udp(wsnio);
        assertThrows(NotYetConnectedException.class,
                () -> batch(tx).sendBatch(new ByteBuffer[] {packet(0, 8, true)}, 0, 1, null));
        tx.connect(rx.getLocalAddress());
        assertEquals(3, batch(tx).sendBatch(new ByteBuffer[] {packet(0, 100, true), packet(1, 10, true),
                packet(2, 100, false)}, 0, 3, null));
        ByteBuffer[] in = buffers(3, 50, true);
        receiveAll(batch(rx), in, null, 3);
        assertArrayEquals(java.util.Arrays.copyOf(expected(0, 100), 50), bytes(in[0]), "truncated to the buffer");
        assertArrayEquals(expected(1, 10), bytes(in[1]));
        assertEquals(50, in[2].position());
    }

    @Test
    void partialBatches() throws IOException {
        DatagramChannel tx = udp(wsnio);
        DatagramChannel rx = udp(wsnio);
        ByteBuffer[] out = new ByteBuffer[40];
        for (int i = 0; i < 40; i++) {
            out[i] = packet(i, 32, true);
        }
        assertEquals(10, batch(tx).sendBatch(out, 10, 10, rx.getLocalAddress()));
        for (int i = 0; i < 40; i++) {
            assertEquals(i >= 10 && i < 20 ? 0 : 32, out[i].remaining(), "packet " + i);
        }
        ByteBuffer[] in = buffers(20, 64, true);
        SocketAddress[] from = new SocketAddress[20];
        // 4 of the 10 into the middle of the arrays, then the rest
        int first = 0;
        while (first == 0) {
            first = batch(rx).receiveBatch(in, 5, 4, from);
        }
        assertTrue(first <= 4);
        int got = first;
        while (got < 10) {
            got += batch(rx).receiveBatch(in, 5 + got, 10 - got, from);
        }
        for (int i = 0; i < 20; i++) {
            if (i >= 5 && i < 15) {
                assertArrayEquals(expected(10 + i - 5, 32), bytes(in[i]), "buffer " + i);
                assertEquals(tx.getLocalAddress(), from[i]);
            } else {
                assertEquals(0, in[i].position(), "buffer " + i + " untouched");
                assertNull(from[i]);
            }
        }
    }

    @Test
    void nonBlockingReceiveBatchReturnsZero() throws IOException {
        DatagramChannel rx = udp(wsnio);
        rx.configureBlocking(false);
        ByteBuffer[] in = buffers(8, 64, true);
        assertEquals(0, batch(rx).receiveBatch(in, 0, 8, new SocketAddress[8]));
        assertEquals(0, in[0].position());
        DatagramChannel tx = udp(wsnio);
        tx.send(packet(7, 20, true), rx.getLocalAddress());
        tx.send(packet(8, 20, true), rx.getLocalAddress());
        int n = 0;
        for (int spin = 0; spin < 1000 && n < 2; spin++) {
            n += batch(rx).receiveBatch(in, n, 8 - n, null);
        }
        assertEquals(2, n);
        assertEquals(0, batch(rx).receiveBatch(in, 2, 6, null), "only what is queued is taken");
    }

    /**
     * The per-thread allocation counter, in a class of its own: the Wine lane's JRE has no
     * java.management, and JUnit's discovery drops a test class that names its types in any method
     * signature (a lambda capturing the bean would), silently.
     */
    private static final class Allocation {
        static com.sun.management.ThreadMXBean mx() {
            return (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        }

        private static final com.sun.management.ThreadMXBean BEAN = mx();

        static long bytes() {
            return BEAN.getCurrentThreadAllocatedBytes();
        }
    }

    /**
     * Runs in a JVM of its own (the {@code allocation} group, spi-tests/pom.xml). The batch calls
     * take the buffers' addresses from the channel's {@code KnownBuffers} when the same buffers
     * come back in the same places, so no {@code MemorySegment.ofBuffer} (JDK 22+) is left for C2 to
     * remove; ArenaBuffersThenDirectAllocationTest measures this loop after polluting that method's
     * profile (docs/architecture.md).
     */
    @Test
    @org.junit.jupiter.api.Tag("allocation")
    void noAllocationPerCallOnDirectBuffers() throws IOException {
        com.sun.management.ThreadMXBean mx;
        try {
            mx = Allocation.mx();
        } catch (LinkageError e) {
            assumeTrue(false, "this runtime has no java.management/jdk.management (the Wine lane's jlinked JRE): " + e);
            throw e;
        }
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "no per-thread allocation counter");
        DatagramChannel tx = udp(wsnio);
        DatagramChannel rx = udp(wsnio);
        tx.connect(rx.getLocalAddress());
        ByteBuffer[] out = buffers(16, 64, true);
        ByteBuffer[] in = buffers(16, 64, true);
        BatchDatagramChannel btx = batch(tx);
        BatchDatagramChannel brx = batch(rx);
        // warm-up rounds, then measured rounds of as many send+receive pairs until one allocates nothing
        int pairs = 20_000;
        long[] rounds;
        try {
            rounds = SteadyState.measure(2, () -> {
                long before = Allocation.bytes();
                for (int r = 0; r < pairs; r++) {
                    for (ByteBuffer b : out) {
                        b.clear();
                    }
                    for (ByteBuffer b : in) {
                        b.clear();
                    }
                    int sent = btx.sendBatch(out, 0, 16, null);
                    int got = 0;
                    while (got < sent) {
                        got += brx.receiveBatch(in, got, sent - got, null);
                    }
                }
                return Allocation.bytes() - before;
            });
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        SteadyState.assertAllocatesNothing(rounds, pairs + " sendBatch+receiveBatch pairs");
    }

    @Test
    void segmentationOffloadArrivesAsSeparateDatagramsAtAJdkChannel() throws IOException {
        DatagramChannel tx = udp(wsnio);
        DatagramChannel rx = udp(SelectorProvider.provider());
        int seg = 1200;
        int total = 9 * seg + 200;
        ByteBuffer src = packet(3, total, true);
        int n;
        try {
            n = batch(tx).sendSegmented(src, seg, rx.getLocalAddress());
        } catch (UnsupportedOperationException e) {
            abortWhereOffloadIsAbsent(4, 18, "UDP_SEGMENT", e);
            throw e;
        }
        assertEquals(total, n);
        assertEquals(0, src.remaining());
        byte[] all = expected(3, total);
        ByteBuffer in = ByteBuffer.allocate(65536);
        for (int i = 0; i < 10; i++) {
            in.clear();
            assertEquals(tx.getLocalAddress(), rx.receive(in));
            int len = i < 9 ? seg : 200;
            assertEquals(len, in.position(), "segment " + i);
            assertArrayEquals(java.util.Arrays.copyOfRange(all, i * seg, i * seg + len), bytes(in), "segment " + i);
        }
        // heap source, connected, no target
        tx.connect(rx.getLocalAddress());
        assertEquals(2 * seg, batch(tx).sendSegmented(packet(4, 2 * seg, false), seg, null));
        for (int i = 0; i < 2; i++) {
            in.clear();
            rx.receive(in);
            assertEquals(seg, in.position());
        }
    }

    @Test
    void groReceivesCoalescedData() throws IOException {
        DatagramChannel tx = udp(wsnio);
        DatagramChannel rx = udp(wsnio);
        assertTrue(rx.supportedOptions().contains(WsnioSocketOptions.UDP_GRO), "UDP_GRO is offered on a UDP channel");
        try {
            rx.setOption(WsnioSocketOptions.UDP_GRO, true);
        } catch (IOException e) {
            abortWhereOffloadIsAbsent(5, 0, "UDP_GRO", e);
            throw e;
        }
        assertEquals(true, rx.getOption(WsnioSocketOptions.UDP_GRO));
        int seg = 1000;
        int total = 8 * seg;
        try {
            batch(tx).sendSegmented(packet(5, total, true), seg, rx.getLocalAddress());
        } catch (UnsupportedOperationException e) {
            abortWhereOffloadIsAbsent(4, 18, "UDP_SEGMENT", e);
            throw e;
        }
        ByteBuffer in = ByteBuffer.allocateDirect(65536);
        assertEquals(tx.getLocalAddress(), rx.receive(in));
        assertEquals(total, in.position(), "one coalesced datagram of " + total + " bytes (Linux 5.0+ passes a"
                + " segmented send to a UDP_GRO socket on loopback whole)");
        assertArrayEquals(expected(5, total), bytes(in));
        assertEquals(seg, batch(rx).lastSegmentSize(), "the UDP_GRO control message's segment size");
        // a single ordinary datagram is not coalesced
        tx.send(packet(6, 300, true), rx.getLocalAddress());
        in.clear();
        rx.receive(in);
        assertEquals(300, in.position());
        assertEquals(0, batch(rx).lastSegmentSize());
    }

    /**
     * The coalescing report survives other ancillary data on the socket. UDP puts the socket-level
     * control messages (here SO_TIMESTAMPING's 64 bytes and SO_TIMESTAMPNS's 32) before UDP_GRO
     * and the IP-level ones (IP_PKTINFO, IP_RECVTTL, IP_RECVTOS) after it: in the 64-byte control
     * area wsnio used to pass, the kernel dropped the UDP_GRO message (MSG_CTRUNC) and a coalesced
     * 8,000-byte datagram read as a single one (segment size 0). The options are Linux's numbers.
     */
    @Test
    void groReportSurvivesOtherAncillaryData() throws IOException {
        assumeTrue(System.getProperty("os.name", "").startsWith("Linux"),
                "sets Linux's SO_TIMESTAMPING, SO_TIMESTAMPNS, IP_PKTINFO, IP_RECVTTL and IP_RECVTOS by number");
        DatagramChannel tx = udp(wsnio);
        DatagramChannel rx = udp(wsnio);
        try {
            rx.setOption(WsnioSocketOptions.UDP_GRO, true);
        } catch (IOException e) {
            abortWhereOffloadIsAbsent(5, 0, "UDP_GRO", e);
            throw e;
        }
        int solSocket = 1, soTimestampNs = 35, soTimestamping = 37, solIp = 0, ipPktinfo = 8, ipRecvTtl = 12, ipRecvTos = 13;
        int rxSoftware = 1 << 3, software = 1 << 4;
        rx.setOption(WsnioSocketOptions.raw(solSocket, soTimestamping), intBytes(rxSoftware | software));
        rx.setOption(WsnioSocketOptions.raw(solSocket, soTimestampNs), intBytes(1));
        for (int name : new int[] {ipPktinfo, ipRecvTtl, ipRecvTos}) {
            rx.setOption(WsnioSocketOptions.raw(solIp, name), intBytes(1));
        }
        int seg = 1000;
        int total = 8 * seg;
        try {
            batch(tx).sendSegmented(packet(7, total, true), seg, rx.getLocalAddress());
        } catch (UnsupportedOperationException e) {
            abortWhereOffloadIsAbsent(4, 18, "UDP_SEGMENT", e);
            throw e;
        }
        ByteBuffer in = ByteBuffer.allocateDirect(65536);
        assertEquals(tx.getLocalAddress(), rx.receive(in));
        assertEquals(total, in.position(), "one coalesced datagram");
        assertArrayEquals(expected(7, total), bytes(in));
        assertEquals(seg, batch(rx).lastSegmentSize(), "the UDP_GRO report, not dropped for lack of control room");
    }

    private static byte[] intBytes(int v) {
        return ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(v).array();
    }

    /**
     * Aborts when the stack has no such offload: Wine 8.0 (refusedSegmentationOffloadThrowsAndSendsNothing
     * and refusedCoalescedReceiveNamesTheError check how it refuses) or a Linux kernel before
     * {@code major.minor}. Elsewhere the refusal is wsnio's and fails the test.
     */
    private static void abortWhereOffloadIsAbsent(int major, int minor, String option, Exception e) {
        boolean linux = System.getProperty("os.name", "").startsWith("Linux");
        if (WINE) {
            org.junit.jupiter.api.Assumptions.abort("Wine 8.0 has no UDP segmentation offload or coalesced receive: "
                    + e.getMessage());
        }
        if (linux && !io.wsnio.testkit.Require.linuxKernelAtLeast(major, minor)) {
            org.junit.jupiter.api.Assumptions.abort(option + " needs Linux " + major + "." + minor + "+; this is "
                    + System.getProperty("os.version") + ": " + e.getMessage());
        }
    }

    @Test
    void refusedSegmentationOffloadThrowsAndSendsNothing() throws IOException {
        DatagramChannel tx = udp(wsnio);
        DatagramChannel rx = udp(wsnio);
        rx.configureBlocking(false);
        ByteBuffer src = packet(9, 2500, true);
        UnsupportedOperationException e;
        try {
            batch(tx).sendSegmented(src, 1000, rx.getLocalAddress());
            assumeTrue(false, "this stack has segmentation offload (Linux 4.18+ UDP_SEGMENT); the refusal path"
                    + " cannot be seen here");
            return;
        } catch (UnsupportedOperationException refused) {
            e = refused;
        }
        if (WINE) {
            // Wine 8.0 refuses the option, and would ignore the control message (one 2500-byte datagram)
            assertTrue(e.getMessage().contains("UDP_SEND_MSG_SIZE") && e.getMessage().contains("WSAEINVAL"), e.getMessage());
        } else {
            assertTrue(e.getMessage().contains("UDP_SEGMENT") || e.getMessage().contains("UDP_SEND_MSG_SIZE"), e.getMessage());
        }
        assertEquals(2500, src.remaining(), "nothing consumed");
        ByteBuffer in = ByteBuffer.allocate(4096);
        assertNull(rx.receive(in), "nothing sent");
        // an equal-size batch then goes datagram by datagram, never as one large datagram
        ByteBuffer[] out = {packet(0, 1000, true), packet(1, 1000, true), packet(2, 500, true)};
        assertEquals(3, batch(tx).sendBatch(out, 0, 3, rx.getLocalAddress()));
        rx.configureBlocking(true);
        for (int i = 0; i < 3; i++) {
            in.clear();
            rx.receive(in);
            assertArrayEquals(expected(i, i == 2 ? 500 : 1000), bytes(in), "datagram " + i);
        }
    }

    @Test
    void refusedCoalescedReceiveNamesTheError() throws IOException {
        assumeTrue(WINE, "checks Wine 8.0's refusal of UDP_RECV_MAX_COALESCED_SIZE; Linux and Windows 10 1903+ take it");
        DatagramChannel rx = udp(wsnio);
        assertTrue(rx.supportedOptions().contains(WsnioSocketOptions.UDP_GRO), "offered on a UDP channel");
        java.net.SocketException e = assertThrows(java.net.SocketException.class,
                () -> rx.setOption(WsnioSocketOptions.UDP_GRO, true));
        assertTrue(e.getMessage().contains("UDP_RECV_MAX_COALESCED_SIZE") && e.getMessage().contains("WSAEINVAL"),
                e.getMessage());
        // receive still works, without coalescing
        DatagramChannel tx = udp(wsnio);
        tx.send(packet(1, 40, true), rx.getLocalAddress());
        ByteBuffer in = ByteBuffer.allocate(100);
        assertEquals(tx.getLocalAddress(), rx.receive(in));
        assertEquals(40, in.position());
        assertEquals(0, batch(rx).lastSegmentSize());
    }

    @Test
    void selectorSeesABatchAndReceiveBatchDrainsIt() throws IOException {
        DatagramChannel tx = udp(wsnio);
        DatagramChannel rx = udp(wsnio);
        rx.configureBlocking(false);
        try (java.nio.channels.Selector sel = wsnio.openSelector()) {
            java.nio.channels.SelectionKey key = rx.register(sel, java.nio.channels.SelectionKey.OP_READ);
            assertEquals(0, sel.selectNow(), "nothing to read yet");
            ByteBuffer[] out = new ByteBuffer[6];
            for (int i = 0; i < 6; i++) {
                out[i] = packet(i, 50, i % 2 == 0);
            }
            assertEquals(6, batch(tx).sendBatch(out, 0, 6, rx.getLocalAddress()));
            assertEquals(1, sel.select(5000));
            assertTrue(key.isReadable());
            sel.selectedKeys().clear();
            ByteBuffer[] in = buffers(8, 64, true);
            SocketAddress[] from = new SocketAddress[8];
            int got = 0;
            for (int round = 0; round < 100 && got < 6; round++) {
                int n = batch(rx).receiveBatch(in, got, 8 - got, from);
                if (n == 0) {
                    sel.select(1000);
                    sel.selectedKeys().clear();
                }
                got += n;
            }
            assertEquals(6, got);
            for (int i = 0; i < 6; i++) {
                assertArrayEquals(expected(i, 50), bytes(in[i]), "datagram " + i);
                assertEquals(tx.getLocalAddress(), from[i]);
            }
            assertEquals(0, batch(rx).receiveBatch(in, 6, 2, null), "drained");
            assertEquals(0, sel.selectNow(), "not readable once drained");
        }
    }

    @Test
    void boundsAreCheckedBeforeNativeCode() throws IOException {
        DatagramChannel c = udp(wsnio);
        BatchDatagramChannel b = batch(c);
        SocketAddress to = c.getLocalAddress();
        ByteBuffer[] four = buffers(4, 16, true);
        assertThrows(IndexOutOfBoundsException.class, () -> b.sendBatch(four, -1, 2, to));
        assertThrows(IndexOutOfBoundsException.class, () -> b.sendBatch(four, 3, 2, to));
        assertThrows(IndexOutOfBoundsException.class, () -> b.sendBatch(four, 0, -1, to));
        assertThrows(IndexOutOfBoundsException.class, () -> b.receiveBatch(four, 2, 3, null));
        assertThrows(IndexOutOfBoundsException.class, () -> b.receiveBatch(four, 0, 4, new SocketAddress[3]));
        ByteBuffer[] many = buffers(BatchDatagramChannel.MAX_BATCH + 1, 1, true);
        assertThrows(IllegalArgumentException.class, () -> b.sendBatch(many, 0, many.length, to));
        assertThrows(IllegalArgumentException.class, () -> b.receiveBatch(many, 0, many.length, null));
        ByteBuffer[] big = {ByteBuffer.allocateDirect(70_000)};
        assertThrows(IllegalArgumentException.class, () -> b.sendBatch(big, 0, 1, to));
        ByteBuffer[] ro = {ByteBuffer.allocate(16).asReadOnlyBuffer()};
        assertThrows(IllegalArgumentException.class, () -> b.receiveBatch(ro, 0, 1, null));
        ByteBuffer[] withNull = {ByteBuffer.allocate(16), null};
        assertThrows(NullPointerException.class, () -> b.sendBatch(withNull, 0, 2, to));
        assertThrows(IllegalArgumentException.class, () -> b.sendSegmented(ByteBuffer.allocateDirect(100), 0, to));
        assertThrows(IllegalArgumentException.class,
                () -> b.sendSegmented(ByteBuffer.allocateDirect(65 * 100), 100, to), "65 segments");
        assertThrows(IllegalArgumentException.class,
                () -> b.sendSegmented(ByteBuffer.allocateDirect(65_600), 1200, to), "above 65507 bytes");
        assertEquals(0, b.sendBatch(four, 4, 0, to), "an empty batch");
        assertEquals(16, four[0].remaining(), "nothing moved by a refused call");
    }

    @Test
    void closedChannelThrowsClosedChannelException() throws IOException {
        DatagramChannel c = udp(wsnio);
        SocketAddress to = c.getLocalAddress();
        c.close();
        BatchDatagramChannel b = batch(c);
        ByteBuffer[] bufs = buffers(2, 16, true);
        assertThrows(ClosedChannelException.class, () -> b.sendBatch(bufs, 0, 2, to));
        assertThrows(ClosedChannelException.class, () -> b.receiveBatch(bufs, 0, 2, null));
        assertThrows(ClosedChannelException.class, () -> b.sendSegmented(bufs[0], 8, to));
    }
}
