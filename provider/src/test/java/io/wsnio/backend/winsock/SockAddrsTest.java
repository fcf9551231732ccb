package io.wsnio.backend.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

/** Winsock sockaddr encoding (AF_INET6 = 23) and poll-bit mapping: pure Java, runs everywhere. */
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
}
