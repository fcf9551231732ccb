package io.wsnio.spi.options;

import io.wsnio.testkit.Require;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsnio.WsnioSelectorProvider;
import io.wsnio.WsnioSocketOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** wsnio's own options (WsnioSocketOptions) and the jdk.net ones the JDK offers on Linux. */
class WsnioOptionsTest {
    private final WsnioSelectorProvider wsnio = new WsnioSelectorProvider();

    private static void assumeLinux() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "these options are Linux's");
    }


    @Test
    void tcpOptionsRoundTripAndRejectNegativeValues() throws IOException {
        assumeLinux();
        try (SocketChannel ch = wsnio.openSocketChannel(); ServerSocketChannel server = wsnio.openServerSocketChannel()) {
            ch.setOption(WsnioSocketOptions.TCP_USER_TIMEOUT, 5000);
            assertEquals(5000, ch.getOption(WsnioSocketOptions.TCP_USER_TIMEOUT));
            ch.setOption(WsnioSocketOptions.TCP_NOTSENT_LOWAT, 16384);
            assertEquals(16384, ch.getOption(WsnioSocketOptions.TCP_NOTSENT_LOWAT));
            assertThrows(IllegalArgumentException.class, () -> ch.setOption(WsnioSocketOptions.TCP_USER_TIMEOUT, -1));
            server.setOption(WsnioSocketOptions.TCP_FASTOPEN, 5);
            assertEquals(5, server.getOption(WsnioSocketOptions.TCP_FASTOPEN));
            assertThrows(UnsupportedOperationException.class, () -> ch.setOption(WsnioSocketOptions.TCP_FASTOPEN, 5),
                    "TCP_FASTOPEN is a listener option");
            assertTrue(ch.supportedOptions().contains(WsnioSocketOptions.TCP_USER_TIMEOUT));
            assertFalse(ch.supportedOptions().contains(WsnioSocketOptions.TCP_FASTOPEN));
            ch.close();
            assertThrows(ClosedChannelException.class, () -> ch.getOption(WsnioSocketOptions.TCP_USER_TIMEOUT));
        }
    }

    @Test
    void ipFreebindAllowsBindingAnAddressNoInterfaceHas() throws IOException {
        assumeLinux();
        InetSocketAddress unassigned = new InetSocketAddress(InetAddress.getByName("192.0.2.77"), 0); // TEST-NET-1
        try (SocketChannel plain = wsnio.openSocketChannel(StandardProtocolFamily.INET)) {
            assertThrows(BindException.class, () -> plain.bind(unassigned));
        }
        try (SocketChannel free = wsnio.openSocketChannel(StandardProtocolFamily.INET)) {
            free.setOption(WsnioSocketOptions.IP_FREEBIND, true);
            assertTrue(free.getOption(WsnioSocketOptions.IP_FREEBIND));
            free.bind(unassigned);
            assertEquals(unassigned.getAddress(), ((InetSocketAddress) free.getLocalAddress()).getAddress());
        }
    }

    @Test
    void ipTransparentNeedsCapNetAdmin() throws IOException {
        assumeLinux();
        Require.capability("root", Require.isRoot(), "setting IP_TRANSPARENT needs CAP_NET_ADMIN");
        try (DatagramChannel ch = wsnio.openDatagramChannel(StandardProtocolFamily.INET)) {
            ch.setOption(WsnioSocketOptions.IP_TRANSPARENT, true);
            assertTrue(ch.getOption(WsnioSocketOptions.IP_TRANSPARENT));
        }
    }

    @Test
    void soBindToDeviceTakesAnInterfaceName() throws IOException {
        assumeLinux();
        Require.capability("root", Require.isRoot(), "SO_BINDTODEVICE needs CAP_NET_RAW on older kernels");
        try (SocketChannel ch = wsnio.openSocketChannel()) {
            ch.setOption(WsnioSocketOptions.SO_BINDTODEVICE, "lo");
            assertEquals("lo", ch.getOption(WsnioSocketOptions.SO_BINDTODEVICE));
            assertThrows(IOException.class, () -> ch.setOption(WsnioSocketOptions.SO_BINDTODEVICE, "nosuchif0"));
            assertThrows(IllegalArgumentException.class,
                    () -> ch.setOption(WsnioSocketOptions.SO_BINDTODEVICE, "a-name-longer-than-15"));
            ch.setOption(WsnioSocketOptions.SO_BINDTODEVICE, "");
            assertEquals("", ch.getOption(WsnioSocketOptions.SO_BINDTODEVICE));
        }
    }

    @Test
    void rawOptionsReachAnyLevelAndName() throws IOException {
        assumeLinux();
        SocketOption<byte[]> keepalive = WsnioSocketOptions.raw(1, 9); // SOL_SOCKET, SO_KEEPALIVE
        try (SocketChannel ch = wsnio.openSocketChannel()) {
            byte[] one = java.nio.ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(1).array();
            ch.setOption(keepalive, one);
            assertTrue(ch.getOption(StandardSocketOptions.SO_KEEPALIVE), "raw set is seen by the named option");
            assertArrayEquals(one, ch.getOption(keepalive));
            assertFalse(ch.supportedOptions().contains(keepalive), "raw options are never listed");
            assertThrows(IllegalArgumentException.class, () -> ch.setOption(keepalive, new byte[65]));
            assertThrows(IOException.class, () -> ch.getOption(WsnioSocketOptions.raw(1, 9999)));
        }
    }

    /**
     * A raw get passes the kernel zeros, not what this thread's last option call left in its
     * scratch: IP_MSFILTER reads a group and an interface from its value. Right after a raw set
     * of IP_MSFILTER for a joined group left that very struct behind, a raw get (which has no
     * input) must see group 0.0.0.0 and fail; with stale scratch it returned the group's filter.
     */
    @Test
    void rawGetPassesZerosNotTheThreadsLastOptionValue() throws Exception {
        assumeLinux();
        java.net.NetworkInterface nif = null;
        java.net.Inet4Address local = null;
        for (java.net.NetworkInterface n : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (n.isUp() && n.supportsMulticast() && !n.isLoopback()) {
                for (java.net.InetAddress a : java.util.Collections.list(n.getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address) {
                        nif = n;
                        local = (java.net.Inet4Address) a;
                    }
                }
            }
        }
        assumeTrue(local != null, "needs an up, multicast-capable interface with an IPv4 address");
        java.net.InetAddress group = java.net.InetAddress.getByName("239.255.14.5");
        try (java.nio.channels.DatagramChannel ch = wsnio.openDatagramChannel(java.net.StandardProtocolFamily.INET)) {
            ch.bind(new java.net.InetSocketAddress(0));
            ch.join(group, nif);
            // struct ip_msfilter with no sources: multiaddr, interface, fmode MCAST_EXCLUDE (0), numsrc 0
            byte[] filter = new byte[16];
            System.arraycopy(group.getAddress(), 0, filter, 0, 4);
            System.arraycopy(local.getAddress(), 0, filter, 4, 4);
            SocketOption<byte[]> msfilter = WsnioSocketOptions.raw(0, 41); // IPPROTO_IP, IP_MSFILTER
            ch.setOption(msfilter, filter);
            IOException e = assertThrows(IOException.class, () -> ch.getOption(msfilter),
                    "a raw get of IP_MSFILTER saw the group of the previous call's value");
            assertTrue(e.getMessage().contains("EINVAL") || e.getMessage().contains("EADDRNOTAVAIL"), e.toString());
        }
    }

    /**
     * Options whose value carries a user-space pointer the kernel follows (read or written) are
     * refused by name before any call: TCP_ZEROCOPY_RECEIVE, SO_ATTACH_FILTER and friends.
     */
    @Test
    void rawOptionsCarryingPointersAreRefused() throws IOException {
        assumeLinux();
        try (SocketChannel ch = wsnio.openSocketChannel()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ch.getOption(WsnioSocketOptions.raw(6, 35)));
            assertTrue(e.getMessage().contains("TCP_ZEROCOPY_RECEIVE"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> ch.setOption(WsnioSocketOptions.raw(1, 26), new byte[16]));
            assertTrue(e.getMessage().contains("SO_ATTACH_FILTER"), e.getMessage());
        }
    }

    @Test
    void soPeerCredMatchesTheJdk() throws Exception {
        assumeLinux();
        SocketOption<?> peercred = (SocketOption<?>) Class.forName("jdk.net.ExtendedSocketOptions")
                .getField("SO_PEERCRED").get(null);
        Path dir = Files.createTempDirectory("wsnio-peercred");
        Object jdk = peerCredentials(SelectorProvider.provider(), dir.resolve("jdk.sock"), peercred);
        Object ours = peerCredentials(wsnio, dir.resolve("wsnio.sock"), peercred);
        assertEquals(jdk, ours);
        try (SocketChannel ch = wsnio.openSocketChannel(StandardProtocolFamily.UNIX)) {
            assertTrue(ch.supportedOptions().contains(peercred));
            assertThrows(IOException.class, () -> setRaw(ch, peercred, ours), "SO_PEERCRED is read-only");
        }
    }

    private static Object peerCredentials(SelectorProvider p, Path sock, SocketOption<?> peercred) throws IOException {
        try (ServerSocketChannel server = p.openServerSocketChannel(StandardProtocolFamily.UNIX)
                     .bind(UnixDomainSocketAddress.of(sock));
             SocketChannel client = p.openSocketChannel(StandardProtocolFamily.UNIX)) {
            client.connect(server.getLocalAddress());
            try (SocketChannel accepted = server.accept()) {
                return accepted.getOption(peercred);
            }
        }
    }

    @Test
    void mptcpInfoReportsTheConnectionOnMptcpSocketsOnly() throws IOException {
        assumeLinux();
        io.wsnio.SocketSpec spec = io.wsnio.SocketSpec.of(io.wsnio.SocketSpec.Family.INET,
                io.wsnio.SocketSpec.Type.STREAM, io.wsnio.SocketSpec.Protocol.MPTCP);
        ServerSocketChannel server;
        try {
            server = wsnio.openServerSocketChannel(spec);
        } catch (io.wsnio.SocketCreationException e) {
            Require.capability("mptcp", false, "this kernel refuses MPTCP: " + e.getMessage());
            return;
        }
        try (server; SocketChannel client = wsnio.openSocketChannel(spec); SocketChannel tcp = wsnio.openSocketChannel()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            client.connect(server.getLocalAddress());
            try (SocketChannel accepted = server.accept()) {
                client.write(java.nio.ByteBuffer.allocate(1000));
                io.wsnio.MptcpInfo info = client.getOption(WsnioSocketOptions.MPTCP_INFO);
                assertFalse(info.fallback(), "a loopback MPTCP connection does not fall back: " + info);
                assertTrue(info.subflowsMax() > 0, info.toString());
                assertTrue(info.writeSeq() - info.sndUna() >= 0, info.toString());
                assertThrows(java.net.SocketException.class, () -> setRaw(client, WsnioSocketOptions.MPTCP_INFO, info));
            }
            assertFalse(tcp.supportedOptions().contains(WsnioSocketOptions.MPTCP_INFO));
            assertThrows(UnsupportedOperationException.class, () -> tcp.getOption(WsnioSocketOptions.MPTCP_INFO));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void setRaw(SocketChannel ch, SocketOption o, Object v) throws IOException {
        ch.setOption(o, v);
    }
}
