package io.wsnio.testkit;

import io.wsnio.SocketSpec;
import io.wsnio.nativeio.NativeNet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Two UDP sockets of a backend on IPv4 loopback, the sender connected to the receiver: the
 * smallest pair whose readiness a test controls byte by byte (one datagram makes the receiver
 * readable, one receive makes it not).
 */
public final class UdpPair {
    private UdpPair() { }

    /**
     * Opens the pair, blocking: [0] the receiver, [1] the sender. Both handles are added to
     * {@code opened} as soon as they exist, for the test to close.
     */
    public static long[] open(NativeNet net, List<Long> opened) throws IOException {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
        long rx = net.socket(SocketSpec.UDP_V4, false);
        opened.add(rx);
        long tx = net.socket(SocketSpec.UDP_V4, false);
        opened.add(tx);
        net.bind(rx, SocketSpec.Family.INET, any);
        net.bind(tx, SocketSpec.Family.INET, any);
        net.connect(tx, SocketSpec.Family.INET, net.localAddress(rx, SocketSpec.Family.INET));
        return new long[] {rx, tx};
    }

    /** Sends the one byte of direct buffer {@code one} from sender {@code tx}, asserting it went. */
    public static void send(NativeNet net, long tx, ByteBuffer one) throws IOException {
        int n = net.write(tx, net.directAddress(one), 1);
        if (n != 1) {
            throw new AssertionError("sent " + n + " bytes of 1");
        }
    }
}
