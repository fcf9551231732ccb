package io.wsnio.backend.posix;

import io.wsnio.testkit.Require;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every number in {@link LinuxAbi} is compared with the system headers through a small C program. */
class LinuxAbiTest {
    private static final String[] NAMES = {
        "AF_UNSPEC", "AF_UNIX", "AF_INET", "AF_IPX", "AF_APPLETALK", "AF_INET6", "AF_PACKET", "AF_TIPC",
        "AF_BLUETOOTH", "AF_VSOCK", "SOCK_STREAM", "SOCK_NONBLOCK", "SOCK_CLOEXEC", "SOL_SOCKET", "IPPROTO_IP",
        "IPPROTO_TCP", "IPPROTO_IPV6", "IPPROTO_UDPLITE", "SO_REUSEADDR", "SO_TYPE", "SO_ERROR", "SO_BROADCAST",
        "SO_SNDBUF", "SO_RCVBUF", "SO_KEEPALIVE", "SO_OOBINLINE", "SO_LINGER", "SO_REUSEPORT", "SO_RCVLOWAT",
        "SO_SNDLOWAT", "SO_PROTOCOL", "SO_DOMAIN", "SO_ACCEPTCONN", "SO_INCOMING_NAPI_ID", "SO_PEERCRED", "SO_BINDTODEVICE", "TCP_NODELAY", "TCP_KEEPIDLE", "TCP_KEEPINTVL",
        "TCP_KEEPCNT", "TCP_QUICKACK", "TCP_USER_TIMEOUT", "TCP_FASTOPEN", "TCP_NOTSENT_LOWAT", "IP_TOS", "IP_TTL",
        "IP_HDRINCL", "IP_MULTICAST_TTL", "IP_MULTICAST_LOOP", "IP_MULTICAST_ALL", "IP_FREEBIND", "IP_TRANSPARENT", "IP_MTU_DISCOVER",
        "IPV6_UNICAST_HOPS", "IPV6_MULTICAST_HOPS", "IPV6_MULTICAST_LOOP", "IPV6_V6ONLY", "IPV6_TCLASS", "IPV6_MULTICAST_ALL",
        "IPV6_MTU_DISCOVER", "IPV6_HDRINCL", "SOL_MPTCP", "MPTCP_INFO", "UDPLITE_SEND_CSCOV", "UDPLITE_RECV_CSCOV", "MSG_OOB", "MSG_NOSIGNAL", "MSG_TRUNC", "MSG_CTRUNC",
        "MSG_WAITFORONE", "SOL_UDP", "UDP_SEGMENT", "UDP_GRO", "UIO_MAXIOV", "FIONBIO",
        "FIONREAD", "EPOLL_CLOEXEC", "EPOLL_CTL_ADD", "EPOLL_CTL_DEL", "EPOLL_CTL_MOD", "EFD_NONBLOCK",
        "EFD_CLOEXEC", "POLLIN", "POLLOUT", "EPOLLET", "EINTR", "EAGAIN", "EINPROGRESS", "EALREADY", "EISCONN", "ENOTCONN",
        "EPERM", "EACCES", "IPV6_TRANSPARENT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT", "EAFNOSUPPORT",
        "SO_ATTACH_FILTER", "SO_ATTACH_REUSEPORT_CBPF", "TCP_ZEROCOPY_RECEIVE", "SOL_PACKET", "PACKET_FANOUT_DATA",
        "SOL_XDP", "XDP_UMEM_REG", "IPT_SO_SET_REPLACE", "IP6T_SO_SET_REPLACE", "ARPT_SO_SET_REPLACE",
        "EBT_SO_SET_ENTRIES", "EBT_SO_SET_COUNTERS", "EBT_SO_GET_ENTRIES", "EBT_SO_GET_INIT_ENTRIES",
    };
    private static final Map<String, Long> HEADER = new HashMap<>();
    /** The LinuxAbi field offsets the probe prints with offsetof. */
    private static final java.util.List<String> OFFSETS = new java.util.ArrayList<>();

    @BeforeAll
    static void probe() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "Linux headers are checked on Linux only");
        Path dir = Files.createTempDirectory("wsnio-abi");
        StringBuilder c = new StringBuilder();
        c.append("#define _GNU_SOURCE\n#include <stdio.h>\n#include <errno.h>\n#include <poll.h>\n")
                .append("#include <sys/socket.h>\n#include <sys/ioctl.h>\n#include <sys/epoll.h>\n")
                .append("#include <sys/eventfd.h>\n#include <netinet/in.h>\n#include <netinet/tcp.h>\n")
                .append("#include <stddef.h>\n#include <sys/uio.h>\n#include <netinet/udp.h>\n#include <linux/in6.h>\n#include <linux/mptcp.h>\n")
                .append("#include <linux/if_packet.h>\n#include <linux/if_xdp.h>\n#include <linux/netfilter_ipv4/ip_tables.h>\n")
                .append("#include <linux/netfilter_ipv6/ip6_tables.h>\n#include <linux/netfilter_arp/arp_tables.h>\n")
                .append("#include <linux/netfilter_bridge/ebtables.h>\n#ifndef UDPLITE_SEND_CSCOV\n")
                .append("#define UDPLITE_SEND_CSCOV 10\n#define UDPLITE_RECV_CSCOV 11\n#endif\n")
                .append("#ifndef IPPROTO_UDPLITE\n#define IPPROTO_UDPLITE 136\n#endif\n")
                .append("int main(void) {\n")
                .append("  printf(\"EPOLL_EVENT_SIZE=%zu\\n\", sizeof(struct epoll_event));\n")
                .append("  printf(\"SOCKADDR_IN_SIZE=%zu\\nSOCKADDR_IN6_SIZE=%zu\\nSOCKADDR_STORAGE_SIZE=%zu\\n\",")
                .append(" sizeof(struct sockaddr_in), sizeof(struct sockaddr_in6), sizeof(struct sockaddr_storage));\n")
                .append("  printf(\"MSGHDR_SIZE=%zu\\nMMSGHDR_SIZE=%zu\\nMMSGHDR_LEN_OFFSET=%zu\\nCMSGHDR_SIZE=%zu\\n\",")
                .append(" sizeof(struct msghdr), sizeof(struct mmsghdr), offsetof(struct mmsghdr, msg_len),")
                .append(" sizeof(struct cmsghdr));\n");
        String[][] fields = {
            {"MSG_NAME", "struct msghdr", "msg_name"}, {"MSG_NAMELEN", "struct msghdr", "msg_namelen"},
            {"MSG_IOV", "struct msghdr", "msg_iov"}, {"MSG_IOVLEN", "struct msghdr", "msg_iovlen"},
            {"MSG_CONTROL", "struct msghdr", "msg_control"}, {"MSG_CONTROLLEN", "struct msghdr", "msg_controllen"},
            {"MSG_FLAGS", "struct msghdr", "msg_flags"}, {"CMSG_LEN", "struct cmsghdr", "cmsg_len"},
            {"CMSG_LEVEL", "struct cmsghdr", "cmsg_level"}, {"CMSG_TYPE", "struct cmsghdr", "cmsg_type"},
            {"IOV_BASE", "struct iovec", "iov_base"}, {"IOV_LEN", "struct iovec", "iov_len"},
        };
        for (String[] f : fields) {
            c.append("  printf(\"").append(f[0]).append("=%zu\\n\", offsetof(").append(f[1]).append(", ")
                    .append(f[2]).append("));\n");
            OFFSETS.add(f[0]);
        }
        c.append("  printf(\"IOVEC_SIZE=%zu\\nCMSG_DATA_OFFSET=%zu\\n\", sizeof(struct iovec),")
                .append(" (size_t) ((unsigned char *) CMSG_DATA((struct cmsghdr *) 0) - (unsigned char *) 0));\n");
        for (String n : NAMES) {
            c.append("  printf(\"").append(n).append("=%ld\\n\", (long) (").append(n).append("));\n");
        }
        c.append("  return 0;\n}\n");
        Path src = dir.resolve("abi.c");
        Files.writeString(src, c);
        Path exe = dir.resolve("abi");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Require.capability("gcc", false, "gcc is not installed: " + e.getMessage());
            return;
        }
        String gccOut = new String(gcc.getInputStream().readAllBytes());
        assertEquals(0, waitFor(gcc), "gcc failed:\n" + gccOut);
        Process run = new ProcessBuilder(exe.toString()).start();
        String out = new String(run.getInputStream().readAllBytes());
        assertEquals(0, waitFor(run));
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                HEADER.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
            }
        }
    }

    private static int waitFor(Process p) throws InterruptedException {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    @Test
    void everyConstantMatchesTheHeaders() throws Exception {
        for (String n : NAMES) {
            Number ours = (Number) LinuxAbi.class.getDeclaredField(n).get(null);
            // an int flag with bit 31 set (EPOLLET) is a negative Java int and an unsigned C one
            long value = ours instanceof Integer ? Integer.toUnsignedLong(ours.intValue()) : ours.longValue();
            assertEquals(HEADER.get(n), HEADER.get(n) < 0 ? ours.longValue() : value, n);
        }
    }

    @Test
    void layoutsMatchTheHeaders() {
        assertEquals(HEADER.get("EPOLL_EVENT_SIZE"), (long) LinuxAbi.EPOLL_EVENT_SIZE, "sizeof(struct epoll_event)");
        assertEquals(HEADER.get("SOCKADDR_IN_SIZE"), (long) LinuxAbi.SOCKADDR_IN_SIZE);
        assertEquals(HEADER.get("SOCKADDR_IN6_SIZE"), (long) LinuxAbi.SOCKADDR_IN6_SIZE);
        assertEquals(HEADER.get("SOCKADDR_STORAGE_SIZE"), (long) LinuxAbi.SOCKADDR_STORAGE_SIZE);
        assertEquals(HEADER.get("MSGHDR_SIZE"), (long) LinuxAbi.MSGHDR_SIZE, "sizeof(struct msghdr)");
        assertEquals(HEADER.get("MMSGHDR_SIZE"), (long) LinuxAbi.MMSGHDR_SIZE, "sizeof(struct mmsghdr)");
        assertEquals(HEADER.get("MMSGHDR_LEN_OFFSET"), (long) LinuxAbi.MMSGHDR_LEN_OFFSET, "offsetof(struct mmsghdr, msg_len)");
        assertEquals(HEADER.get("CMSGHDR_SIZE"), (long) LinuxAbi.CMSGHDR_SIZE, "sizeof(struct cmsghdr)");
        assertEquals(HEADER.get("CMSG_DATA_OFFSET"), (long) LinuxAbi.CMSGHDR_SIZE, "CMSG_DATA offset");
        assertEquals(HEADER.get("IOVEC_SIZE"), (long) LinuxAbi.IOVEC_SIZE, "sizeof(struct iovec)");
        org.junit.jupiter.api.Assertions.assertEquals(12, OFFSETS.size());
        for (String f : OFFSETS) {
            assertEquals(HEADER.get(f), ((Number) field(f)).longValue(), "offsetof for " + f);
        }
    }

    private static Object field(String name) {
        try {
            return LinuxAbi.class.getDeclaredField(name).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * struct sockaddr_rc against BlueZ's headers (libbluetooth-dev): size, offsets, AF_BLUETOOTH and
     * BTPROTO_RFCOMM, and the bytes BlueZ's own str2ba writes for 01:23:45:67:89:AB, channel 7,
     * against the ones SockAddrs writes for the same address.
     */
    @Test
    void rfcommAddressMatchesBluez() throws Exception {
        Path dir = Files.createTempDirectory("wsnio-rfcomm");
        Path src = dir.resolve("rc.c");
        Files.writeString(src, "#include <stdio.h>\n#include <stddef.h>\n#include <string.h>\n#include <sys/socket.h>\n"
                + "#include <bluetooth/bluetooth.h>\n#include <bluetooth/rfcomm.h>\n"
                + "int main(void) {\n"
                + "  printf(\"SOCKADDR_RC_SIZE=%zu\\nSOCKADDR_RC_FAMILY=%zu\\nSOCKADDR_RC_BDADDR=%zu\\nSOCKADDR_RC_CHANNEL=%zu\\n\","
                + " sizeof(struct sockaddr_rc), offsetof(struct sockaddr_rc, rc_family),"
                + " offsetof(struct sockaddr_rc, rc_bdaddr), offsetof(struct sockaddr_rc, rc_channel));\n"
                + "  printf(\"AF_BLUETOOTH=%d\\nBTPROTO_RFCOMM=%d\\n\", AF_BLUETOOTH, BTPROTO_RFCOMM);\n"
                + "  struct sockaddr_rc a; memset(&a, 0, sizeof a); a.rc_family = AF_BLUETOOTH; a.rc_channel = 7;\n"
                + "  str2ba(\"01:23:45:67:89:AB\", &a.rc_bdaddr);\n"
                + "  printf(\"BYTES=\"); for (size_t i = 0; i < sizeof a; i++) printf(\"%02x\", ((unsigned char *) &a)[i]);\n"
                + "  printf(\"\\n\"); return 0;\n}\n");
        Path exe = dir.resolve("rc");
        Process gcc = new ProcessBuilder("gcc", "-o", exe.toString(), src.toString(), "-lbluetooth").redirectErrorStream(true).start();
        String gccOut = new String(gcc.getInputStream().readAllBytes());
        int gccExit = waitFor(gcc);
        Require.capability("bluez", gccExit == 0 || !gccOut.contains("bluetooth"),
                () -> "BlueZ's headers are not installed (apt-get install libbluetooth-dev): " + gccOut.trim());
        assertEquals(0, gccExit, "gcc failed:\n" + gccOut);
        Process run = new ProcessBuilder(exe.toString()).start();
        String out = new String(run.getInputStream().readAllBytes());
        assertEquals(0, waitFor(run));
        Map<String, String> c = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                c.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertEquals(c.get("SOCKADDR_RC_SIZE"), "" + LinuxAbi.SOCKADDR_RC_SIZE, "sizeof(struct sockaddr_rc)");
        assertEquals(c.get("SOCKADDR_RC_FAMILY"), "" + LinuxAbi.SOCKADDR_RC_FAMILY, "offsetof(rc_family)");
        assertEquals(c.get("SOCKADDR_RC_BDADDR"), "" + LinuxAbi.SOCKADDR_RC_BDADDR, "offsetof(rc_bdaddr)");
        assertEquals(c.get("SOCKADDR_RC_CHANNEL"), "" + LinuxAbi.SOCKADDR_RC_CHANNEL, "offsetof(rc_channel)");
        assertEquals(c.get("AF_BLUETOOTH"), "" + LinuxAbi.AF_BLUETOOTH, "AF_BLUETOOTH");
        assertEquals(c.get("BTPROTO_RFCOMM"), "" + LinuxAbi.BTPROTO_RFCOMM, "BTPROTO_RFCOMM");
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(256).order(java.nio.ByteOrder.nativeOrder());
        int len = SockAddrs.encode(b, 0, io.wsnio.SocketSpec.Family.BLUETOOTH, io.wsnio.BluetoothAddress.of("01:23:45:67:89:AB", 7));
        StringBuilder ours = new StringBuilder();
        for (int i = 0; i < len; i++) {
            ours.append(String.format("%02x", b.get(i) & 0xff));
        }
        assertEquals(c.get("BYTES"), ours.toString(), "sockaddr_rc bytes: BlueZ's str2ba vs SockAddrs.encode");
        assertEquals(io.wsnio.BluetoothAddress.of("01:23:45:67:89:AB", 7), SockAddrs.decode(b, 0, len));
    }

    @Test
    void unsupportedPlatformsAreRefusedByName() {
        LinuxAbi.checkSupported("Linux", "amd64", 8);
        LinuxAbi.checkSupported("Linux", "aarch64", 8);
        for (String[] p : new String[][] {{"Linux", "arm", "4"}, {"Linux", "i386", "4"}, {"Linux", "ppc64le", "8"},
                {"Mac OS X", "aarch64", "8"}, {"FreeBSD", "amd64", "8"}, {"Linux", "amd64", "4"}}) {
            UnsupportedOperationException e = org.junit.jupiter.api.Assertions.assertThrows(
                    UnsupportedOperationException.class,
                    () -> LinuxAbi.checkSupported(p[0], p[1], Integer.parseInt(p[2])));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(p[0] + " " + p[1]), e.getMessage());
        }
    }
}
