package io.wsnio.spi.triples;

import static io.wsnio.spi.triples.Triples.WSNIO;
import static io.wsnio.spi.triples.Triples.awaitReadable;
import static io.wsnio.spi.triples.Triples.bytes;
import static io.wsnio.spi.triples.Triples.checksum;
import static io.wsnio.spi.triples.Triples.openDatagramOrAbort;
import static io.wsnio.spi.triples.Triples.put16;
import static io.wsnio.spi.triples.Triples.u16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.SocketSpec.Protocol;
import io.wsnio.SocketSpec.Type;
import io.wsnio.WsnioSocketOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Raw sockets as selectable DatagramChannels (needs root or CAP_NET_RAW, or Administrator; aborts
 * with the system's reason otherwise): ICMP and ICMPv6 echo against loopback, a hand-built
 * IPv4+UDP packet through IP_HDRINCL, and the other raw protocols opening. Runs on both backends:
 * in the Winsock lane, root under Wine stands in for Administrator.
 */
class RawSocketTest {
    private static final SocketSpec ICMP_V4 = SocketSpec.of(Family.INET, Type.RAW, Protocol.ICMP);
    private static final SocketSpec ICMP_V6 = SocketSpec.of(Family.INET6, Type.RAW, Protocol.ICMPV6);
    private static final InetSocketAddress LO4 = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);


    private static byte[] echoRequestV4(int id, int seq, byte[] payload, boolean goodChecksum) {
        byte[] m = new byte[8 + payload.length];
        m[0] = 8; // echo request
        put16(m, 4, id);
        put16(m, 6, seq);
        System.arraycopy(payload, 0, m, 8, payload.length);
        int c = checksum(m, 0, m.length);
        put16(m, 2, goodChecksum ? c : c ^ 0x5a5a);
        return m;
    }

    /** Receives datagrams until the ICMP (v4, with IP header) echo reply with {@code id} arrives; fails on one with {@code badId}. */
    private static byte[] awaitEchoReplyV4(Selector sel, SelectionKey key, DatagramChannel ch, int id, int badId) throws Exception {
        ByteBuffer in = ByteBuffer.allocate(65536);
        for (int round = 0; round < 50; round++) {
            awaitReadable(sel, key);
            SocketAddress from;
            while ((from = ch.receive(in.clear())) != null) {
                byte[] d = bytes(in.flip());
                assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), from, "raw sender: address, port 0");
                assertEquals(4, (d[0] & 0xff) >> 4, "an IPv4 raw receive starts with the IPv4 header");
                int ihl = (d[0] & 0x0f) * 4;
                assertEquals(d.length, u16(d, 2), "the IPv4 total length is the datagram received");
                assertEquals(1, d[9], "IPv4 protocol field: ICMP");
                int type = d[ihl] & 0xff;
                int rid = u16(d, ihl + 4);
                if (type == 0 && rid == badId) {
                    throw new AssertionError("the kernel answered an echo request with a wrong checksum");
                }
                if (type == 0 && rid == id) {
                    byte[] icmp = java.util.Arrays.copyOfRange(d, ihl, d.length);
                    assertEquals(0, checksum(icmp, 0, icmp.length), "the reply's ICMP checksum verifies");
                    assertEquals(0, checksum(d, 0, ihl), "the IPv4 header checksum verifies");
                    return icmp;
                }
            }
        }
        throw new AssertionError("no echo reply with id " + id);
    }

    @Test
    void icmpEchoOverIpv4WithTheChecksumComputedInJava() throws Exception {
        try (DatagramChannel ch = openDatagramOrAbort(ICMP_V4); Selector sel = WSNIO.openSelector()) {
            ch.configureBlocking(false);
            SelectionKey key = ch.register(sel, SelectionKey.OP_READ);
            assertEquals(0, sel.selectNow(), "nothing to read before the request");
            int id = ThreadLocalRandom.current().nextInt(1, 0xffff);
            int badId = id ^ 0x8000;
            byte[] payload = "wsnio raw ICMP".getBytes(StandardCharsets.US_ASCII);
            // a request with a wrong checksum first: the kernel must drop it, so its reply never precedes the good one
            ch.send(ByteBuffer.wrap(echoRequestV4(badId, 1, payload, false)), LO4);
            byte[] request = echoRequestV4(id, 7, payload, true);
            assertEquals(request.length, ch.send(ByteBuffer.wrap(request), LO4));
            byte[] reply = awaitEchoReplyV4(sel, key, ch, id, badId);
            assertEquals(7, u16(reply, 6), "sequence echoed");
            assertArrayEquals(payload, java.util.Arrays.copyOfRange(reply, 8, reply.length), "payload echoed");
        }
    }

    @Test
    void icmpv6EchoWithTheKernelsChecksumAndNoIpv6HeaderOnReceive() throws Exception {
        if (Triples.underWine()) {
            try (DatagramChannel ch = WSNIO.openDatagramChannel(ICMP_V6)) {
                // Wine took it after all: run the test below
            } catch (io.wsnio.SocketCreationException e) {
                Assumptions.assumeFalse(e.errorName().equals("WSAEPROTONOSUPPORT"),
                        "Wine 8 refuses socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6) with WSAEPROTONOSUPPORT"
                        + " (Windows takes it as Administrator): " + e.getMessage());
                throw e;
            }
        }
        try (DatagramChannel ch = openDatagramOrAbort(ICMP_V6); Selector sel = WSNIO.openSelector()) {
            ch.configureBlocking(false);
            SelectionKey key = ch.register(sel, SelectionKey.OP_READ);
            InetAddress lo6 = InetAddress.getByName("::1");
            int id = ThreadLocalRandom.current().nextInt(1, 0xffff);
            byte[] payload = "wsnio raw ICMPv6".getBytes(StandardCharsets.US_ASCII);
            byte[] m = new byte[8 + payload.length];
            m[0] = (byte) 128; // echo request; checksum left 0: the kernel computes it on raw ICMPv6 sockets
            put16(m, 4, id);
            put16(m, 6, 3);
            System.arraycopy(payload, 0, m, 8, payload.length);
            ch.send(ByteBuffer.wrap(m), new InetSocketAddress(lo6, 0));
            ByteBuffer in = ByteBuffer.allocate(65536);
            for (int round = 0; round < 50; round++) {
                awaitReadable(sel, key);
                SocketAddress from;
                while ((from = ch.receive(in.clear())) != null) {
                    byte[] d = bytes(in.flip());
                    assertEquals(lo6, ((InetSocketAddress) from).getAddress());
                    if ((d[0] & 0xff) == 129 && u16(d, 4) == id) {
                        assertEquals(m.length, d.length, "an IPv6 raw receive has no IPv6 header: just the ICMPv6 message");
                        assertEquals(3, u16(d, 6));
                        assertArrayEquals(payload, java.util.Arrays.copyOfRange(d, 8, d.length));
                        assertNotEquals(0, u16(d, 2), "the reply carries a checksum");
                        assertEquals(0, icmpv6Checksum(lo6, lo6, d), "ICMPv6 checksum over the pseudo-header verifies");
                        return;
                    }
                }
            }
            throw new AssertionError("no ICMPv6 echo reply with id " + id);
        }
    }

    private static int icmpv6Checksum(InetAddress src, InetAddress dst, byte[] msg) {
        byte[] p = new byte[40 + msg.length];
        System.arraycopy(src.getAddress(), 0, p, 0, 16);
        System.arraycopy(dst.getAddress(), 0, p, 16, 16);
        p[34] = (byte) (msg.length >>> 8);
        p[35] = (byte) msg.length;
        p[39] = 58;
        System.arraycopy(msg, 0, p, 40, msg.length);
        return checksum(p, 0, p.length);
    }

    @Test
    void ipHdrinclSendsAHandBuiltIpv4UdpPacketThatAnOrdinaryDatagramChannelReceives() throws Exception {
        try (DatagramChannel raw = openDatagramOrAbort(SocketSpec.of(Family.INET, Type.RAW, Protocol.UDP));
                DatagramChannel receiver = DatagramChannel.open(StandardProtocolFamily.INET); // the JDK's own
                Selector jdkSel = Selector.open()) {
            receiver.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) receiver.getLocalAddress()).getPort();
            assertTrue(raw.supportedOptions().contains(WsnioSocketOptions.IP_HDRINCL));
            assertFalse(raw.getOption(WsnioSocketOptions.IP_HDRINCL), "off by default for protocol 17");
            raw.setOption(WsnioSocketOptions.IP_HDRINCL, true);
            assertTrue(raw.getOption(WsnioSocketOptions.IP_HDRINCL));

            byte[] payload = "built by hand".getBytes(StandardCharsets.US_ASCII);
            byte[] pkt = new byte[20 + 8 + payload.length];
            pkt[0] = 0x45;                 // version 4, IHL 5
            put16(pkt, 2, pkt.length);     // total length
            put16(pkt, 4, 0x1234);         // identification
            put16(pkt, 6, 0x4000);         // don't fragment
            pkt[8] = 64;                   // TTL
            pkt[9] = 17;                   // UDP
            byte[] lo = {127, 0, 0, 1};
            System.arraycopy(lo, 0, pkt, 12, 4);
            System.arraycopy(lo, 0, pkt, 16, 4);
            put16(pkt, 10, checksum(pkt, 0, 20));
            put16(pkt, 20, 40001);         // UDP source port
            put16(pkt, 22, port);          // UDP destination port
            put16(pkt, 24, 8 + payload.length);
            // UDP checksum 0: none, allowed over IPv4
            System.arraycopy(payload, 0, pkt, 28, payload.length);
            assertEquals(pkt.length, raw.send(ByteBuffer.wrap(pkt), new InetSocketAddress("127.0.0.1", 0)));

            receiver.configureBlocking(false);
            receiver.register(jdkSel, SelectionKey.OP_READ);
            assertEquals(1, jdkSel.select(5000), "the JDK channel received the hand-built packet");
            ByteBuffer in = ByteBuffer.allocate(1500);
            SocketAddress from = receiver.receive(in);
            assertEquals(new InetSocketAddress("127.0.0.1", 40001), from, "source port from the hand-built UDP header");
            assertArrayEquals(payload, bytes(in.flip()));
        }
    }

    @Test
    void igmpAndProtocol255OpenAndRegister() throws Exception {
        try (DatagramChannel igmp = openDatagramOrAbort(SocketSpec.of(Family.INET, Type.RAW, Protocol.IGMP));
                DatagramChannel ip255 = openDatagramOrAbort(SocketSpec.of(Family.INET, Type.RAW, Protocol.RAW));
                DatagramChannel ip6raw = openDatagramOrAbort(SocketSpec.of(Family.INET6, Type.RAW, Protocol.RAW));
                Selector sel = WSNIO.openSelector()) {
            assertFalse(igmp.getOption(WsnioSocketOptions.IP_HDRINCL), "IGMP: the kernel builds the IP header");
            assertTrue(ip255.getOption(WsnioSocketOptions.IP_HDRINCL), "protocol 255 implies IP_HDRINCL on Linux");
            assertFalse(ip6raw.supportedOptions().contains(WsnioSocketOptions.IP_HDRINCL), "IP_HDRINCL is IPv4 only");
            assertThrows(UnsupportedOperationException.class, () -> ip6raw.getOption(WsnioSocketOptions.IP_HDRINCL));
            for (DatagramChannel c : new DatagramChannel[] {igmp, ip255, ip6raw}) {
                c.configureBlocking(false);
                SelectionKey k = c.register(sel, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                assertTrue(k.isValid());
            }
            sel.select(1000);
            assertEquals(3, sel.selectedKeys().size(), "every raw socket is writable");
            assertEquals(2, ((io.wsnio.channels.WsnioDatagramChannel) igmp).protocolInUse());
            assertEquals(255, ((io.wsnio.channels.WsnioDatagramChannel) ip255).protocolInUse());
        }
    }

    @Test
    void ipHdrinclIsOnlyOnIpv4RawSockets() throws Exception {
        try (DatagramChannel udp = WSNIO.openDatagramChannel(SocketSpec.UDP_V4)) {
            assertFalse(udp.supportedOptions().contains(WsnioSocketOptions.IP_HDRINCL));
            assertThrows(UnsupportedOperationException.class, () -> udp.setOption(WsnioSocketOptions.IP_HDRINCL, true));
        }
    }
}
