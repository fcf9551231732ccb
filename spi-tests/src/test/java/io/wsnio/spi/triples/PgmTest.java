package io.wsnio.spi.triples;

import static io.wsnio.spi.triples.Triples.WSNIO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.PgmSendWindow;
import io.wsnio.ProtocolCatalog;
import io.wsnio.SocketCreationException;
import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.SocketSpec.Protocol;
import io.wsnio.SocketSpec.Type;
import io.wsnio.WsnioSocketOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * PGM, the reference's (AF_INET, SOCK_RDM, IPPROTO_RM): a receiver listens and accepts a
 * sender's session, a sender connects to the group and writes, so the triple opens as a
 * ServerSocketChannel and a SocketChannel (and as a DatagramChannel, the message type it is).
 * The exchange runs wherever the Winsock catalog lists (2, 4, 113) and aborts with the reason
 * elsewhere; on Linux every kind of channel is refused with the reason.
 */
class PgmTest {
    private static final SocketSpec PGM = SocketSpec.of(Family.INET, Type.RDM, Protocol.RM);

    @Test
    void rmIsTheReferencesNameFor113() {
        assertEquals(113, Protocol.RM.value());
        assertEquals(SocketSpec.of(Family.INET, Type.RDM, Protocol.PGM), PGM, "IPPROTO_RM and IPPROTO_PGM are one protocol");
    }

    @Test
    void linuxRefusesEveryKindOfPgmChannelWithTheReason() {
        Triples.assumeLinux();
        for (Class<?> kind : new Class<?>[] {ServerSocketChannel.class, SocketChannel.class, java.nio.channels.DatagramChannel.class}) {
            SocketCreationException e = assertThrows(SocketCreationException.class, () -> {
                if (kind == ServerSocketChannel.class) {
                    WSNIO.openServerSocketChannel(PGM).close();
                } else if (kind == SocketChannel.class) {
                    WSNIO.openSocketChannel(PGM).close();
                } else {
                    WSNIO.openDatagramChannel(PGM).close();
                }
            }, kind.getSimpleName());
            assertTrue(e.getMessage().contains("PGM (SOCK_RDM reliable multicast) exists only on Windows"), e.getMessage());
        }
    }

    /** Aborts unless this is Winsock and its catalog lists (2, 4, 113). */
    private static void assumePgmInstalled() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name", "").startsWith("Windows"), "PGM is Winsock's (the Windows lane)");
        List<ProtocolCatalog.Entry> catalog = ProtocolCatalog.current();
        boolean listed = catalog.stream().anyMatch(e -> e.spec().equals(PGM));
        Assumptions.assumeTrue(listed, "this machine's Winsock catalog (WSAEnumProtocolsW) has no (AF_INET, SOCK_RDM, IPPROTO_RM):"
                + " the Reliable Multicast Protocol is not installed; catalog: " + catalog);
    }

    private static final List<SocketOption<?>> RM_OPTIONS = List.of(WsnioSocketOptions.RM_RATE_WINDOW_SIZE,
            WsnioSocketOptions.RM_SET_MESSAGE_BOUNDARY, WsnioSocketOptions.RM_SENDER_STATISTICS,
            WsnioSocketOptions.RM_LATEJOIN, WsnioSocketOptions.RM_SET_SEND_IF, WsnioSocketOptions.RM_ADD_RECEIVE_IF,
            WsnioSocketOptions.RM_DEL_RECEIVE_IF, WsnioSocketOptions.RM_SEND_WINDOW_ADV_RATE,
            WsnioSocketOptions.RM_USE_FEC, WsnioSocketOptions.RM_SET_MCAST_TTL,
            WsnioSocketOptions.RM_RECEIVER_STATISTICS, WsnioSocketOptions.RM_HIGH_SPEED_INTRANET_OPT);

    @Test
    void rmOptionsBelongToPgmChannelsOnly() throws Exception {
        try (java.nio.channels.DatagramChannel udp = WSNIO.openDatagramChannel(SocketSpec.of(Family.INET, Type.DGRAM, Protocol.UDP));
             SocketChannel tcp = WSNIO.openSocketChannel(SocketSpec.of(Family.INET, Type.STREAM, Protocol.TCP))) {
            for (SocketOption<?> o : RM_OPTIONS) {
                assertFalse(udp.supportedOptions().contains(o), o.name());
                assertFalse(tcp.supportedOptions().contains(o), o.name());
            }
            assertThrows(UnsupportedOperationException.class, () -> udp.setOption(WsnioSocketOptions.RM_LATEJOIN, 10));
            assertThrows(UnsupportedOperationException.class, () -> tcp.getOption(WsnioSocketOptions.RM_SENDER_STATISTICS));
        }
    }

    @Test
    void rmOptionsOnASenderAndAReceiverWherePgmIsInstalled() throws Exception {
        assumePgmInstalled();
        try (ServerSocketChannel receiver = WSNIO.openServerSocketChannel(PGM);
             SocketChannel sender = WSNIO.openSocketChannel(PGM);
             java.nio.channels.DatagramChannel message = WSNIO.openDatagramChannel(PGM)) {
            for (SocketOption<?> o : RM_OPTIONS) {
                assertTrue(receiver.supportedOptions().contains(o), "receiver " + o.name());
                assertTrue(sender.supportedOptions().contains(o), "sender " + o.name());
                assertTrue(message.supportedOptions().contains(o), "datagram " + o.name());
            }
            // 250,000 bytes over 2,000 ms is 1,000 kbit/s: the ratio Windows enforces holds already
            PgmSendWindow window = new PgmSendWindow(1000, 2000, 250_000);
            sender.setOption(WsnioSocketOptions.RM_RATE_WINDOW_SIZE, window);
            assertEquals(window, sender.getOption(WsnioSocketOptions.RM_RATE_WINDOW_SIZE));
            sender.setOption(WsnioSocketOptions.RM_LATEJOIN, 10);
            assertEquals(10, sender.getOption(WsnioSocketOptions.RM_LATEJOIN));
            // checked in Java: no native call is made with these
            assertThrows(IllegalArgumentException.class, () -> sender.setOption(WsnioSocketOptions.RM_LATEJOIN, 76));
            assertThrows(IllegalArgumentException.class,
                    () -> sender.setOption(WsnioSocketOptions.RM_SET_SEND_IF, InetAddress.getByName("::1")));
            assertThrows(java.net.SocketException.class, () -> receiver.getOption(WsnioSocketOptions.RM_ADD_RECEIVE_IF));
            receiver.setOption(WsnioSocketOptions.RM_HIGH_SPEED_INTRANET_OPT, true);
            assertEquals(true, receiver.getOption(WsnioSocketOptions.RM_HIGH_SPEED_INTRANET_OPT));
        }
    }

    @Test
    void receiverAcceptsASendersSessionWherePgmIsInstalled() throws Exception {
        assumePgmInstalled();
        InetSocketAddress group = new InetSocketAddress(InetAddress.getByName("234.5.6.7"), 41000 + (int) (ProcessHandle.current().pid() % 1000));
        try (ServerSocketChannel receiver = WSNIO.openServerSocketChannel(PGM)) {
            receiver.bind(group);
            try (SocketChannel sender = WSNIO.openSocketChannel(PGM)) {
                sender.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[4]), 0));
                sender.connect(group);
                byte[] message = "reliable multicast".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                sender.write(ByteBuffer.wrap(message));
                try (SocketChannel session = receiver.accept()) {
                    ByteBuffer in = ByteBuffer.allocate(message.length);
                    while (in.hasRemaining() && session.read(in) >= 0) {
                        // a message may arrive in parts
                    }
                    assertArrayEquals(message, in.array());
                }
            }
        }
    }
}
