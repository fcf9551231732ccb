package io.wsnio.spi.triples;

import static io.wsnio.spi.triples.Triples.WSNIO;
import static io.wsnio.spi.triples.Triples.awaitReadable;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsnio.SocketSpec;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** UNIX SOCK_SEQPACKET as SocketChannel/ServerSocketChannel: message boundaries kept, end of input told apart. */
class SeqpacketTest {
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
}
