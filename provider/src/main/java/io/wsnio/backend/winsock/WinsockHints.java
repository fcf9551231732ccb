package io.wsnio.backend.winsock;

import static io.wsnio.backend.winsock.WinsockAbi.*;

import io.wsnio.NativeError;
import io.wsnio.ProtocolCatalog;
import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;

/**
 * Why Winsock refused a triple, as the {@code socket()} reference explains each error and each
 * address family, and the call as Winsock saw it (C names and Winsock's numbers). Pure Java: no
 * DLL is loaded, so every lane tests it.
 */
final class WinsockHints {
    private WinsockHints() { }

    /** IPPROTO_ICMP, IPPROTO_IGMP, BTHPROTO_RFCOMM, IPPROTO_ICMPV6, IPPROTO_RM (IPPROTO_PGM), IPPROTO_RAW. */
    static final int IPPROTO_ICMP = 1, IPPROTO_IGMP = 2, BTHPROTO_RFCOMM = 3, IPPROTO_ICMPV6 = 58,
            IPPROTO_RM = 113, IPPROTO_RAW = 255;

    private static final String CATALOG = "no installed Winsock provider takes this triple"
            + " (WSAEnumProtocolsW and `netsh winsock show catalog` list the ones that are)";
    private static final String BROKEN_PROVIDER = " (`netsh winsock show catalog` lists the installed providers;"
            + " `netsh winsock reset` restores the default catalog)";

    /** Winsock's number for a symbolic family, or -1 where Windows has none. */
    static int familyNumber(Family family) {
        switch (family) {
            case UNSPEC: return AF_UNSPEC;
            case UNIX: return AF_UNIX;
            case INET: return AF_INET;
            case INET6: return AF_INET6;
            case IPX: return AF_IPX;
            case APPLETALK: return AF_APPLETALK;
            case NETBIOS: return AF_NETBIOS;
            case IRDA: return AF_IRDA;
            case BLUETOOTH: return AF_BTH;
            default: return -1;
        }
    }

    /** The symbolic family of a Winsock family number, or null when it has no name here. */
    static Family family(int af) {
        for (Family f : Family.values()) {
            if (familyNumber(f) == af) {
                return f;
            }
        }
        return null;
    }

    /** The triple's family as Winsock reads it (a native triple's number is Winsock's). */
    static Family family(SocketSpec spec) {
        return spec.isNative() ? family(spec.nativeFamily()) : spec.family();
    }

    static int afOf(SocketSpec spec) {
        return spec.isNative() ? spec.nativeFamily() : familyNumber(spec.family());
    }

    /** The call as Winsock sees it, e.g. {@code socket(AF_NETBIOS 17, SOCK_DGRAM 2, 0)}. */
    static String nativeCall(SocketSpec spec) {
        int af = afOf(spec);
        return "socket(" + named(familyName(af), af) + ", " + named(typeName(spec.typeValue()), spec.typeValue())
                + ", " + named(protocolName(af, spec.protocolValue()), spec.protocolValue())
                + (af == AF_NETBIOS && spec.protocolValue() < 0 ? " (LAN adapter " + -spec.protocolValue() + ")" : "")
                + ")";
    }

    private static String named(String name, int value) {
        return name == null ? Integer.toString(value) : name + " " + value;
    }

    static String familyName(int af) {
        switch (af) {
            case AF_UNSPEC: return "AF_UNSPEC";
            case AF_UNIX: return "AF_UNIX";
            case AF_INET: return "AF_INET";
            case AF_IPX: return "AF_IPX";
            case AF_APPLETALK: return "AF_APPLETALK";
            case AF_NETBIOS: return "AF_NETBIOS";
            case AF_INET6: return "AF_INET6";
            case AF_IRDA: return "AF_IRDA";
            case AF_BTH: return "AF_BTH";
            default: return null;
        }
    }

    static String typeName(int type) {
        switch (type) {
            case SOCK_STREAM: return "SOCK_STREAM";
            case SOCK_DGRAM: return "SOCK_DGRAM";
            case SOCK_RAW: return "SOCK_RAW";
            case SOCK_RDM: return "SOCK_RDM";
            case SOCK_SEQPACKET: return "SOCK_SEQPACKET";
            default: return null;
        }
    }

    /** The protocol's C name in this family (3 is BTHPROTO_RFCOMM only in AF_BTH), or null. */
    static String protocolName(int af, int protocol) {
        if (af == AF_BTH) {
            return protocol == BTHPROTO_RFCOMM ? "BTHPROTO_RFCOMM" : null;
        }
        switch (protocol) {
            case IPPROTO_ICMP: return "IPPROTO_ICMP";
            case IPPROTO_IGMP: return "IPPROTO_IGMP";
            case IPPROTO_TCP: return "IPPROTO_TCP";
            case IPPROTO_UDP: return "IPPROTO_UDP";
            case IPPROTO_ICMPV6: return "IPPROTO_ICMPV6";
            case IPPROTO_RM: return "IPPROTO_RM";
            case IPPROTO_RAW: return "IPPROTO_RAW";
            default: return null;
        }
    }

    /**
     * What the reference says about this refusal, or null where the error's own text says it all.
     * The family-specific explanations come first, as the reference gives them per family.
     */
    static String socketHint(SocketSpec spec, int code) {
        Family family = family(spec);
        int type = spec.typeValue(), protocol = spec.protocolValue();
        switch (code) {
            case WSAEACCES:
                return type == SOCK_RAW
                        ? "raw sockets need Administrator (an elevated process); Windows client editions also"
                                + " refuse TCP data and UDP with a spoofed source over raw sockets"
                        : "access denied; this triple may need Administrator";
            case WSAEINPROGRESS:
                return "a blocking Windows Sockets 1.1 call is in progress, or the service provider is still"
                        + " processing a callback function";
            case WSANOTINITIALISED:
                return "a successful WSAStartup must come before socket()";
            case WSAENETDOWN:
                return "the network subsystem or the associated service provider has failed";
            case WSAEMFILE:
                return "no more socket descriptors are available";
            case WSAENOBUFS:
                return "no buffer space is available; the socket cannot be created";
            case WSAEPROVIDERFAILEDINIT:
                return "the service provider failed to initialise: a layered service provider (LSP) or namespace"
                        + " provider is installed wrongly or does not work" + BROKEN_PROVIDER;
            case WSAEINVALIDPROVIDER:
                return "a service provider returned a version other than 2.2 (a broken or outdated layered"
                        + " provider)" + BROKEN_PROVIDER;
            case WSAEINVALIDPROCTABLE:
                return "a service provider returned an invalid or incomplete procedure table to WSPStartup"
                        + " (a broken layered provider)" + BROKEN_PROVIDER;
            case WSAEPROTOTYPE: {
                String[] pair = protocolsType(family, protocol);
                return pair != null
                        ? pair[0] + " goes with " + pair[1] + ", not with " + typeText(type)
                        : "protocol " + protocol + " is the wrong type for " + typeText(type) + CATALOG_TAIL;
            }
            case WSAEINVAL:
                if (family == Family.UNSPEC && type == 0 && protocol == 0) {
                    return "AF_UNSPEC with neither a type nor a protocol is invalid: Winsock chooses the family from"
                            + " the type and protocol, so name at least one of them (the reference discourages"
                            + " AF_UNSPEC altogether: use AF_INET6 for a dual-stack socket, or AF_INET)";
                }
                return familyHint(family, type, protocol);
            case WSAEAFNOSUPPORT:
            case WSAEPFNOSUPPORT:
            case WSAEPROTONOSUPPORT:
            case WSAESOCKTNOSUPPORT: {
                String h = familyHint(family, type, protocol);
                return h != null ? h : CATALOG;
            }
            default:
                return null;
        }
    }

    private static final String CATALOG_TAIL = " (`netsh winsock show catalog` lists the pairs this machine takes)";

    private static String typeText(int type) {
        String n = typeName(type);
        return n != null ? n : "socket type " + type;
    }

    /** The protocol's name and the type the reference pairs it with, or null when it names none. */
    private static String[] protocolsType(Family family, int protocol) {
        if (family == Family.BLUETOOTH) {
            return protocol == BTHPROTO_RFCOMM ? new String[] {"BTHPROTO_RFCOMM (3)", "SOCK_STREAM"} : null;
        }
        switch (protocol) {
            case IPPROTO_TCP: return new String[] {"IPPROTO_TCP (6)", "SOCK_STREAM"};
            case IPPROTO_UDP: return new String[] {"IPPROTO_UDP (17)", "SOCK_DGRAM"};
            case IPPROTO_ICMP: return new String[] {"IPPROTO_ICMP (1)", "SOCK_RAW (Administrator)"};
            case IPPROTO_IGMP: return new String[] {"IPPROTO_IGMP (2)", "SOCK_RAW (Administrator)"};
            case IPPROTO_ICMPV6: return new String[] {"IPPROTO_ICMPV6 (58)", "SOCK_RAW (Administrator)"};
            case IPPROTO_RM: return new String[] {"IPPROTO_RM (113, PGM)", "SOCK_RDM in AF_INET"};
            default: return null;
        }
    }

    /** The reference's note on a family (or on PGM), or null when it has none for this triple. */
    private static String familyHint(Family family, int type, int protocol) {
        if (family == null) {
            return null;
        }
        switch (family) {
            case UNSPEC:
                return "with AF_UNSPEC Winsock takes the first installed provider of this type and protocol, and"
                        + " none matched (the reference discourages AF_UNSPEC: use AF_INET6 or AF_INET)";
            case IRDA:
                return type != SOCK_STREAM || protocol != 0
                        ? "IrDA takes SOCK_STREAM with protocol 0 only"
                        : "IrDA sockets exist only where an infrared port and its driver are installed";
            case BLUETOOTH:
                return "Bluetooth sockets need a Bluetooth adapter and its driver (Windows XP SP2 and later);"
                        + " RFCOMM is (AF_BTH, SOCK_STREAM, BTHPROTO_RFCOMM 3)";
            case IPX:
                return "IPX/SPX is not supported on Windows Vista and later (it needed the NWLink IPX/SPX transport)";
            case APPLETALK:
                return "AppleTalk is not supported on Windows Vista and later";
            case NETBIOS:
                return "the NetBIOS socket provider exists on 32-bit Windows only, never on 64-bit Windows; it takes"
                        + " SOCK_DGRAM or SOCK_SEQPACKET with minus the LAN adapter number as the protocol";
            case UNIX:
                return type != SOCK_STREAM
                        ? "AF_UNIX on Windows takes SOCK_STREAM only (Windows 10 1803 and later)"
                        : "AF_UNIX needs Windows 10 1803 or later";
            case INET:
            case INET6:
                if (type == SOCK_RDM || protocol == IPPROTO_RM) {
                    return family == Family.INET6
                            ? "PGM (SOCK_RDM, IPPROTO_RM 113) is AF_INET only"
                            : "PGM (SOCK_RDM, IPPROTO_RM 113) works only where the Reliable Multicast Protocol is"
                                    + " installed (a network protocol of the adapter: Install > Protocol >"
                                    + " Reliable Multicast Protocol)";
                }
                return null;
            default:
                return null;
        }
    }

    /** Opens and closes a socket of this triple: 0 when it opened, else the WSA error. */
    interface SocketProbe {
        int open(SocketSpec spec);
    }

    /**
     * One entry of {@code WSAEnumProtocolsW} as the catalog shows it: symbolic where the family and
     * type have names here, else native numbers, with Winsock's call spelled out. A raw entry is
     * listed for everyone but opens only for Administrator, so it is probed: refused (with the
     * reason) where socket() refuses it, accepted where it opens.
     */
    static ProtocolCatalog.Entry catalogEntry(String name, int af, int type, int protocol, SocketProbe probe) {
        SocketSpec spec = catalogSpec(af, type, protocol);
        String call = nativeCall(spec);
        if (type == SOCK_RAW) {
            int e = probe.open(spec);
            if (e != 0) {
                Exception refused = WinsockErrors.socketRefused(spec, e);
                return new ProtocolCatalog.Entry(name, spec, false, ((NativeError) refused).errorName(),
                        refused.getMessage(), ProtocolCatalog.Source.OS_CATALOG, call);
            }
        }
        return new ProtocolCatalog.Entry(name, spec, true, null, null, ProtocolCatalog.Source.OS_CATALOG, call);
    }

    /** A catalog triple: symbolic when the family and type have names here, else native numbers. */
    static SocketSpec catalogSpec(int af, int type, int protocol) {
        Family family = family(af);
        SocketSpec.Type named = null;
        for (SocketSpec.Type t : SocketSpec.Type.values()) {
            if (t.value() == type) {
                named = t;
            }
        }
        if (family == null || named == null || (protocol < 0 && family != Family.NETBIOS)) {
            return SocketSpec.nativeTriple(af, type, protocol);
        }
        return SocketSpec.of(family, named, protocol);
    }
}
