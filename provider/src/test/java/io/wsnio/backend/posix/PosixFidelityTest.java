package io.wsnio.backend.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.SocketSpec.Protocol;
import io.wsnio.SocketSpec.Type;
import io.wsnio.WsnioSelectorProvider;
import io.wsnio.channels.WsnioDatagramChannel;
import io.wsnio.channels.WsnioServerSocketChannel;
import io.wsnio.channels.WsnioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The POSIX side of the Winsock reference's rules that hold on both backends: protocol 0 lets the
 * system choose TCP or UDP, and sockets are never inherited by a child process (FD_CLOEXEC).
 */
class PosixFidelityTest {
    private static PosixNet net;
    private static WsnioSelectorProvider wsnio;

    interface Fcntl extends Library {
        int fcntl(int fd, int cmd, int arg);
    }

    private static final int F_GETFD = 1, FD_CLOEXEC = 1;

    @BeforeAll
    static void linuxOnly() {
        Assumptions.assumeTrue(System.getProperty("os.name", "").startsWith("Linux"),
                "the POSIX backend runs on Linux; this JVM runs on " + System.getProperty("os.name"));
        net = PosixNet.create();
        wsnio = new WsnioSelectorProvider();
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
    void socketsAreCloseOnExec() throws Exception {
        Fcntl libc = Native.load("c", Fcntl.class);
        long listener = net.socket(SocketSpec.TCP_V4, true);
        long client = -1, accepted = -1, udp = -1;
        long[] pair = {-1, -1};
        try {
            net.bind(listener, Family.INET, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            net.listen(listener, 1);
            client = net.socket(SocketSpec.TCP_V4, true);
            net.connect(client, Family.INET, net.localAddress(listener, Family.INET));
            accepted = net.accept(listener, Family.INET, new SocketAddress[1]);
            udp = net.socket(SocketSpec.UDP_V6, false);
            net.pipe(pair);
            for (long h : new long[] {listener, client, accepted, udp, pair[0], pair[1]}) {
                int flags = libc.fcntl((int) h, F_GETFD, 0);
                assertNotEquals(-1, flags, "fcntl(F_GETFD) failed on " + h);
                assertTrue((flags & FD_CLOEXEC) != 0, "FD_CLOEXEC is clear on descriptor " + h);
            }
        } finally {
            for (long h : new long[] {pair[1], pair[0], udp, accepted, client, listener}) {
                if (h != -1) {
                    net.close(h);
                }
            }
        }
    }
}
