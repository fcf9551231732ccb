package io.wsnio.spi;

import static io.wsnio.spi.TestNet.TIMEOUT;
import static io.wsnio.spi.TestNet.ascii;
import static io.wsnio.spi.TestNet.randomBytes;
import static io.wsnio.spi.TestNet.readFully;
import static io.wsnio.spi.TestNet.writeFully;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.SelectorProvider;
import java.util.Arrays;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The {@link Pipe} contract: every test passes on the JDK's own provider.
 */
public abstract class PipeContract extends Closer {

    protected abstract SelectorProvider provider();

    private Pipe pipe() throws IOException {
        Pipe p = provider().openPipe();
        closeLater(p.sink());
        closeLater(p.source());
        return p;
    }

    private Selector selector() throws IOException {
        return closeLater(provider().openSelector());
    }

    @Test
    void bothEndsBelongToTheProviderAndStartOpenAndBlocking() throws IOException {
        Pipe p = pipe();
        assertNotNull(p.sink());
        assertNotNull(p.source());
        assertSame(p.sink(), p.sink(), "sink() returns the same channel");
        assertSame(p.source(), p.source(), "source() returns the same channel");
        assertSame(provider(), p.sink().provider());
        assertSame(provider(), p.source().provider());
        assertTrue(p.sink().isOpen() && p.source().isOpen());
        assertTrue(p.sink().isBlocking() && p.source().isBlocking());
        assertEquals(SelectionKey.OP_WRITE, p.sink().validOps());
        assertEquals(SelectionKey.OP_READ, p.source().validOps());
    }

    @Test
    void blockingWriteOnSinkIsReadOnSource() throws Exception {
        Pipe p = pipe();
        assertTimeoutPreemptively(TIMEOUT, () -> {
            assertEquals(5, p.sink().write(ascii("hello")));
            assertArrayEquals("hello".getBytes(), readFully(p.source(), 5));
            ByteBuffer direct = ByteBuffer.allocateDirect(8);
            direct.put("direct".getBytes()).flip();
            assertEquals(6, p.sink().write(direct));
            ByteBuffer in = ByteBuffer.allocateDirect(8);
            while (in.position() < 6) {
                assertTrue(p.source().read(in) > 0);
            }
            in.flip();
            byte[] b = new byte[6];
            in.get(b);
            assertArrayEquals("direct".getBytes(), b);
        });
    }

    @Test
    void blockingReadWaitsForData() throws Exception {
        Pipe p = pipe();
        Background<byte[]> reader = Background.start("reader", () -> readFully(p.source(), 3));
        reader.awaitInside(p.source().getClass(), "read");
        assertTrue(reader.isAlive(), "read returned with nothing written");
        p.sink().write(ascii("abc"));
        assertArrayEquals("abc".getBytes(), reader.get());
    }

    @Test
    void nonBlockingReadReturnsZeroWhenEmpty() throws IOException {
        Pipe p = pipe();
        p.source().configureBlocking(false);
        ByteBuffer buf = ByteBuffer.allocate(8);
        assertEquals(0, p.source().read(buf));
        assertEquals(0, buf.position());
        p.sink().write(ascii("x"));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int n = 0;
        while (n == 0 && System.nanoTime() < deadline) {
            n = p.source().read(buf);
        }
        assertEquals(1, n);
        assertEquals(0, p.source().read(buf));
    }

    @Test
    void nonBlockingWriteReturnsZeroWhenThePipeIsFull() throws Exception {
        Pipe p = pipe();
        p.sink().configureBlocking(false);
        ByteBuffer chunk = ByteBuffer.allocate(4096);
        long total = assertTimeoutPreemptively(TIMEOUT, () -> {
            long sum = 0;
            int n;
            do {
                chunk.clear();
                n = p.sink().write(chunk);
                sum += n;
                assertTrue(sum < (1L << 30), "1 GiB accepted without a reader");
            } while (n > 0);
            return sum;
        });
        assertTrue(total > 0);
        // still full a moment later where the pipe is a socketpair; where it is a loopback TCP pair
        // (Windows, the JDK's too) the stack may have moved bytes on since and take a few more
        int more = p.sink().write(ascii("more"));
        assertTrue(more >= 0 && more <= 4, "write of 4 bytes to a full pipe returned " + more);
        if (!System.getProperty("os.name").startsWith("Windows")) {
            assertEquals(0, more, "a full socketpair took more bytes without a reader");
        }
        assertTimeoutPreemptively(TIMEOUT, () -> readFully(p.source(), (int) total + more));
    }

    @Test
    void sourceAndSinkRegisterWithTheProvidersSelector() throws Exception {
        Pipe p = pipe();
        p.sink().configureBlocking(false);
        p.source().configureBlocking(false);
        Selector sel = selector();
        SelectionKey sinkKey = p.sink().register(sel, SelectionKey.OP_WRITE);
        SelectionKey sourceKey = p.source().register(sel, SelectionKey.OP_READ);
        assertEquals(1, sel.selectNow(), "an empty pipe is writable, not readable");
        assertEquals(Set.of(sinkKey), sel.selectedKeys());
        assertTrue(sinkKey.isWritable());
        sel.selectedKeys().clear();

        sinkKey.interestOps(0);
        p.sink().write(ascii("ping"));
        assertEquals(1, sel.select(TIMEOUT.toMillis()));
        assertEquals(Set.of(sourceKey), sel.selectedKeys());
        assertTrue(sourceKey.isReadable());
        ByteBuffer buf = ByteBuffer.allocate(8);
        assertEquals(4, p.source().read(buf));
        sel.selectedKeys().clear();
        assertEquals(0, sel.selectNow(), "drained: not readable any more");
    }

    @Test
    void registeringABlockingEndThrowsIllegalBlockingMode() throws IOException {
        Pipe p = pipe();
        Selector sel = selector();
        assertThrows(IllegalBlockingModeException.class, () -> p.source().register(sel, SelectionKey.OP_READ));
        assertThrows(IllegalBlockingModeException.class, () -> p.sink().register(sel, SelectionKey.OP_WRITE));
    }

    @Test
    void closingTheSinkGivesEndOfStreamOnTheSource() throws Exception {
        Pipe p = pipe();
        p.sink().write(ascii("tail"));
        p.sink().close();
        assertFalse(p.sink().isOpen());
        assertTrue(p.source().isOpen());
        assertTimeoutPreemptively(TIMEOUT, () -> {
            assertArrayEquals("tail".getBytes(), readFully(p.source(), 4));
            assertEquals(-1, p.source().read(ByteBuffer.allocate(4)));
            assertEquals(-1, p.source().read(ByteBuffer.allocate(4)));
        });
    }

    @Test
    void closingTheSinkMakesARegisteredSourceReadable() throws IOException {
        Pipe p = pipe();
        p.source().configureBlocking(false);
        Selector sel = selector();
        SelectionKey key = p.source().register(sel, SelectionKey.OP_READ);
        assertEquals(0, sel.selectNow());
        p.sink().close();
        assertEquals(1, sel.select(TIMEOUT.toMillis()));
        assertTrue(key.isReadable());
        assertEquals(-1, p.source().read(ByteBuffer.allocate(1)));
    }

    @Test
    void writingAfterTheSourceClosedThrowsIOException() throws Exception {
        TestNet.assumeNotUnderWine("under Wine 8.0 a write to the sink after the source (a loopback TCP connection)"
                + " closed throws nothing, on the JDK oracle and on wsnio alike");
        Pipe p = pipe();
        p.source().close();
        assertTimeoutPreemptively(TIMEOUT,
                () -> assertThrows(IOException.class, () -> p.sink().write(ascii("lost"))));
        assertTrue(p.sink().isOpen(), "a broken pipe does not close the sink");
    }

    @Test
    void closedEndsThrowClosedChannel() throws IOException {
        Pipe p = pipe();
        p.source().close();
        p.sink().close();
        assertThrows(ClosedChannelException.class, () -> p.source().read(ByteBuffer.allocate(1)));
        assertThrows(ClosedChannelException.class, () -> p.sink().write(ascii("x")));
        assertThrows(ClosedChannelException.class, () -> p.source().configureBlocking(false));
    }

    @Test
    void closeFromAnotherThreadWakesABlockedRead() throws Exception {
        Pipe p = pipe();
        Background<Integer> reader = Background.start("reader", () -> p.source().read(ByteBuffer.allocate(4)));
        reader.awaitInside(p.source().getClass(), "read");
        TestNet.closeBounded(p.source());
        TestNet.assertKind(AsynchronousCloseException.class, reader.failure());
    }

    @Test
    void closeFromAnotherThreadWakesABlockedWrite() throws Exception {
        TestNet.assumeNotTheJdkUnderWine(provider(), "under Wine the JDK's blocking send (SocketDispatcher.write0)"
                + " stays blocked through close (Wine does not abort it when the socket is closed)");
        Pipe p = pipe();
        Background<Void> writer = Background.start("writer", () -> {
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
            while (true) {
                chunk.clear();
                p.sink().write(chunk); // nobody reads: blocks once the pipe is full
            }
        });
        writer.awaitInside(p.sink().getClass(), "write");
        TestNet.closeBounded(p.sink());
        // the blocked write throws AsynchronousCloseException, or returns its partial count and the
        // next write throws ClosedChannelException
        TestNet.assertKind(ClosedChannelException.class, writer.failure());
        assertFalse(p.sink().isOpen());
    }

    @Test
    void aFullSinkIsWritableAgainOnceTheSourceIsDrained() throws Exception {
        Pipe p = pipe();
        p.sink().configureBlocking(false);
        Selector sel = closeLater(provider().openSelector());
        SelectionKey key = p.sink().register(sel, SelectionKey.OP_WRITE);
        assertEquals(1, sel.selectNow(), "an empty pipe's sink is writable");
        sel.selectedKeys().clear();
        ByteBuffer chunk = ByteBuffer.allocate(4096);
        long total = 0;
        int n;
        do {
            chunk.clear();
            n = p.sink().write(chunk);
            total += n;
            assertTrue(total < (1L << 30), "1 GiB accepted without a reader");
        } while (n > 0);
        if (!System.getProperty("os.name").startsWith("Windows")) {
            // a socketpair stays full; a loopback TCP pair (Windows) may move bytes on and have room again
            assertEquals(0, sel.selectNow(), "a full sink is not writable");
        }
        long drained = total;
        assertTimeoutPreemptively(TIMEOUT, () -> readFully(p.source(), (int) drained));
        sel.selectedKeys().clear();
        assertEquals(1, sel.select(TIMEOUT.toMillis()), "the drained pipe's sink is writable again");
        assertTrue(key.isWritable());
        assertTrue(p.sink().write(ascii("again")) > 0);
    }

    @Test
    void interruptWakesABlockedRead() throws Exception {
        Pipe p = pipe();
        Background<Integer> reader = Background.start("reader", () -> p.source().read(ByteBuffer.allocate(4)));
        reader.awaitInside(p.source().getClass(), "read");
        reader.interruptBounded();
        TestNet.assertKind(ClosedByInterruptException.class, reader.failure());
        assertTrue(reader.interruptedAtEnd());
        assertFalse(p.source().isOpen());
    }

    @Test
    void scatteringReadAndGatheringWrite() throws Exception {
        Pipe p = pipe();
        ByteBuffer[] out = {ascii("XX"), ascii("abc"), ascii("defg"), ascii("YY")};
        assertEquals(7L, p.sink().write(out, 1, 2));
        assertEquals(0, out[0].position());
        assertEquals(0, out[3].position());
        ByteBuffer[] in = {ByteBuffer.allocate(2), ByteBuffer.allocate(5), ByteBuffer.allocate(2)};
        assertTimeoutPreemptively(TIMEOUT, () -> {
            long got = 0;
            while (got < 7) {
                long n = p.source().read(in, 1, 2);
                assertTrue(n > 0);
                got += n;
            }
        });
        assertEquals(0, in[0].position());
        assertEquals("abcde", new String(in[1].array()));
        assertEquals("fg", new String(in[2].array()));
    }

    @Test
    void largeTransferArrivesIntact() throws Exception {
        int size = 8 << 20;
        byte[] data = randomBytes(size, 99);
        Pipe p = pipe();
        assertTimeoutPreemptively(TIMEOUT.multipliedBy(3), () -> {
            Background<Void> writer = Background.start("writer", () -> {
                writeFully(p.sink(), ByteBuffer.wrap(data));
                p.sink().close();
                return null;
            });
            byte[] got = readFully(p.source(), size);
            assertEquals(-1, p.source().read(ByteBuffer.allocate(1)));
            writer.get();
            assertTrue(Arrays.equals(data, got), "content differs");
        });
    }
}
