package io.wsnio.spi;

import static io.wsnio.spi.TestNet.LOOPBACK4;
import static io.wsnio.spi.TestNet.TIMEOUT;
import static io.wsnio.spi.TestNet.randomBytes;
import static io.wsnio.spi.TestNet.readFully;
import static io.wsnio.spi.TestNet.writeFully;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * wsnio and the JDK talk to each other over real sockets: a wsnio client with a JDK server and
 * a JDK client with a wsnio server, blocking echo with a content check.
 */
class MixedPairsTest extends Closer {

    private static final int SIZE = 1 << 20;

    private void echo(SelectorProvider client, SelectorProvider server, InetAddress loopback)
            throws Exception {
        ConnectedPair p = closeLater(ConnectedPair.open(client, server, loopback));
        assertSame(client, p.client().provider());
        assertSame(server, p.server().provider());
        assertEquals(p.client().getLocalAddress(), p.server().getRemoteAddress());
        assertEquals(p.client().getRemoteAddress(), p.server().getLocalAddress());
        byte[] data = randomBytes(SIZE, 1234);
        assertTimeoutPreemptively(TIMEOUT.multipliedBy(2), () -> {
            Background<Void> echoer = Background.start("echo", () -> {
                SocketChannel s = p.server();
                ByteBuffer buf = ByteBuffer.allocate(8192);
                while (s.read(buf) >= 0) {
                    buf.flip();
                    writeFully(s, buf);
                    buf.clear();
                }
                s.shutdownOutput();
                return null;
            });
            Background<Void> writer = Background.start("writer", () -> {
                writeFully(p.client(), ByteBuffer.wrap(data));
                p.client().shutdownOutput();
                return null;
            });
            byte[] back = readFully(p.client(), SIZE);
            assertEquals(-1, p.client().read(ByteBuffer.allocate(1)), "end of stream after the echo");
            writer.get();
            echoer.get();
            assertTrue(Arrays.equals(data, back), "echoed content differs");
        });
    }

    @Test
    void wsnioClientToJdkServerEchoes() throws Exception {
        echo(Providers.wsnio(), Providers.jdk(), LOOPBACK4);
    }

    @Test
    void jdkClientToWsnioServerEchoes() throws Exception {
        echo(Providers.jdk(), Providers.wsnio(), LOOPBACK4);
    }

    @Test
    void wsnioClientToJdkServerEchoesOverIpv6() throws Exception {
        TestNet.assumeIpv6Loopback();
        echo(Providers.wsnio(), Providers.jdk(), TestNet.LOOPBACK6);
    }

    @Test
    void jdkClientToWsnioServerEchoesOverIpv6() throws Exception {
        TestNet.assumeIpv6Loopback();
        echo(Providers.jdk(), Providers.wsnio(), TestNet.LOOPBACK6);
    }

    @Test
    void closeOnOneSideIsEndOfStreamOnTheOther() throws IOException {
        ConnectedPair a = closeLater(ConnectedPair.open(Providers.wsnio(), Providers.jdk(), LOOPBACK4));
        a.client().close();
        assertTimeoutPreemptively(TIMEOUT, () -> assertEquals(-1, a.server().read(ByteBuffer.allocate(1))));
        ConnectedPair b = closeLater(ConnectedPair.open(Providers.jdk(), Providers.wsnio(), LOOPBACK4));
        b.client().close();
        assertTimeoutPreemptively(TIMEOUT, () -> assertEquals(-1, b.server().read(ByteBuffer.allocate(1))));
    }
}
