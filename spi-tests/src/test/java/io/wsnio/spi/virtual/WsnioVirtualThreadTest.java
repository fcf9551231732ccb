package io.wsnio.spi.virtual;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsnio.BatchDatagramChannel;
import io.wsnio.spi.Providers;
import io.wsnio.spi.TestNet;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.spi.SelectorProvider;
import org.junit.jupiter.api.Test;

class WsnioVirtualThreadTest extends VirtualThreadContract {
    @Override protected SelectorProvider provider() { return Providers.wsnio(); }

    /** wsnio's batch receive (the JDK has none) parks like receive and takes what arrives. */
    @Test
    void receiveBatchParksThenCompletes() throws Exception {
        try (DatagramChannel rx = provider().openDatagramChannel();
                DatagramChannel tx = provider().openDatagramChannel()) {
            rx.bind(new InetSocketAddress(TestNet.LOOPBACK4, 0));
            tx.bind(new InetSocketAddress(TestNet.LOOPBACK4, 0));
            ByteBuffer[] bufs = {ByteBuffer.allocateDirect(64), ByteBuffer.allocate(64)};
            SocketAddress[] from = new SocketAddress[2];
            var t = VirtualThreads.start(() -> ((BatchDatagramChannel) rx).receiveBatch(bufs, 0, 2, from))
                    .awaitParked();
            ByteBuffer[] out = {ByteBuffer.wrap(new byte[] {1, 2, 3}), ByteBuffer.wrap(new byte[] {4, 5})};
            assertEquals(2, ((BatchDatagramChannel) tx).sendBatch(out, 0, 2, rx.getLocalAddress()));
            int n = t.get();
            assertEquals(tx.getLocalAddress(), from[0]);
            assertEquals(3, bufs[0].position());
            if (n == 2) {
                assertEquals(2, bufs[1].position());
            }
        }
    }
}
