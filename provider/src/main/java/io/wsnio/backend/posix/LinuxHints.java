package io.wsnio.backend.posix;

import io.wsnio.SocketSpec;

/** Explains why Linux refused a triple, where the errno alone would not say. */
final class LinuxHints {
    private LinuxHints() { }

    static String socketHint(SocketSpec spec, int errno) {
        int proto = spec.protocolValue();
        if ((errno == 1 || errno == 13) && spec.typeValue() == SocketSpec.Type.RAW.value()) {
            return "raw sockets need CAP_NET_RAW (run as root or grant the capability)";
        }
        if (errno == 1 || errno == 13) {
            return "this triple needs a privilege this process lacks (CAP_NET_RAW or CAP_NET_ADMIN)";
        }
        if (errno == 93 || errno == 97 || errno == 94) {
            if (proto == SocketSpec.Protocol.SCTP.value()) {
                return "the kernel has no SCTP (load the sctp module)";
            }
            if (proto == SocketSpec.Protocol.MPTCP.value()) {
                return "the kernel has no MPTCP or it is disabled (net.mptcp.enabled)";
            }
            if (spec.family() == SocketSpec.Family.TIPC || (spec.isNative() && spec.nativeFamily() == LinuxAbi.AF_TIPC)) {
                return "the kernel has no TIPC (load the tipc module)";
            }
            if (proto == SocketSpec.Protocol.PGM.value()) {
                return "PGM (SOCK_RDM reliable multicast) exists only on Windows";
            }
        }
        return null;
    }
}
