package io.wsnio.cli;

import io.wsnio.SocketSpec;
import io.wsnio.WsnioSelectorProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;

/** ICMP echo over a raw socket, selectable like any DatagramChannel: IPv4 and IPv6. */
final class Ping {
    private Ping() { }

    /** The round trip of one echo, or -1 when no reply came within {@code timeoutMillis}. */
    static long echo(WsnioSelectorProvider provider, DatagramChannel ch, Selector sel, InetAddress target,
            int id, int seq, int timeoutMillis) throws IOException {
        boolean v6 = target instanceof Inet6Address;
        byte[] payload = ("wsnio ping " + seq).getBytes(StandardCharsets.US_ASCII);
        long t0 = System.nanoTime();
        ch.send(ByteBuffer.wrap(Icmp.echoRequest(v6, id, seq, payload)), new InetSocketAddress(target, 0));
        ByteBuffer in = ByteBuffer.allocate(65536);
        long deadline = t0 + timeoutMillis * 1_000_000L;
        for (;;) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return -1;
            }
            sel.select(left);
            sel.selectedKeys().clear();
            for (;;) {
                in.clear();
                if (ch.receive(in) == null) {
                    break;
                }
                in.flip();
                if (Icmp.isReply(in, v6, id, seq)) { // other ICMP traffic (our own request on loopback) is skipped
                    return System.nanoTime() - t0;
                }
            }
        }
    }

    /** Opens a non-blocking raw ICMP/ICMPv6 channel for {@code target}'s family, registered for reading. */
    static DatagramChannel open(WsnioSelectorProvider provider, InetAddress target, Selector sel) throws IOException {
        boolean v6 = target instanceof Inet6Address;
        SocketSpec spec = v6 ? SocketSpec.of(SocketSpec.Family.INET6, SocketSpec.Type.RAW, SocketSpec.Protocol.ICMPV6)
                : SocketSpec.of(SocketSpec.Family.INET, SocketSpec.Type.RAW, SocketSpec.Protocol.ICMP);
        DatagramChannel ch = provider.openDatagramChannel(spec);
        ch.configureBlocking(false);
        ch.register(sel, SelectionKey.OP_READ);
        return ch;
    }

    /** {@code ping <host> [-c count]}: 0 when a reply came, 1 when none did. */
    static int run(String host, int count, PrintStream out) throws IOException, InterruptedException {
        InetAddress target = InetAddress.getByName(host);
        WsnioSelectorProvider provider = new WsnioSelectorProvider();
        int id = (int) (ProcessHandle.current().pid() & 0xffff);
        int received = 0;
        try (Selector sel = provider.openSelector(); DatagramChannel ch = open(provider, target, sel)) {
            out.println("PING " + host + " (" + target.getHostAddress() + ") over " + ((io.wsnio.WsnioChannel) ch).spec());
            for (int seq = 1; seq <= count; seq++) {
                long rtt = echo(provider, ch, sel, target, id, seq, 2000);
                if (rtt < 0) {
                    out.println("no reply from " + target.getHostAddress() + ": icmp_seq=" + seq);
                } else {
                    received++;
                    out.printf("reply from %s: icmp_seq=%d time=%.3f ms%n", target.getHostAddress(), seq, rtt / 1e6);
                }
                if (seq < count) {
                    Thread.sleep(1000);
                }
            }
        }
        out.println(count + " sent, " + received + " received");
        return received > 0 ? 0 : 1;
    }
}
