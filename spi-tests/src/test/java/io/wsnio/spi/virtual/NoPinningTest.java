package io.wsnio.spi.virtual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.spi.ConnectedPair;
import io.wsnio.spi.Providers;
import io.wsnio.spi.TestNet;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No wsnio operation pins a virtual thread's carrier while it waits: every blocking operation runs
 * on virtual threads under a JFR recording of {@code jdk.VirtualThreadPinned} (threshold 0), and no
 * event may have a wsnio frame. A control (a virtual thread that sleeps in a class initializer,
 * which pins on every JDK) proves the recording sees pinning. JDK 24+ reports pinning by native
 * frames (JEP 491 took monitors out); on JDK 21-23 the provider's own assertions
 * ({@code -ea}: no monitor held across a wait) cover monitors.
 */
@Timeout(120)
class NoPinningTest {

    /** Pins whoever initializes it: a virtual thread cannot unmount inside a class initializer. */
    static final class SleepyInit {
        static {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void touch() {
        }
    }

    @Test
    void noWsnioFrameInAnyPinnedEvent() throws Exception {
        VirtualThreads.assumeAvailable();
        Assumptions.assumeTrue(Runtime.version().feature() >= 24,
                "JDK 24+ reports pinning by native frames; this is " + Runtime.version());
        List<PinnedEvents.Pinned> pinned = PinnedEvents.during(() -> {
            VirtualThreads.start(() -> {
                SleepyInit.touch();
                return null;
            }).get();
            workload(Providers.wsnio());
        });
        assertTrue(pinned.stream().anyMatch(e -> e.hasFrameOf(SleepyInit.class.getName())),
                "the control's pinning was not recorded: " + pinned);
        // the provider's frames: io.wsnio but not this test suite's own (io.wsnio.spi)
        List<PinnedEvents.Pinned> ours = pinned.stream()
                .filter(e -> e.frameTypes().stream().anyMatch(t -> t.startsWith("io.wsnio.") && !t.startsWith("io.wsnio.spi.")))
                .toList();
        assertEquals(List.of(), ours, "wsnio frames in pinned events");
    }

    /** Every kind of wait once, each ended by the peer. */
    private static void workload(SelectorProvider p) throws Exception {
        try (ConnectedPair pair = ConnectedPair.open(p)) {
            var read = VirtualThreads.start(() -> pair.server().read(ByteBuffer.allocateDirect(8))).awaitParked();
            pair.client().write(ByteBuffer.wrap(new byte[] {1}));
            assertEquals(1, read.get());
            InputStream in = pair.server().socket().getInputStream();
            OutputStream out = pair.client().socket().getOutputStream();
            var streamRead = VirtualThreads.start(in::read).awaitParked();
            out.write(7);
            assertEquals(7, streamRead.get());
            pair.server().socket().setSoTimeout(5_000);
            var timedRead = VirtualThreads.start(in::read).awaitParked();
            out.write(8);
            assertEquals(8, timedRead.get());
            var write = VirtualThreads.start(() -> VirtualThreadContract.writeUntil(pair.client(), 64L << 20)).awaitParked();
            VirtualThreadContract.drain(pair.server(), 64L << 20);
            write.get();
        }
        try (ServerSocketChannel l = p.openServerSocketChannel()) {
            l.bind(new InetSocketAddress(TestNet.LOOPBACK4, 0));
            var accept = VirtualThreads.start(l::accept).awaitParked();
            try (SocketChannel c = p.openSocketChannel()) {
                c.connect(l.getLocalAddress());
                try (SocketChannel a = accept.get()) {
                    assertTrue(a.isConnected());
                }
            }
        }
        try (DatagramChannel rx = p.openDatagramChannel(); DatagramChannel tx = p.openDatagramChannel()) {
            rx.bind(new InetSocketAddress(TestNet.LOOPBACK4, 0));
            var receive = VirtualThreads.start(() -> rx.receive(ByteBuffer.allocateDirect(8))).awaitParked();
            tx.send(ByteBuffer.wrap(new byte[] {2}), rx.getLocalAddress());
            receive.get();
            var adaptor = VirtualThreads.start(() -> {
                DatagramPacket packet = new DatagramPacket(new byte[8], 8);
                rx.socket().receive(packet);
                return packet.getLength();
            }).awaitParked();
            tx.send(ByteBuffer.wrap(new byte[] {3, 4}), rx.getLocalAddress());
            assertEquals(2, adaptor.get());
        }
        Pipe pipe = p.openPipe();
        try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            var read = VirtualThreads.start(() -> source.read(ByteBuffer.allocateDirect(8))).awaitParked();
            sink.write(ByteBuffer.wrap(new byte[] {5}));
            assertEquals(1, read.get());
        }
        try (Selector sel = p.openSelector(); ConnectedPair pair = ConnectedPair.open(p)) {
            pair.server().configureBlocking(false);
            pair.server().register(sel, SelectionKey.OP_READ);
            var select = VirtualThreads.start(sel::select).awaitParked();
            pair.client().write(ByteBuffer.wrap(new byte[] {6}));
            assertEquals(1, select.get());
        }
    }
}
