package io.wsnio.backend.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.SocketSpec.Protocol;
import io.wsnio.SocketSpec.Type;
import org.junit.jupiter.api.Test;

/** Why Linux refused a triple: the hint names the missing module, privilege or setting. */
class LinuxHintsTest {
    private static final int EPERM = 1, EACCES = 13, EPROTONOSUPPORT = 93, ESOCKTNOSUPPORT = 94, EAFNOSUPPORT = 97,
            EINVAL = 22;

    private static void hint(SocketSpec spec, int errno, String expected) {
        String h = LinuxHints.socketHint(spec, errno);
        assertNotNull(h, spec + " errno " + errno);
        assertTrue(h.contains(expected), spec + " errno " + errno + ": '" + h + "' lacks '" + expected + "'");
    }

    @Test
    void rawWithoutPrivilegeNamesCapNetRaw() {
        hint(SocketSpec.of(Family.INET, Type.RAW, Protocol.ICMP), EPERM, "CAP_NET_RAW");
        hint(SocketSpec.of(Family.INET6, Type.RAW, Protocol.ICMPV6), EACCES, "CAP_NET_RAW");
        hint(SocketSpec.nativeTriple(LinuxAbi.AF_PACKET, 3, 0), EPERM, "CAP_NET_RAW");
    }

    @Test
    void pingSocketRefusalNamesTheSysctl() {
        hint(SocketSpec.of(Family.INET, Type.DGRAM, Protocol.ICMP), EACCES, "net.ipv4.ping_group_range");
    }

    @Test
    void missingModulesAreNamed() {
        hint(SocketSpec.of(Family.INET, Type.STREAM, Protocol.SCTP), EPROTONOSUPPORT, "sctp module");
        hint(SocketSpec.of(Family.INET, Type.SEQPACKET, Protocol.SCTP), ESOCKTNOSUPPORT, "sctp module");
        hint(SocketSpec.of(Family.TIPC, Type.RDM, Protocol.DEFAULT), EAFNOSUPPORT, "tipc module");
        hint(SocketSpec.nativeTriple(LinuxAbi.AF_TIPC, 4, 0), EAFNOSUPPORT, "tipc module");
        hint(SocketSpec.nativeTriple(LinuxHints.AF_RDS, 5, 0), EAFNOSUPPORT, "rds module");
        hint(SocketSpec.nativeTriple(2, 6, LinuxHints.IPPROTO_DCCP), ESOCKTNOSUPPORT, "dccp module");
        hint(SocketSpec.of(Family.APPLETALK, Type.DGRAM, Protocol.DEFAULT), EAFNOSUPPORT, "appletalk module");
        hint(SocketSpec.of(Family.BLUETOOTH, Type.STREAM, 3), EAFNOSUPPORT, "bluetooth module");
    }

    @Test
    void platformAbsencesAreExplained() {
        hint(SocketSpec.of(Family.INET, Type.RDM, Protocol.PGM), ESOCKTNOSUPPORT, "only on Windows");
        hint(SocketSpec.of(Family.INET, Type.RDM, Protocol.DEFAULT), ESOCKTNOSUPPORT, "AF_TIPC");
        hint(SocketSpec.of(Family.IPX, Type.DGRAM, Protocol.DEFAULT), EAFNOSUPPORT, "IPX");
        hint(SocketSpec.of(Family.INET, Type.STREAM, Protocol.MPTCP), EPROTONOSUPPORT, "net.mptcp.enabled");
        hint(SocketSpec.of(Family.INET, Type.DGRAM, Protocol.UDPLITE), EPROTONOSUPPORT, "UDP-Lite");
    }

    @Test
    void noHintWhereTheErrnoSaysItAll() {
        assertNull(LinuxHints.socketHint(SocketSpec.TCP_V4, EINVAL));
        assertNull(LinuxHints.socketHint(SocketSpec.of(Family.INET, Type.DGRAM, Protocol.TCP), EPROTONOSUPPORT));
        // a missing module is not confused with a missing privilege
        assertEquals(-1, LinuxHints.socketHint(SocketSpec.of(Family.INET, Type.STREAM, Protocol.SCTP), EPROTONOSUPPORT)
                .indexOf("CAP_NET"));
    }

    @Test
    void winsockNumbersInANativeTripleAreShownAsWhatTheyMeanOnLinux() {
        // Winsock's AF_NETBIOS is 17 and its AF_INET6 23; on Linux they are AF_PACKET and the removed AF_IRDA
        String packet = LinuxHints.nativeCall(SocketSpec.nativeTriple(17, 2, 0));
        assertTrue(packet.contains("AF_PACKET 17, SOCK_DGRAM 2, 0"), packet);
        hint(SocketSpec.nativeTriple(17, 2, 0), EPERM, "Winsock's AF_NETBIOS");
        String irda = LinuxHints.nativeCall(SocketSpec.nativeTriple(23, 1, 6));
        assertTrue(irda.contains("AF_IRDA 23"), irda);
        hint(SocketSpec.nativeTriple(23, 1, 6), EAFNOSUPPORT, "Winsock's AF_INET6");
        hint(SocketSpec.nativeTriple(23, 1, 6), EAFNOSUPPORT, "Linux numbers");
        String inet6 = LinuxHints.nativeCall(SocketSpec.of(Family.INET6, Type.STREAM, Protocol.TCP));
        assertTrue(inet6.contains("AF_INET6 10, SOCK_STREAM 1, IPPROTO_TCP 6"), inet6);
    }

    @Test
    void unspecifiedFamilyIsExplained() {
        hint(SocketSpec.nativeTriple(0, 2, 17), EAFNOSUPPORT, "AF_UNSPEC");
        hint(SocketSpec.of(Family.UNSPEC, Type.STREAM, Protocol.TCP), EAFNOSUPPORT, "INET6");
        String call = LinuxHints.nativeCall(SocketSpec.nativeTriple(0, 0, 0));
        assertTrue(call.contains("AF_UNSPEC 0, 0, 0"), call);
    }
}
