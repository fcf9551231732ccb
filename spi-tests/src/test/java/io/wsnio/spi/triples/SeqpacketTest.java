package io.wsnio.spi.triples;

import static io.wsnio.spi.triples.Triples.WSNIO;
import static io.wsnio.spi.triples.Triples.awaitReadable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.wsnio.SocketSpec;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** UNIX SOCK_SEQPACKET as SocketChannel/ServerSocketChannel: message boundaries kept, end of input told apart. */
class SeqpacketTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** More than wsnio's per-thread staging buffer for heap buffers (256 KiB). */
    private static final int LARGE = 300_000;
    private ServerSocketChannel server;
    private SocketChannel client;
    private SocketChannel accepted;

    @BeforeEach
    void connect() throws Exception {
        Triples.assumeLinux();
        server = WSNIO.openServerSocketChannel(SocketSpec.UNIX_SEQPACKET);
        server.bind(UnixDomainSocketAddress.of(Triples.tempSocketPath()));
        client = WSNIO.openSocketChannel(SocketSpec.UNIX_SEQPACKET);
        client.connect(server.getLocalAddress());
        accepted = server.accept();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {accepted, client, server}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void twoWritesAreTwoReadsOfExactSizes() throws Exception {
        assertEquals(3, client.write(ByteBuffer.wrap(new byte[] {1, 2, 3})));
        assertEquals(5, client.write(ByteBuffer.wrap(new byte[] {4, 5, 6, 7, 8})));
        ByteBuffer b = ByteBuffer.allocate(100);
        assertEquals(3, accepted.read(b), "first message alone, though 8 bytes are queued");
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), b.flip());
        b.clear();
        assertEquals(5, accepted.read(b), "second message");
        assertEquals(ByteBuffer.wrap(new byte[] {4, 5, 6, 7, 8}), b.flip());
    }

    @Test
    void aShortBufferTruncatesTheMessageAndTheNextReadGetsTheNextMessage() throws Exception {
        client.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}));
        client.write(ByteBuffer.wrap(new byte[] {9}));
        ByteBuffer small = ByteBuffer.allocate(2);
        assertEquals(2, accepted.read(small));
        ByteBuffer b = ByteBuffer.allocate(100);
        assertEquals(1, accepted.read(b), "the rest of the first message was discarded");
        assertEquals(9, b.get(0));
    }

    @Test
    void peerCloseIsEndOfStreamThroughTheSelectorNotAnEndlessZero() throws Exception {
        accepted.configureBlocking(false);
        try (Selector sel = WSNIO.openSelector()) {
            SelectionKey key = accepted.register(sel, SelectionKey.OP_READ);
            ByteBuffer b = ByteBuffer.allocate(100);
            assertEquals(0, accepted.read(b), "non-blocking, nothing queued");
            client.write(ByteBuffer.wrap(new byte[] {42}));
            awaitReadable(sel, key);
            assertEquals(1, accepted.read(b));
            client.close();
            awaitReadable(sel, key);
            assertEquals(-1, accepted.read(b.clear()), "peer closed: end of stream");
            assertEquals(-1, accepted.read(b.clear()), "and it stays so");
        }
    }

    @Test
    void shutdownOutputIsEndOfStreamForThePeerAfterQueuedMessages() throws Exception {
        client.write(ByteBuffer.wrap(new byte[] {1, 2}));
        client.shutdownOutput();
        ByteBuffer b = ByteBuffer.allocate(100);
        assertEquals(2, accepted.read(b), "the queued message first");
        assertEquals(-1, accepted.read(b.clear()));
        // the other direction still works
        accepted.write(ByteBuffer.wrap(new byte[] {7, 7, 7}));
        assertEquals(3, client.read(b.clear()));
    }

    // ---------------------------------------------------------------- one write, one record

    private static IntFunction<ByteBuffer> allocator(String kind) {
        return "heap".equals(kind) ? ByteBuffer::allocate : ByteBuffer::allocateDirect;
    }

    /**
     * Lets the client send records of {@link #LARGE} bytes: a UNIX datagram or record may be at
     * most the sender's SO_SNDBUF less 32 bytes (EMSGSIZE beyond), 212,992 by default; setting it
     * is capped by net.core.wmem_max (and doubled by the kernel).
     */
    private void allowLargeRecords() throws Exception {
        client.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
        int sndbuf = client.getOption(StandardSocketOptions.SO_SNDBUF);
        Assumptions.assumeTrue(sndbuf - 32 >= LARGE, "SO_SNDBUF stays at " + sndbuf
                + " (net.core.wmem_max too low for a " + LARGE + "-byte record)");
    }

    private static void fill(ByteBuffer[] bufs) {
        int k = 0;
        for (ByteBuffer b : bufs) {
            for (int i = b.position(); i < b.limit(); i++) {
                b.put(i, (byte) (k++ * 31 + 7));
            }
        }
    }

    /** The next record must be {@code size} bytes of {@link #fill}'s pattern, and nothing may follow it. */
    private void assertOneRecord(int size) throws Exception {
        ByteBuffer dst = ByteBuffer.allocateDirect(size + 4096);
        assertEquals(size, assertTimeoutPreemptively(TIMEOUT, () -> accepted.read(dst)), "one record of the whole write");
        for (int i = 0; i < size; i++) {
            if (dst.get(i) != (byte) (i * 31 + 7)) {
                assertEquals((byte) (i * 31 + 7), dst.get(i), "byte " + i);
            }
        }
        accepted.configureBlocking(false);
        assertEquals(0, accepted.read(dst.clear()), "no second record");
    }

    /**
     * A blocking write of a heap buffer larger than the staging buffer wsnio copies heap bytes
     * through is still one record (as a DatagramChannel's send of a heap buffer is one datagram on
     * the JDK, through a temporary direct buffer of the whole size), not two.
     */
    @Test
    void aHeapWriteLargerThanTheStagingBufferIsOneRecord() throws Exception {
        allowLargeRecords();
        ByteBuffer src = ByteBuffer.allocate(LARGE);
        fill(new ByteBuffer[] {src});
        assertEquals(LARGE, assertTimeoutPreemptively(TIMEOUT, () -> client.write(src)));
        assertFalse(src.hasRemaining());
        assertOneRecord(LARGE);
    }

    /** A gathering write of heap buffers whose sum is larger than the staging buffer: one record. */
    @Test
    void aGatheringWriteOfHeapBuffersLargerThanTheStagingBufferIsOneRecord() throws Exception {
        allowLargeRecords();
        ByteBuffer[] srcs = {ByteBuffer.allocate(140_000), ByteBuffer.allocateDirect(20_000), ByteBuffer.allocate(140_000)};
        fill(srcs);
        assertEquals(LARGE, assertTimeoutPreemptively(TIMEOUT, () -> client.write(srcs)));
        for (ByteBuffer s : srcs) {
            assertFalse(s.hasRemaining());
        }
        assertOneRecord(LARGE);
    }

    /**
     * A gathering write over more buffers than one native call takes (224 iovecs on Linux) is one
     * record; it used to be a record of the first 224 buffers and another of the rest.
     */
    @ParameterizedTest
    @ValueSource(strings = {"heap", "direct"})
    void aGatheringWriteOverManyBuffersIsOneRecord(String kind) throws Exception {
        ByteBuffer[] srcs = new ByteBuffer[300];
        for (int i = 0; i < srcs.length; i++) {
            srcs[i] = allocator(kind).apply(4);
        }
        fill(srcs);
        assertEquals(1200, assertTimeoutPreemptively(TIMEOUT, () -> client.write(srcs)));
        for (ByteBuffer s : srcs) {
            assertFalse(s.hasRemaining());
        }
        assertOneRecord(1200);
    }

    /** A read into a heap buffer with room for a record larger than the staging buffer gets all of it. */
    @Test
    void aHeapReadOfARecordLargerThanTheStagingBufferGetsAllOfIt() throws Exception {
        allowLargeRecords();
        ByteBuffer src = ByteBuffer.allocateDirect(LARGE);
        fill(new ByteBuffer[] {src});
        assertEquals(LARGE, client.write(src));
        ByteBuffer dst = ByteBuffer.allocate(LARGE + 1000);
        assertEquals(LARGE, assertTimeoutPreemptively(TIMEOUT, () -> accepted.read(dst)), "the whole record");
        for (int i = 0; i < LARGE; i++) {
            if (dst.get(i) != (byte) (i * 31 + 7)) {
                assertEquals((byte) (i * 31 + 7), dst.get(i), "byte " + i);
            }
        }
    }

    /**
     * A scattering read takes one record over as many buffers as it has room in: more than one
     * native call takes (224), or heap buffers larger than the staging buffer.
     */
    @ParameterizedTest
    @ValueSource(strings = {"heap", "direct", "large-heap"})
    void aScatteringReadSpreadsOneRecordOverAllItsBuffers(String kind) throws Exception {
        ByteBuffer[] dsts;
        if (kind.equals("large-heap")) {
            allowLargeRecords();
            dsts = new ByteBuffer[] {ByteBuffer.allocate(140_000), ByteBuffer.allocateDirect(20_000), ByteBuffer.allocate(140_000)};
        } else {
            dsts = new ByteBuffer[300];
            for (int i = 0; i < dsts.length; i++) {
                dsts[i] = allocator(kind).apply(4);
            }
        }
        int size = 0;
        for (ByteBuffer d : dsts) {
            size += d.remaining();
        }
        ByteBuffer src = ByteBuffer.allocateDirect(size);
        fill(new ByteBuffer[] {src});
        assertEquals(size, client.write(src));
        ByteBuffer[] read = dsts;
        assertEquals(size, assertTimeoutPreemptively(TIMEOUT, () -> accepted.read(read)), "the whole record");
        int k = 0;
        for (ByteBuffer d : dsts) {
            assertFalse(d.hasRemaining());
            for (int i = 0; i < d.limit(); i++, k++) {
                if (d.get(i) != (byte) (k * 31 + 7)) {
                    assertEquals((byte) (k * 31 + 7), d.get(i), "byte " + k);
                }
            }
        }
    }
}
