package io.wsnio.backend.posix;

import io.wsnio.SocketSpec;

/** Explains why Linux refused a triple, where the errno alone would not say. */
final class LinuxHints {
    private LinuxHints() { }

    /** IANA protocol number of DCCP, and Linux's AF_RDS. */
    static final int IPPROTO_DCCP = 33, AF_RDS = 21;

    static String socketHint(SocketSpec spec, int errno) {
        int proto = spec.protocolValue();
        if ((errno == 1 || errno == 13) && spec.typeValue() == SocketSpec.Type.RAW.value()) {
            return "raw sockets need CAP_NET_RAW (run as root or grant the capability)";
        }
        if ((errno == 1 || errno == 13) && spec.typeValue() == SocketSpec.Type.DGRAM.value()
                && (proto == SocketSpec.Protocol.ICMP.value() || proto == SocketSpec.Protocol.ICMPV6.value())) {
            return "ICMP datagram (ping) sockets are allowed only to groups in net.ipv4.ping_group_range";
        }
        if (errno == 1 || errno == 13) {
            return "this triple needs a privilege this process lacks (CAP_NET_RAW or CAP_NET_ADMIN)";
        }
        if (errno == 93 || errno == 97 || errno == 94) {
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
