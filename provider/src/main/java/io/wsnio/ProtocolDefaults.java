package io.wsnio;

import io.wsnio.SocketSpec.Family;
import io.wsnio.SocketSpec.Protocol;
import io.wsnio.SocketSpec.Type;
import io.wsnio.nativeio.NativeNet;
import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The triples that plain {@code open()} calls get: the family (IPv6 dual-stack when the host has
 * IPv6 and {@code java.net.preferIPv4Stack} is not set, as in the JDK) and the protocols chosen by
 * {@code wsnio.stream.protocol} and {@code wsnio.datagram.protocol}; and what happens when the
 * kernel refuses a chosen protocol ({@code wsnio.protocol.fallback}: {@code fail}, the default,
 * or {@code warn}: plain TCP/UDP after one logged warning per JVM).
 */
final class ProtocolDefaults {
    static final String STREAM_PROPERTY = "wsnio.stream.protocol";
    static final String DATAGRAM_PROPERTY = "wsnio.datagram.protocol";
    static final String FALLBACK_PROPERTY = "wsnio.protocol.fallback";
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final boolean ipv6;
    private final int streamProtocol;
    private final int datagramProtocol;
    private final boolean fallBack;

    // the default triples, made once: an open allocates no SocketSpec (indexed by Family.ordinal())
    private final SocketSpec[] streamSpecs = new SocketSpec[Family.values().length];
    private final SocketSpec[] datagramSpecs = new SocketSpec[Family.values().length];

    private ProtocolDefaults(boolean ipv6, int streamProtocol, int datagramProtocol, boolean fallBack) {
        this.ipv6 = ipv6;
        this.streamProtocol = streamProtocol;
        this.datagramProtocol = datagramProtocol;
        this.fallBack = fallBack;
        for (Family f : new Family[] {Family.INET, Family.INET6}) {
            streamSpecs[f.ordinal()] = SocketSpec.of(f, Type.STREAM, streamProtocol);
            datagramSpecs[f.ordinal()] = SocketSpec.of(f, Type.DGRAM, datagramProtocol);
        }
    }

    static ProtocolDefaults fromSystemProperties(NativeNet net) {
        boolean v6 = !Boolean.getBoolean("java.net.preferIPv4Stack") && probeIpv6(net);
        int stream = parse(STREAM_PROPERTY, System.getProperty(STREAM_PROPERTY, "tcp"),
                "tcp", Protocol.TCP, "mptcp", Protocol.MPTCP);
        int dgram = parse(DATAGRAM_PROPERTY, System.getProperty(DATAGRAM_PROPERTY, "udp"),
                "udp", Protocol.UDP, "udplite", Protocol.UDPLITE);
        String policy = System.getProperty(FALLBACK_PROPERTY, "fail").trim().toLowerCase(Locale.ROOT);
        if (!policy.equals("fail") && !policy.equals("warn")) {
            throw new IllegalArgumentException(FALLBACK_PROPERTY + " must be fail or warn, not '"
                    + System.getProperty(FALLBACK_PROPERTY) + "'");
        }
        return new ProtocolDefaults(v6, stream, dgram, policy.equals("warn"));
    }

    /**
     * What a plain open does when {@code socket()} refused {@code spec}, the triple the properties
     * chose: returns the plain TCP/UDP triple to open instead ({@code warn}, logging one WARNING per
     * JVM), or throws (the same error, naming the property, under {@code fail}; unchanged when the
     * properties chose plain TCP/UDP or the error is not a refusal of the protocol, e.g. EMFILE).
     */
    SocketSpec refused(SocketSpec spec, SocketCreationException e) throws SocketCreationException {
        boolean stream = spec.isConnectionOriented();
        int plain = stream ? Protocol.TCP.value() : Protocol.UDP.value();
        if (spec.family() == Family.UNIX || spec.protocolValue() == plain || !isProtocolRefusal(e.errorName())) {
            throw e;
        }
        String property = stream ? STREAM_PROPERTY : DATAGRAM_PROPERTY;
        String plainName = stream ? "tcp" : "udp";
        if (!fallBack) {
            SocketCreationException f = new SocketCreationException(e.getMessage() + " (the protocol chosen by -D"
                    + property + "=" + System.getProperty(property) + "; -D" + FALLBACK_PROPERTY
                    + "=warn falls back to " + plainName + ")", e.errorName(), e.errorCode(), spec);
            f.initCause(e);
            throw f;
        }
        if (WARNED.compareAndSet(false, true)) {
            System.getLogger("io.wsnio").log(System.Logger.Level.WARNING,
                    "{0}; falling back to plain {1} because {2}=warn (logged once per JVM)",
                    e.getMessage() + " (chosen by " + property + "=" + System.getProperty(property) + ")",
                    plainName.toUpperCase(Locale.ROOT), FALLBACK_PROPERTY);
        }
        return SocketSpec.of(spec.family(), spec.type(), plain);
    }

    private static boolean isProtocolRefusal(String errorName) {
        String n = errorName == null ? "" : errorName.startsWith("WSA") ? errorName.substring(3) : errorName;
        switch (n) {
            case "EPROTONOSUPPORT":
            case "ESOCKTNOSUPPORT":
            case "EPROTOTYPE":
            case "ENOPROTOOPT":
            case "EOPNOTSUPP":
            case "EINVAL":
                return true;
            default:
                return false;
        }
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
        return streamSpecs[inetFamily(f).ordinal()];
    }

    SocketSpec datagram(ProtocolFamily f) {
        if (f == StandardProtocolFamily.UNIX) {
            return SocketSpec.UNIX_DGRAM;
        }
        return datagramSpecs[inetFamily(f).ordinal()];
    }
}
