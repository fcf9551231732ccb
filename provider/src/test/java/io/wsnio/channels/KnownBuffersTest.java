package io.wsnio.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.wsnio.BatchDatagramChannel;
import io.wsnio.WsnioSelectorProvider;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import org.junit.jupiter.api.Test;

/**
 * A channel remembers the base addresses of the direct buffers it last moved ({@link KnownBuffers}).
 * Slices and duplicates share memory but not a base, and callers move buffers between the places
 * of a gather, scatter or batch call: every call must still move each buffer's own bytes. Closing
 * the channel lets go of the buffers.
 */
class KnownBuffersTest {
    private final WsnioSelectorProvider provider = new WsnioSelectorProvider();

    private static ByteBuffer counting(int size) {
        ByteBuffer b = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            b.put(i, (byte) i);
        }
        return b;
    }

    private static ByteBuffer filled(int size, int value) {
        ByteBuffer b = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            b.put(i, (byte) value);
        }
        return b;
    }

    /** Reads exactly {@code n} bytes from the pipe. */
    private static byte[] read(Pipe.SourceChannel source, int n) throws Exception {
        ByteBuffer in = ByteBuffer.allocate(n);
        while (in.hasRemaining()) {
            source.read(in);
        }
        return in.array();
    }

    @Test
    void aBufferItsSliceAndItsDuplicateEachWriteTheirOwnBytes() throws Exception {
        Pipe pipe = provider.openPipe();
        try (Pipe.SinkChannel sink = pipe.sink(); Pipe.SourceChannel source = pipe.source()) {
            ByteBuffer whole = counting(64);
            ByteBuffer slice = whole.slice(8, 8);             // its index 0 is whole's 8
            ByteBuffer dup = whole.duplicate().position(16);  // same base as whole, its own position
            whole.limit(4);
            sink.write(whole);
            sink.write(slice);
            whole.limit(6);
            sink.write(whole);                                // from position 4: 4, 5
            dup.limit(20);
            sink.write(dup);
            slice.position(6);
            sink.write(slice);                                // whole's 14, 15
            assertEquals("[0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 4, 5, 16, 17, 18, 19, 14, 15]",
                    java.util.Arrays.toString(read(source, 20)));
        }
    }

    @Test
    void buffersMovedBetweenThePlacesOfAGatherAndAScatterKeepTheirBytes() throws Exception {
        Pipe pipe = provider.openPipe();
        try (Pipe.SinkChannel sink = pipe.sink(); Pipe.SourceChannel source = pipe.source()) {
            ByteBuffer a = filled(3, 'a');
            ByteBuffer b = filled(2, 'b');
            ByteBuffer[] srcs = {a, b};
            assertEquals(5, sink.write(srcs));
            a.clear();
            b.clear();
            srcs[0] = b;
            srcs[1] = a;
            assertEquals(5, sink.write(srcs));
            assertEquals("aaabbbbaaa", new String(read(source, 10), java.nio.charset.StandardCharsets.US_ASCII));

            ByteBuffer x = ByteBuffer.allocateDirect(2);
            ByteBuffer y = ByteBuffer.allocateDirect(3);
            sink.write(ByteBuffer.wrap("12345".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            ByteBuffer[] dsts = {x, y};
            assertEquals(5, readFully(source, dsts, 5));
            dsts[0] = y.clear();
            dsts[1] = x.clear();
            sink.write(ByteBuffer.wrap("67890".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            assertEquals(5, readFully(source, dsts, 5));
            assertEquals("678", text(y));
            assertEquals("90", text(x));
        }
    }

    private static long readFully(Pipe.SourceChannel source, ByteBuffer[] dsts, int n) throws Exception {
        long got = 0;
        while (got < n) {
            got += source.read(dsts);
        }
        return got;
    }

    private static String text(ByteBuffer b) {
        byte[] bytes = new byte[b.limit()];
        b.get(0, bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void aBatchsBuffersMovedBetweenPlacesSendAndReceiveTheirOwnDatagrams() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (DatagramChannel tx = provider.openDatagramChannel().bind(loopback);
             DatagramChannel rx = provider.openDatagramChannel().bind(loopback)) {
            tx.connect(rx.getLocalAddress());
            BatchDatagramChannel btx = (BatchDatagramChannel) tx;
            BatchDatagramChannel brx = (BatchDatagramChannel) rx;
            ByteBuffer a = filled(3, 'a');
            ByteBuffer b = filled(2, 'b');
            ByteBuffer[] out = {a, b};
            assertEquals(2, btx.sendBatch(out, 0, 2, null));
            a.clear();
            b.clear();
            out[0] = b;
            out[1] = a;
            assertEquals(2, btx.sendBatch(out, 0, 2, null));
            ByteBuffer p = ByteBuffer.allocateDirect(8);
            ByteBuffer q = ByteBuffer.allocateDirect(8);
            ByteBuffer[] in = {p, q};
            assertEquals(2, receive(brx, in));
            assertEquals("aaa|bb", text(p.flip()) + "|" + text(q.flip()));
            in[0] = q.clear();
            in[1] = p.clear();
            assertEquals(2, receive(brx, in));
            assertEquals("bb|aaa", text(q.flip()) + "|" + text(p.flip()));
        }
    }

    private static int receive(BatchDatagramChannel rx, ByteBuffer[] in) throws Exception {
        int got = 0;
        while (got < in.length) {
            got += rx.receiveBatch(in, got, in.length - got, null);
        }
        return got;
    }

    @Test
    void closingTheChannelLetsGoOfTheBuffersItMoved() throws Exception {
        Pipe pipe = provider.openPipe(); // stays reachable: only the close lets go of the buffers
        WeakReference<?>[] moved = moveAndClose(pipe);
        for (int i = 0; i < 100 && (moved[0].get() != null || moved[1].get() != null); i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(moved[0].get(), "the buffer of a single write is still reachable after close");
        assertNull(moved[1].get(), "a gathered buffer is still reachable after close");
        assertEquals(false, pipe.sink().isOpen());
    }

    /** Writes one buffer and gathers two through the pipe, closes it: weak references to the first two. */
    private static WeakReference<?>[] moveAndClose(Pipe pipe) throws Exception {
        try (Pipe.SinkChannel sink = pipe.sink(); Pipe.SourceChannel source = pipe.source()) {
            ByteBuffer b = filled(4, 1);
            ByteBuffer c = filled(4, 2);
            sink.write(b);
            sink.write(new ByteBuffer[] {c, filled(1, 3)});
            read(source, 9);
            return new WeakReference<?>[] {new WeakReference<>(b), new WeakReference<>(c)};
        }
    }
}
