package io.wsnio.backend.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wsnio.BluetoothAddress;
import io.wsnio.SocketSpec.Family;
import io.wsnio.nativeio.Readiness;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Winsock sockaddr encoding (AF_INET6 = 23, SOCKADDR_BTH) and poll-bit mapping: pure Java, runs everywhere. */
class SockAddrsTest {
    private final ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);

    private SocketAddress roundTrip(Family family, SocketAddress a) throws SocketException {
        int len = SockAddrs.encode(b, 8, family, a);
        return SockAddrs.decode(b, 8, len);
    }

    @Test
    void ipv4() throws Exception {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 0x1234);
        assertEquals(16, SockAddrs.encode(b, 0, Family.INET, a));
        assertEquals(2, b.getShort(0));
        assertEquals(0x12, b.get(2));
        assertEquals(0x34, b.get(3));
        assertEquals((byte) 192, b.get(4));
        assertEquals(a, roundTrip(Family.INET, a));
        assertEquals(a, roundTrip(null, a));
    }

    @Test
    void ipv6WithScopeAndV4Mapped() throws Exception {
        Inet6Address ll = Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 5);
        InetSocketAddress a = new InetSocketAddress(ll, 443);
        assertEquals(28, SockAddrs.encode(b, 0, Family.INET6, a));
        assertEquals(23, b.getShort(0));
        assertEquals(5, b.getInt(24));
        assertEquals(a, roundTrip(Family.INET6, a));

        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80);
        SocketAddress mapped = roundTrip(Family.INET6, v4);
        assertInstanceOf(Inet4Address.class, ((InetSocketAddress) mapped).getAddress());
        assertEquals(v4, mapped);
        assertThrows(SocketException.class, () -> SockAddrs.encode(b, 0, Family.INET,
                new InetSocketAddress(InetAddress.getByName("::1"), 1)));
        assertThrows(SocketException.class, () -> SockAddrs.encode(b, 0, Family.INET,
                InetSocketAddress.createUnresolved("example.invalid", 1)));
    }

    @Test
    void unixDomain() throws Exception {
        UnixDomainSocketAddress u = UnixDomainSocketAddress.of("C:\\tmp\\s.sock");
        assertEquals(110, SockAddrs.encode(b, 0, Family.UNIX, u));
        assertEquals(1, b.getShort(0));
        assertEquals(u, roundTrip(Family.UNIX, u));
        assertThrows(SocketException.class, () -> SockAddrs.encode(b, 0, Family.UNIX,
                UnixDomainSocketAddress.of("x".repeat(108))));
    }

    @Test
    void pollBits() {
        assertEquals(0x100 | 0x10, PollBits.toWsa(Readiness.IN | Readiness.OUT));
        assertEquals(0x200, PollBits.toWsa(Readiness.PRI), "POLLPRI is refused in WSAPoll events");
        assertEquals(Readiness.IN | Readiness.HUP | Readiness.ERR, PollBits.fromWsa(0x100 | 0x2 | 0x1));
        assertEquals(Readiness.NVAL, PollBits.fromWsa(0x4));
    }

    @Test
    void bluetoothIsAPackedSockaddrBth() throws Exception {
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, (byte) 0x5a); // whatever was there before
        }
        BluetoothAddress a = BluetoothAddress.of("01:23:45:67:89:AB", 7);
        assertEquals(30, SockAddrs.encode(b, 8, Family.BLUETOOTH, a));
        byte[] expected = new byte[30];
        expected[0] = 32; // AF_BTH, little-endian
        byte[] device = {(byte) 0xab, (byte) 0x89, 0x67, 0x45, 0x23, 0x01, 0, 0}; // btAddr, a little-endian ULONGLONG
        System.arraycopy(device, 0, expected, 2, 8);
        // serviceClassId (bytes 10..25) stays zero: no SDP lookup
        expected[26] = 7; // port
        for (int i = 0; i < 30; i++) {
            assertEquals(expected[i], b.get(8 + i), "byte " + i);
        }
        assertEquals(a, roundTrip(Family.BLUETOOTH, a));
        assertEquals(a, roundTrip(null, a));
        // channel 0 binds to any port: BT_PORT_ANY, which reads back as 0
        SockAddrs.encode(b, 8, Family.BLUETOOTH, BluetoothAddress.any());
        assertEquals(-1, b.getInt(8 + 26));
        assertEquals(BluetoothAddress.any(), SockAddrs.decode(b, 8, 30));
        assertEquals(BluetoothAddress.any(), SockAddrs.unbound(Family.BLUETOOTH));
    }

    @Test
    void bluetoothRefusesWhatNoRfcommSocketHas() throws Exception {
        BluetoothAddress a = BluetoothAddress.of("01:23:45:67:89:AB", 7);
        assertThrows(SocketException.class, () -> SockAddrs.encode(b, 0, Family.INET6, a));
        SockAddrs.encode(b, 0, Family.BLUETOOTH, a);
        b.putShort(2 + 6, (short) 1); // a btAddr past 48 bits
        assertThrows(SocketException.class, () -> SockAddrs.decode(b, 0, 30));
        SockAddrs.encode(b, 0, Family.BLUETOOTH, a);
        b.putInt(26, 31);
        SocketException port = assertThrows(SocketException.class, () -> SockAddrs.decode(b, 0, 30));
        assertEquals(true, port.getMessage().contains("port 31"), port.getMessage());
        assertThrows(SocketException.class, () -> SockAddrs.decode(b, 0, 29));
    }
}
