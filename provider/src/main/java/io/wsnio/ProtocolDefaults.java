package io.wsnio;

import io.wsnio.SocketSpec.Family;
import io.wsnio.SocketSpec.Protocol;
import io.wsnio.SocketSpec.Type;
import io.wsnio.nativeio.NativeNet;
import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;

/**
 * The triples that plain {@code open()} calls get: the family (IPv6 dual-stack when the host has
 * IPv6 and {@code java.net.preferIPv4Stack} is not set, as in the JDK) and the protocols chosen by
 * {@code wsnio.stream.protocol} and {@code wsnio.datagram.protocol}.
 */
final class ProtocolDefaults {
    private final boolean ipv6;
    private final int streamProtocol;
    private final int datagramProtocol;

    private ProtocolDefaults(boolean ipv6, int streamProtocol, int datagramProtocol) {
        this.ipv6 = ipv6;
        this.streamProtocol = streamProtocol;
        this.datagramProtocol = datagramProtocol;
    }

    static ProtocolDefaults fromSystemProperties(NativeNet net) {
        boolean v6 = !Boolean.getBoolean("java.net.preferIPv4Stack") && probeIpv6(net);
        int stream = parse("wsnio.stream.protocol", System.getProperty("wsnio.stream.protocol", "tcp"),
                "tcp", Protocol.TCP, "mptcp", Protocol.MPTCP);
        int dgram = parse("wsnio.datagram.protocol", System.getProperty("wsnio.datagram.protocol", "udp"),
                "udp", Protocol.UDP, "udplite", Protocol.UDPLITE);
        return new ProtocolDefaults(v6, stream, dgram);
    }

    private static int parse(String prop, String value, String n1, Protocol p1, String n2, Protocol p2) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.equals(n1)) {
            return p1.value();
        }
        if (v.equals(n2)) {
            return p2.value();
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignore) {
            // reported below
        }
        throw new IllegalArgumentException(prop + " must be " + n1 + ", " + n2 + " or a protocol number >= 0, not '" + value + "'");
    }

    private static boolean probeIpv6(NativeNet net) {
        try {
            long h = net.socket(SocketSpec.TCP_V6, true);
            net.close(h);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private Family inetFamily(ProtocolFamily f) {
        if (f == null) {
            return ipv6 ? Family.INET6 : Family.INET;
        }
        if (f == StandardProtocolFamily.INET) {
            return Family.INET;
        }
        if (f == StandardProtocolFamily.INET6) {
            if (!ipv6) {
                throw new UnsupportedOperationException("IPv6 not available");
            }
            return Family.INET6;
        }
        throw new UnsupportedOperationException("Protocol family not supported: " + f);
    }

    SocketSpec stream(ProtocolFamily f) {
        if (f == StandardProtocolFamily.UNIX) {
            return SocketSpec.UNIX_STREAM;
        }
        return SocketSpec.of(inetFamily(f), Type.STREAM, streamProtocol);
    }

    SocketSpec datagram(ProtocolFamily f) {
        if (f == StandardProtocolFamily.UNIX) {
            return SocketSpec.UNIX_DGRAM;
        }
        return SocketSpec.of(inetFamily(f), Type.DGRAM, datagramProtocol);
    }
}
