package io.wsnio;

import io.wsnio.SocketSpec.Family;
import io.wsnio.SocketSpec.Protocol;
import io.wsnio.SocketSpec.Type;
import io.wsnio.nativeio.Backends;
import io.wsnio.nativeio.NativeNet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code (family, type, protocol)} triples this machine accepts. Where the operating system
 * keeps a catalog of installed protocols (Winsock's {@code WSAEnumProtocolsW}) the backend supplies
 * it through {@link NativeNet#protocolCatalog()}; elsewhere (Linux) each {@linkplain #seeds() seed
 * triple} is tried with {@code socket()} and closed at once, and the refusals are kept with their
 * error name and message.
 */
public final class ProtocolCatalog {
    private ProtocolCatalog() { }

    /** Where an entry came from. */
    public enum Source {
        /** Opened (and closed) with {@code socket()} on this machine. */
        PROBED,
        /** Listed by the operating system's protocol catalog. */
        OS_CATALOG
    }

    /**
     * One triple: a name, the spec, whether this machine accepts it, and for a refusal the
     * symbolic error ({@code EPROTONOSUPPORT}, {@code WSAEAFNOSUPPORT}) and the full message.
     */
    public static final class Entry {
        private final String name;
        private final SocketSpec spec;
        private final boolean accepted;
        private final String errorName;
        private final String message;
        private final Source source;
        private final String nativeCall;

        public Entry(String name, SocketSpec spec, boolean accepted, String errorName, String message, Source source) {
            this(name, spec, accepted, errorName, message, source, null);
        }

        /**
         * An entry with the call as this platform makes it, with C names and native numbers (e.g.
         * {@code socket(AF_INET6 23, SOCK_RAW 3, IPPROTO_ICMPV6 58)} on Winsock), or null.
         */
        public Entry(String name, SocketSpec spec, boolean accepted, String errorName, String message, Source source,
                String nativeCall) {
            this.nativeCall = nativeCall;
            this.name = Objects.requireNonNull(name, "name");
            this.spec = Objects.requireNonNull(spec, "spec");
            this.accepted = accepted;
            this.errorName = errorName;
            this.message = message;
            this.source = Objects.requireNonNull(source, "source");
        }

        /** An accepted triple. */
        public static Entry accepted(String name, SocketSpec spec, Source source) {
            return new Entry(name, spec, true, null, null, source);
        }

        public String name() { return name; }

        public SocketSpec spec() { return spec; }

        public boolean accepted() { return accepted; }

        /** The refusal's symbolic error, or null when accepted. */
        public String errorName() { return errorName; }

        /** The refusal's message (names the triple and, where known, why), or null when accepted. */
        public String message() { return message; }

        public Source source() { return source; }

        /** The call with this platform's C names and numbers, or null when the backend gives none. */
        public String nativeCall() { return nativeCall; }

        @Override
        public String toString() {
            // a refusal's message already names the triple and the native call
            return name + " " + (accepted ? spec + (nativeCall != null ? " = " + nativeCall : "") + " accepted"
                    : "refused: " + message);
        }
    }

    private static final Map<String, SocketSpec> SEEDS = seedTable();

    private static Map<String, SocketSpec> seedTable() {
        Map<String, SocketSpec> m = new LinkedHashMap<>();
        m.put("TCP/IPv4", SocketSpec.TCP_V4);
        m.put("TCP/IPv6", SocketSpec.TCP_V6);
        m.put("UDP/IPv4", SocketSpec.UDP_V4);
        m.put("UDP/IPv6", SocketSpec.UDP_V6);
        m.put("MPTCP/IPv4", SocketSpec.of(Family.INET, Type.STREAM, Protocol.MPTCP));
        m.put("MPTCP/IPv6", SocketSpec.of(Family.INET6, Type.STREAM, Protocol.MPTCP));
        m.put("UDP-Lite/IPv4", SocketSpec.of(Family.INET, Type.DGRAM, Protocol.UDPLITE));
        m.put("UDP-Lite/IPv6", SocketSpec.of(Family.INET6, Type.DGRAM, Protocol.UDPLITE));
        m.put("SCTP/IPv4 stream", SocketSpec.of(Family.INET, Type.STREAM, Protocol.SCTP));
        m.put("SCTP/IPv4 seqpacket", SocketSpec.of(Family.INET, Type.SEQPACKET, Protocol.SCTP));
        m.put("SCTP/IPv6 stream", SocketSpec.of(Family.INET6, Type.STREAM, Protocol.SCTP));
        m.put("DCCP/IPv4", SocketSpec.nativeTriple(2, 6, 33)); // AF_INET, SOCK_DCCP, IPPROTO_DCCP (both platforms)
        m.put("raw ICMP/IPv4", SocketSpec.of(Family.INET, Type.RAW, Protocol.ICMP));
        m.put("raw ICMPv6", SocketSpec.of(Family.INET6, Type.RAW, Protocol.ICMPV6));
        m.put("raw IGMP", SocketSpec.of(Family.INET, Type.RAW, Protocol.IGMP));
        m.put("raw UDP/IPv4", SocketSpec.of(Family.INET, Type.RAW, Protocol.UDP));
        m.put("raw IPv4 (255, header included)", SocketSpec.of(Family.INET, Type.RAW, Protocol.RAW));
        m.put("raw IPv6 (255)", SocketSpec.of(Family.INET6, Type.RAW, Protocol.RAW));
        m.put("ICMP datagram (ping)/IPv4", SocketSpec.of(Family.INET, Type.DGRAM, Protocol.ICMP));
        m.put("ICMPv6 datagram (ping)", SocketSpec.of(Family.INET6, Type.DGRAM, Protocol.ICMPV6));
        m.put("UNIX stream", SocketSpec.UNIX_STREAM);
        m.put("UNIX datagram", SocketSpec.UNIX_DGRAM);
        m.put("UNIX seqpacket", SocketSpec.UNIX_SEQPACKET);
        m.put("packet raw", SocketSpec.of(Family.PACKET, Type.RAW, Protocol.DEFAULT));
        m.put("packet datagram", SocketSpec.of(Family.PACKET, Type.DGRAM, Protocol.DEFAULT));
        m.put("TIPC RDM", SocketSpec.of(Family.TIPC, Type.RDM, Protocol.DEFAULT));
        m.put("TIPC seqpacket", SocketSpec.of(Family.TIPC, Type.SEQPACKET, Protocol.DEFAULT));
        m.put("TIPC stream", SocketSpec.of(Family.TIPC, Type.STREAM, Protocol.DEFAULT));
        m.put("PGM (reliable multicast)", SocketSpec.of(Family.INET, Type.RDM, Protocol.PGM));
        m.put("VSOCK stream", SocketSpec.of(Family.VSOCK, Type.STREAM, Protocol.DEFAULT));
        m.put("Bluetooth RFCOMM", SocketSpec.of(Family.BLUETOOTH, Type.STREAM, Protocol.RFCOMM));
        m.put("IPX datagram", SocketSpec.of(Family.IPX, Type.DGRAM, Protocol.DEFAULT));
        m.put("AppleTalk datagram", SocketSpec.of(Family.APPLETALK, Type.DGRAM, Protocol.DEFAULT));
        m.put("NetBIOS datagram", SocketSpec.of(Family.NETBIOS, Type.DGRAM, Protocol.DEFAULT));
        m.put("IrDA stream", SocketSpec.of(Family.IRDA, Type.STREAM, Protocol.DEFAULT));
        return Collections.unmodifiableMap(m);
    }

    /** The named triples probed where the platform keeps no catalog, in display order. */
    public static Map<String, SocketSpec> seeds() {
        return SEEDS;
    }

    /** This machine's catalog: the operating system's where it has one, else the probed seeds. */
    public static List<Entry> current() throws IOException {
        NativeNet net = Backends.net();
        List<Entry> listed = net.protocolCatalog();
        if (listed != null) {
            return Collections.unmodifiableList(new ArrayList<>(listed));
        }
        return probe(SEEDS);
    }

    /** Probes each triple with {@code socket()} (closing it at once), in order. */
    public static List<Entry> probe(Map<String, SocketSpec> triples) {
        List<Entry> out = new ArrayList<>(triples.size());
        for (Map.Entry<String, SocketSpec> e : triples.entrySet()) {
            out.add(probe(e.getKey(), e.getValue()));
        }
        return Collections.unmodifiableList(out);
    }

    /** Probes one triple with {@code socket()} and closes it. */
    public static Entry probe(String name, SocketSpec spec) {
        NativeNet net = Backends.net();
        long h;
        try {
            h = net.socket(spec, false);
        } catch (IOException e) {
            String err = e instanceof NativeError ? ((NativeError) e).errorName() : e.getClass().getSimpleName();
            return new Entry(name, spec, false, err, e.getMessage(), Source.PROBED, net.nativeCall(spec));
        }
        try {
            net.close(h);
        } catch (IOException ignore) {
            // the probe's answer stands; a close failure of a fresh socket says nothing about the triple
        }
        return new Entry(name, spec, true, null, null, Source.PROBED, net.nativeCall(spec));
    }
}
