package io.wsnio.spi.triples;

import static io.wsnio.spi.triples.Triples.WSNIO;
import static io.wsnio.spi.triples.Triples.awaitReadable;
import static io.wsnio.spi.triples.Triples.openDatagramOrAbort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.SocketCreationException;
import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.SocketSpec.Protocol;
import io.wsnio.SocketSpec.Type;
import io.wsnio.WsnioSocketOptions;
import io.wsnio.channels.WsnioDatagramChannel;
import io.wsnio.channels.WsnioSocketChannel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

/** UDP-Lite with checksum coverage, and MPTCP, opened by SocketSpec and used through a selector. */
class UdpLiteAndMptcpTest {
    private static final SocketSpec UDPLITE = SocketSpec.of(Family.INET, Type.DGRAM, Protocol.UDPLITE);
    private static final SocketSpec MPTCP = SocketSpec.of(Family.INET, Type.STREAM, Protocol.MPTCP);

    @Test
    void udpLiteCoverageOptionsAndAnExchange() throws Exception {
        Triples.assumeLinux();
        try (DatagramChannel a = openDatagramOrAbort(UDPLITE); DatagramChannel b = openDatagramOrAbort(UDPLITE);
                Selector sel = WSNIO.openSelector()) {
            assertTrue(a.supportedOptions().contains(WsnioSocketOptions.UDPLITE_SEND_CSCOV));
            assertTrue(a.supportedOptions().contains(WsnioSocketOptions.UDPLITE_RECV_CSCOV));
            assertEquals(0, a.getOption(WsnioSocketOptions.UDPLITE_SEND_CSCOV), "full coverage by default");
            a.setOption(WsnioSocketOptions.UDPLITE_SEND_CSCOV, 20);
            assertEquals(20, a.getOption(WsnioSocketOptions.UDPLITE_SEND_CSCOV));
            a.setOption(WsnioSocketOptions.UDPLITE_SEND_CSCOV, 3);
            assertEquals(8, a.getOption(WsnioSocketOptions.UDPLITE_SEND_CSCOV), "1..7 raised to the 8-byte header");
            b.setOption(WsnioSocketOptions.UDPLITE_RECV_CSCOV, 8);
            assertEquals(8, b.getOption(WsnioSocketOptions.UDPLITE_RECV_CSCOV));
            assertThrows(IllegalArgumentException.class, () -> a.setOption(WsnioSocketOptions.UDPLITE_SEND_CSCOV, -1));
            assertThrows(IllegalArgumentException.class, () -> a.setOption(WsnioSocketOptions.UDPLITE_SEND_CSCOV, 65536));

            a.bind(new InetSocketAddress("127.0.0.1", 0));
            b.bind(new InetSocketAddress("127.0.0.1", 0));
            b.configureBlocking(false);
            SelectionKey key = b.register(sel, SelectionKey.OP_READ);
            byte[] msg = "partial checksum coverage".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            a.send(ByteBuffer.wrap(msg), b.getLocalAddress());
            awaitReadable(sel, key);
            ByteBuffer in = ByteBuffer.allocate(100);
            assertEquals(a.getLocalAddress(), b.receive(in));
            assertEquals(ByteBuffer.wrap(msg), in.flip());
            assertEquals(136, ((WsnioDatagramChannel) a).protocolInUse(), "SO_PROTOCOL: UDP-Lite");
        }
    }

    @Test
    void coverageOptionsAreOnlyOnUdpLite() throws Exception {
        try (DatagramChannel udp = WSNIO.openDatagramChannel(SocketSpec.UDP_V4)) {
            assertFalse(udp.supportedOptions().contains(WsnioSocketOptions.UDPLITE_SEND_CSCOV));
            assertThrows(UnsupportedOperationException.class, () -> udp.getOption(WsnioSocketOptions.UDPLITE_RECV_CSCOV));
        }
    }

    @Test
    void mptcpBySocketSpecWithAnExchangeAndSoProtocol262() throws Exception {
        Triples.assumeLinux();
        ServerSocketChannel server;
        try {
            server = WSNIO.openServerSocketChannel(MPTCP);
        } catch (SocketCreationException e) {
            Triples.abortIfRefused(e);
            throw e;
        }
        try (server; SocketChannel client = WSNIO.openSocketChannel(MPTCP); Selector sel = WSNIO.openSelector()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            client.connect(server.getLocalAddress());
            try (SocketChannel accepted = server.accept()) {
                assertEquals(262, ((WsnioSocketChannel) client).protocolInUse(), "SO_PROTOCOL of the client");
                assertEquals(262, ((WsnioSocketChannel) accepted).protocolInUse(), "SO_PROTOCOL of the accepted socket");
                accepted.configureBlocking(false);
                SelectionKey key = accepted.register(sel, SelectionKey.OP_READ);
                client.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
                awaitReadable(sel, key);
                ByteBuffer b = ByteBuffer.allocate(16);
                while (b.position() < 4) {
                    assertTrue(accepted.read(b) >= 0);
                }
                accepted.write(b.flip());
                ByteBuffer r = ByteBuffer.allocate(16);
                while (r.position() < 4) {
                    assertTrue(client.read(r) > 0);
                }
                assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), r.flip());
            }
        }
    }
}
