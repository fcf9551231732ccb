package io.wsnio.backend.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.wsnio.SocketCreationException;
import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.SocketSpec.Protocol;
import io.wsnio.SocketSpec.Type;
import io.wsnio.WsnioSelectorProvider;
import io.wsnio.channels.WsnioDatagramChannel;
import io.wsnio.channels.WsnioServerSocketChannel;
import io.wsnio.channels.WsnioSocketChannel;
import io.wsnio.nativeio.NativeNet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rows of the Winsock {@code socket()} reference beyond creation, end to end on a Windows JVM
 * (in practice the Wine lane): AF_UNSPEC as the reference's own example uses it, the "protocol 0"
 * rule, and non-inheritable handles.
 */
class WinsockFidelityTest {
    private static NativeNet net;
    private static WsnioSelectorProvider wsnio;

    interface HandleInfo extends Library {
        /** BOOL GetHandleInformation(HANDLE, LPDWORD flags). */
        int GetHandleInformation(long handle, int[] flags);
    }

    @BeforeAll
    static void windowsOnly() {
        Assumptions.assumeTrue(System.getProperty("os.name", "").startsWith("Windows"),
                "Winsock tests run on a Windows JVM (the Wine lane)");
        net = WinsockNet.create();
        wsnio = new WsnioSelectorProvider();
    }

    private static InetSocketAddress loopback(Family family) throws IOException {
        byte[] a = family == Family.INET6 ? InetAddress.getByName("::1").getAddress() : new byte[] {127, 0, 0, 1};
        return new InetSocketAddress(InetAddress.getByAddress(a), 0);
    }

    /** The family Winsock chose for an AF_UNSPEC socket of this spec, read from SO_PROTOCOL_INFOW. */
    private static Family chosenFamily(SocketSpec spec) throws IOException {
        long h = net.socket(spec, true);
        try {
            Family f = net.familyOf(spec, h);
            assertNotNull(f, spec + ": SO_PROTOCOL_INFOW names a family without a symbol here");
            assertNotEquals(Family.UNSPEC, f, spec + ": the family stayed AF_UNSPEC");
            return f;
        } finally {
            net.close(h);
        }
    }

    @Test
    void unspecifiedFamilyDatagramTakesTheFamilyTheProviderChose() throws Exception {
        SocketSpec spec = SocketSpec.nativeTriple(0, 2, 17); // the reference's example: "0 2 17"
        Family family = chosenFamily(spec);
        System.out.println("socket(AF_UNSPEC, SOCK_DGRAM, IPPROTO_UDP) became " + family);
        try (DatagramChannel ch = wsnio.openDatagramChannel(spec)) {
            ch.bind(loopback(family));
            SocketAddress self = ch.getLocalAddress();
            assertEquals(loopback(family).getAddress(), ((InetSocketAddress) self).getAddress());
            ch.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), self);
            ByteBuffer in = ByteBuffer.allocate(8);
            assertEquals(self, ch.receive(in));
            assertEquals(3, in.position());
            assertEquals(17, ((WsnioDatagramChannel) ch).protocolInUse());
        }
    }

    @Test
    void unspecifiedFamilyStreamConnectsAndAccepts() throws Exception {
        SocketSpec spec = SocketSpec.of(Family.UNSPEC, Type.STREAM, Protocol.TCP);
        Family family = chosenFamily(spec);
        try (ServerSocketChannel server = wsnio.openServerSocketChannel(spec);
                SocketChannel client = wsnio.openSocketChannel(spec)) {
            server.bind(loopback(family));
            assertTrue(client.connect(server.getLocalAddress()) || client.finishConnect());
            try (SocketChannel accepted = server.accept()) {
                client.write(ByteBuffer.wrap(new byte[] {42}));
                ByteBuffer in = ByteBuffer.allocate(1);
                assertEquals(1, accepted.read(in));
                assertEquals(42, in.get(0));
                assertEquals(client.getLocalAddress(), accepted.getRemoteAddress());
            }
        }
    }

    @Test
    void unspecifiedFamilyWithoutTypeOrProtocolIsRefusedWithTheReferencesReason() {
        SocketSpec nothing = SocketSpec.nativeTriple(0, 0, 0);
        SocketCreationException e = assertThrows(SocketCreationException.class, () -> net.socket(nothing, true));
        System.out.println("socket(AF_UNSPEC, 0, 0): " + e.getMessage());
        assertTrue(e.getMessage().contains("AF_UNSPEC with neither a type nor a protocol"), e.getMessage());
        assertTrue(e.getMessage().contains("socket(AF_UNSPEC 0, 0, 0)"), e.getMessage());
    }

    @Test
    void protocolZeroIsTcpForStreamsAndUdpForDatagrams() throws Exception {
        for (Family f : new Family[] {Family.INET, Family.INET6}) {
            try (SocketChannel s = wsnio.openSocketChannel(SocketSpec.of(f, Type.STREAM, Protocol.DEFAULT));
                    ServerSocketChannel l = wsnio.openServerSocketChannel(SocketSpec.of(f, Type.STREAM, Protocol.DEFAULT));
                    DatagramChannel d = wsnio.openDatagramChannel(SocketSpec.of(f, Type.DGRAM, Protocol.DEFAULT))) {
                assertEquals(6, ((WsnioSocketChannel) s).protocolInUse(), f + " stream");
                assertEquals(6, ((WsnioServerSocketChannel) l).protocolInUse(), f + " listener");
                assertEquals(17, ((WsnioDatagramChannel) d).protocolInUse(), f + " datagram");
            }
        }
    }

    @Test
    void socketsAreNotInheritable() throws Exception {
        HandleInfo kernel32 = Native.load("kernel32", HandleInfo.class);
        long listener = net.socket(SocketSpec.TCP_V4, true);
        long client = -1, accepted = -1;
        try {
            net.bind(listener, Family.INET, loopback(Family.INET));
            net.listen(listener, 1);
            client = net.socket(SocketSpec.TCP_V4, true);
            net.connect(client, Family.INET, net.localAddress(listener, Family.INET));
            accepted = net.accept(listener, Family.INET, new SocketAddress[1]);
            long udp = net.socket(SocketSpec.UDP_V6, false);
            try {
                for (long h : new long[] {listener, client, accepted, udp}) {
                    int[] flags = {-1};
                    assertNotEquals(0, kernel32.GetHandleInformation(h, flags), "GetHandleInformation failed");
                    assertEquals(0, flags[0] & 1, "HANDLE_FLAG_INHERIT is set on socket " + h);
                }
            } finally {
                net.close(udp);
            }
        } finally {
            for (long h : new long[] {accepted, client, listener}) {
                if (h != -1) {
                    net.close(h);
                }
            }
        }
    }
}
