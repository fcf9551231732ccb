package io.wsnio;

import java.util.Objects;

/**
 * An {@code (address family, socket type, protocol)} triple, as passed to {@code socket()} in
 * Winsock and POSIX. Symbolic values are mapped to each platform's numbers by the backend
 * (Winsock's {@code AF_INET6} is 23, Linux's is 10); {@link #nativeTriple} passes numbers through
 * unchanged for anything not named here.
 *
 * <p>Connection-oriented types ({@link Type#STREAM}, {@link Type#SEQPACKET}) open as
 * {@code SocketChannel}/{@code ServerSocketChannel}; message types ({@link Type#DGRAM},
 * {@link Type#RAW}, {@link Type#RDM}) open as {@code DatagramChannel}.
 */
public final class SocketSpec {

    /** Address families. Numbers differ per platform; the backend maps them. */
    public enum Family { UNSPEC, UNIX, INET, INET6, IPX, APPLETALK, NETBIOS, IRDA, BLUETOOTH, PACKET, TIPC, VSOCK }

    /** Socket types; the numbers are the same on Winsock and Linux. */
    public enum Type {
        STREAM(1), DGRAM(2), RAW(3), RDM(4), SEQPACKET(5);

        private final int value;

        Type(int value) { this.value = value; }

        /** The number both Winsock and POSIX use for this type. */
        public int value() { return value; }

        /** True for the types that open as {@code SocketChannel}s (connection-oriented). */
        public boolean connectionOriented() { return this == STREAM || this == SEQPACKET; }
    }

    /**
     * Protocols by their IANA numbers (MPTCP is Linux's 262). {@link #RM} is the Winsock reference's
     * name for 113 (IPPROTO_RM), {@link #PGM} the SDK's other name for it: specs with either are equal.
     * {@link #RFCOMM} is Bluetooth's 3 (BTHPROTO_RFCOMM), a name only in {@link Family#BLUETOOTH}.
     */
    public enum Protocol {
        DEFAULT(0), ICMP(1), IGMP(2), RFCOMM(3), TCP(6), UDP(17), ICMPV6(58), PGM(113), RM(113), SCTP(132),
        UDPLITE(136), RAW(255), MPTCP(262);

        private final int value;

        Protocol(int value) { this.value = value; }

        /** The protocol number passed to {@code socket()}. */
        public int value() { return value; }
    }

    private static final Protocol[] PROTOCOLS = Protocol.values();
    private static final Type[] TYPES = Type.values();

    public static final SocketSpec TCP_V4 = of(Family.INET, Type.STREAM, Protocol.TCP);
    public static final SocketSpec TCP_V6 = of(Family.INET6, Type.STREAM, Protocol.TCP);
    public static final SocketSpec UDP_V4 = of(Family.INET, Type.DGRAM, Protocol.UDP);
    public static final SocketSpec UDP_V6 = of(Family.INET6, Type.DGRAM, Protocol.UDP);
    public static final SocketSpec UNIX_STREAM = of(Family.UNIX, Type.STREAM, Protocol.DEFAULT);
    public static final SocketSpec UNIX_DGRAM = of(Family.UNIX, Type.DGRAM, Protocol.DEFAULT);
    public static final SocketSpec UNIX_SEQPACKET = of(Family.UNIX, Type.SEQPACKET, Protocol.DEFAULT);

    private final Family family;
    private final Type type;
    private final Protocol protocol;
    private final int nativeFamily;
    private final int nativeType;
    private final int nativeProtocol;

    private SocketSpec(Family family, Type type, Protocol protocol, int af, int st, int proto) {
        this.family = family;
        this.type = type;
        this.protocol = protocol;
        this.nativeFamily = af;
        this.nativeType = st;
        this.nativeProtocol = proto;
    }

    /** A symbolic triple; every part is required ({@link Protocol#DEFAULT} lets the OS choose). */
    public static SocketSpec of(Family family, Type type, Protocol protocol) {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(protocol, "protocol");
        return new SocketSpec(family, type, protocol, -1, type.value(), protocol.value());
    }

    /**
     * A symbolic family and type with a numeric protocol (for protocols without a name here). The
     * protocol is {@code >= 0}, except for {@link Family#NETBIOS}, whose protocol is minus the LAN
     * adapter number (the Winsock reference's AF_NETBIOS row).
     */
    public static SocketSpec of(Family family, Type type, int protocol) {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(type, "type");
        if (protocol < 0 && family != Family.NETBIOS) {
            throw new IllegalArgumentException("protocol must be >= 0 (only NETBIOS takes a negative one, minus"
                    + " the LAN adapter number): (" + family + ", " + type + ", " + protocol + ")");
        }
        Protocol named = null;
        for (Protocol p : PROTOCOLS) {
            if (p.value() == protocol && (p != Protocol.RFCOMM || family == Family.BLUETOOTH)) {
                named = p;
            }
        }
        return new SocketSpec(family, type, named, -1, type.value(), protocol);
    }

    /**
     * Numbers passed straight to this platform's {@code socket()}; the family is the platform's own
     * number (not portable: Linux 17 is AF_PACKET, Winsock 17 is AF_NETBIOS). Family and type are
     * {@code >= 0}; the protocol may be negative (Winsock's AF_NETBIOS takes minus the LAN adapter
     * number), and the platform decides.
     */
    public static SocketSpec nativeTriple(int af, int type, int protocol) {
        if (af < 0 || type < 0) {
            throw new IllegalArgumentException(
                    "native family and type must be >= 0: (" + af + ", " + type + ", " + protocol + ")");
        }
        Type named = null;
        for (Type t : TYPES) {
            if (t.value() == type) {
                named = t;
            }
        }
        return new SocketSpec(null, named, null, af, type, protocol);
    }

    /** The symbolic family, or null for a {@linkplain #nativeTriple native triple}. */
    public Family family() { return family; }

    /** The symbolic type, or null when the number has no name. */
    public Type type() { return type; }

    /** The symbolic protocol, or null when the number has no name. */
    public Protocol protocol() { return protocol; }

    /** True when the family is a platform number given through {@link #nativeTriple}. */
    public boolean isNative() { return family == null; }

    /** The platform family number of a native triple, or -1 for a symbolic one. */
    public int nativeFamily() { return nativeFamily; }

    /** The type number passed to {@code socket()}. */
    public int typeValue() { return nativeType; }

    /** The protocol number passed to {@code socket()}. */
    public int protocolValue() { return nativeProtocol; }

    /** True when this triple opens as a {@code SocketChannel} (STREAM or SEQPACKET). */
    public boolean isConnectionOriented() { return type != null && type.connectionOriented(); }

    /** A copy of this spec with another protocol. */
    public SocketSpec withProtocol(Protocol p) {
        if (isNative()) {
            return nativeTriple(nativeFamily, nativeType, p.value());
        }
        return of(family, type, p);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SocketSpec)) {
            return false;
        }
        SocketSpec s = (SocketSpec) o;
        return family == s.family && nativeFamily == s.nativeFamily && nativeType == s.nativeType
                && nativeProtocol == s.nativeProtocol;
    }

    @Override
    public int hashCode() {
        return Objects.hash(family, nativeFamily, nativeType, nativeProtocol);
    }

    /** For example {@code (INET6, RAW, ICMPV6)} or {@code native(17, 2, 0)}. */
    @Override
    public String toString() {
        if (isNative()) {
            return "native(" + nativeFamily + ", " + (type != null ? type : nativeType) + ", " + nativeProtocol + ")";
        }
        return "(" + family + ", " + type + ", " + (protocol != null ? protocol : nativeProtocol) + ")";
    }
}
