package io.wsnio.backend.posix;

import io.wsnio.SocketSpec;

/** Explains why Linux refused a triple, where the errno alone would not say. */
final class LinuxHints {
    private LinuxHints() { }

    /** IANA protocol number of DCCP, and Linux's AF_RDS. */
    static final int IPPROTO_DCCP = 33, AF_RDS = 21;

    private static boolean denied(int errno) {
        return errno == LinuxAbi.EPERM || errno == LinuxAbi.EACCES;
    }

    /**
     * For a setsockopt refused with EPERM or EACCES: the capability the option needs, or null.
     * IP_TRANSPARENT needs CAP_NET_ADMIN or CAP_NET_RAW; SO_BINDTODEVICE needs CAP_NET_RAW to
     * change a binding (Linux 5.7+; before, to bind at all).
     */
    static String optionHint(int level, int name, int errno) {
        if (!denied(errno)) {
            return null;
        }
        if (level == LinuxAbi.IPPROTO_IP && name == LinuxAbi.IP_TRANSPARENT
                || level == LinuxAbi.IPPROTO_IPV6 && name == LinuxAbi.IPV6_TRANSPARENT) {
            return "IP_TRANSPARENT needs CAP_NET_ADMIN or CAP_NET_RAW (run as root or grant a capability)";
        }
        if (level == LinuxAbi.SOL_SOCKET && name == LinuxAbi.SO_BINDTODEVICE) {
            return "SO_BINDTODEVICE needs CAP_NET_RAW to change the device a socket is bound to"
                    + " (before Linux 5.7, to bind at all)";
        }
        return null;
    }

    /** Linux's names of the family numbers Winsock gives another meaning, and Winsock's meaning. */
    private static final String[][] WINSOCK_CLASHES = {
        {"6", "AF_NETROM", "AF_IPX"}, {"16", "AF_NETLINK", "AF_APPLETALK"}, {"17", "AF_PACKET", "AF_NETBIOS"},
        {"23", "AF_IRDA", "AF_INET6"}, {"26", "AF_LLC", "AF_IRDA"}, {"32", "AF_IUCV", "AF_BTH"},
    };

    /** Linux's number for a symbolic family, or -1 where Linux has none. */
    static int familyNumber(SocketSpec.Family family) {
        switch (family) {
            case UNSPEC: return LinuxAbi.AF_UNSPEC;
            case UNIX: return LinuxAbi.AF_UNIX;
            case INET: return LinuxAbi.AF_INET;
            case INET6: return LinuxAbi.AF_INET6;
            case IPX: return LinuxAbi.AF_IPX;
            case APPLETALK: return LinuxAbi.AF_APPLETALK;
            case PACKET: return LinuxAbi.AF_PACKET;
            case TIPC: return LinuxAbi.AF_TIPC;
            case BLUETOOTH: return LinuxAbi.AF_BLUETOOTH;
            case VSOCK: return LinuxAbi.AF_VSOCK;
            default: return -1;
        }
    }

    /** Linux's C name of a family number, or null. */
    static String familyName(int af) {
        switch (af) {
            case LinuxAbi.AF_UNSPEC: return "AF_UNSPEC";
            case LinuxAbi.AF_UNIX: return "AF_UNIX";
            case LinuxAbi.AF_INET: return "AF_INET";
            case LinuxAbi.AF_IPX: return "AF_IPX";
            case LinuxAbi.AF_APPLETALK: return "AF_APPLETALK";
            case LinuxAbi.AF_INET6: return "AF_INET6";
            case LinuxAbi.AF_PACKET: return "AF_PACKET";
            case AF_RDS: return "AF_RDS";
            case LinuxAbi.AF_TIPC: return "AF_TIPC";
            case LinuxAbi.AF_BLUETOOTH: return "AF_BLUETOOTH";
            case LinuxAbi.AF_VSOCK: return "AF_VSOCK";
            default:
                for (String[] c : WINSOCK_CLASHES) {
                    if (Integer.parseInt(c[0]) == af) {
                        return c[1];
                    }
                }
                return null;
        }
    }

    private static String typeName(int type) {
        switch (type) {
            case 1: return "SOCK_STREAM";
            case 2: return "SOCK_DGRAM";
            case 3: return "SOCK_RAW";
            case 4: return "SOCK_RDM";
            case 5: return "SOCK_SEQPACKET";
            case 6: return "SOCK_DCCP";
            case 10: return "SOCK_PACKET";
            default: return null;
        }
    }

    private static String protocolName(int af, int protocol) {
        if (af != LinuxAbi.AF_INET && af != LinuxAbi.AF_INET6) {
            return null;
        }
        switch (protocol) {
            case 1: return "IPPROTO_ICMP";
            case 2: return "IPPROTO_IGMP";
            case 6: return "IPPROTO_TCP";
            case 17: return "IPPROTO_UDP";
            case IPPROTO_DCCP: return "IPPROTO_DCCP";
            case 58: return "IPPROTO_ICMPV6";
            case 132: return "IPPROTO_SCTP";
            case 136: return "IPPROTO_UDPLITE";
            case 255: return "IPPROTO_RAW";
            case 262: return "IPPROTO_MPTCP";
            default: return null;
        }
    }

    private static String named(String name, int value) {
        return name == null ? Integer.toString(value) : name + " " + value;
    }

    /** The call as Linux sees it, e.g. {@code socket(AF_PACKET 17, SOCK_DGRAM 2, 0)}. */
    static String nativeCall(SocketSpec spec) {
        int af = spec.isNative() ? spec.nativeFamily() : familyNumber(spec.family());
        return "socket(" + named(familyName(af), af) + ", " + named(typeName(spec.typeValue()), spec.typeValue())
                + ", " + named(protocolName(af, spec.protocolValue()), spec.protocolValue()) + ")";
    }

    /**
     * Why Linux refused a triple, or null where the errno says it all. A native triple whose family
     * number means another family on Winsock also gets a note saying so.
     */
    static String socketHint(SocketSpec spec, int errno) {
        String hint = hint(spec, errno);
        if (!spec.isNative()) {
            return hint;
        }
        for (String[] c : WINSOCK_CLASHES) {
            if (Integer.parseInt(c[0]) == spec.nativeFamily()) {
                String note = "nativeTriple takes Linux numbers: " + c[0] + " is Linux's " + c[1]
                        + ", not Winsock's " + c[2];
                return hint == null ? note : hint + "; " + note;
            }
        }
        return hint;
    }

    private static String hint(SocketSpec spec, int errno) {
        int proto = spec.protocolValue();
        int afNumber = spec.isNative() ? spec.nativeFamily() : familyNumber(spec.family());
        if (afNumber == LinuxAbi.AF_UNSPEC && errno == LinuxAbi.EAFNOSUPPORT) {
            return "Linux has no AF_UNSPEC sockets: the kernel does not choose a family for socket() (Winsock"
                    + " lets its provider choose); name INET6 (dual-stack) or INET";
        }
        if (denied(errno) && spec.typeValue() == SocketSpec.Type.RAW.value()) {
            return "raw sockets need CAP_NET_RAW (run as root or grant the capability)";
        }
        if (denied(errno) && spec.typeValue() == SocketSpec.Type.DGRAM.value()
                && (proto == SocketSpec.Protocol.ICMP.value() || proto == SocketSpec.Protocol.ICMPV6.value())) {
            return "ICMP datagram (ping) sockets are allowed only to groups in net.ipv4.ping_group_range";
        }
        if (denied(errno)) {
            return "this triple needs a privilege this process lacks (CAP_NET_RAW or CAP_NET_ADMIN)";
        }
        if (errno == LinuxAbi.EPROTONOSUPPORT || errno == LinuxAbi.EAFNOSUPPORT || errno == LinuxAbi.ESOCKTNOSUPPORT) {
            int af = spec.isNative() ? spec.nativeFamily() : -1;
            SocketSpec.Family family = spec.family();
            if (family == SocketSpec.Family.TIPC || af == LinuxAbi.AF_TIPC) {
                return "the kernel has no TIPC (load the tipc module)";
            }
            if (family == SocketSpec.Family.IPX || af == LinuxAbi.AF_IPX) {
                return "Linux has no IPX since 4.18 (AF_IPX was removed)";
            }
            if (family == SocketSpec.Family.APPLETALK || af == LinuxAbi.AF_APPLETALK) {
                return "the kernel has no AppleTalk (load the appletalk module)";
            }
            if (family == SocketSpec.Family.BLUETOOTH || af == LinuxAbi.AF_BLUETOOTH) {
                return "the kernel has no Bluetooth sockets (load the bluetooth module)";
            }
            if (af == AF_RDS) {
                return "the kernel has no RDS (load the rds module)";
            }
            if (proto == SocketSpec.Protocol.SCTP.value()) {
                return "the kernel has no SCTP (load the sctp module)";
            }
            if (proto == SocketSpec.Protocol.MPTCP.value()) {
                return "the kernel has no MPTCP or it is disabled (net.mptcp.enabled)";
            }
            if (proto == SocketSpec.Protocol.PGM.value()) {
                return "PGM (SOCK_RDM reliable multicast) exists only on Windows";
            }
            if (proto == SocketSpec.Protocol.UDPLITE.value()) {
                return "the kernel has no UDP-Lite (CONFIG_IP_UDPLITE)";
            }
            if (proto == IPPROTO_DCCP) {
                return "the kernel has no DCCP (load the dccp module, where the kernel still has it)";
            }
            if (spec.typeValue() == SocketSpec.Type.RDM.value()) {
                return "Linux has SOCK_RDM only in AF_TIPC (load the tipc module)";
            }
        }
        return null;
    }
}
