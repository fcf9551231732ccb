package io.wsnio.backend.posix;

/** Linux x86_64/aarch64 constants, with their C names. Checked against the headers by LinuxAbiTest. */
final class LinuxAbi {
    private LinuxAbi() { }

    static final int AF_UNSPEC = 0, AF_UNIX = 1, AF_INET = 2, AF_IPX = 4, AF_APPLETALK = 5, AF_INET6 = 10,
            AF_PACKET = 17, AF_TIPC = 30, AF_BLUETOOTH = 31, AF_VSOCK = 40;
    static final int SOCK_STREAM = 1, SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;

    static final int SOL_SOCKET = 1, IPPROTO_IP = 0, IPPROTO_TCP = 6, IPPROTO_IPV6 = 41, IPPROTO_UDPLITE = 136;
    static final int SO_REUSEADDR = 2, SO_TYPE = 3, SO_ERROR = 4, SO_BROADCAST = 6, SO_SNDBUF = 7, SO_RCVBUF = 8,
            SO_KEEPALIVE = 9, SO_OOBINLINE = 10, SO_LINGER = 13, SO_REUSEPORT = 15, SO_RCVLOWAT = 18,
            SO_SNDLOWAT = 19, SO_PROTOCOL = 38, SO_DOMAIN = 39, SO_ACCEPTCONN = 30, SO_INCOMING_NAPI_ID = 56,
            SO_PEERCRED = 17, SO_BINDTODEVICE = 25;
    static final int TCP_NODELAY = 1, TCP_KEEPIDLE = 4, TCP_KEEPINTVL = 5, TCP_KEEPCNT = 6, TCP_QUICKACK = 12,
            TCP_USER_TIMEOUT = 18, TCP_FASTOPEN = 23, TCP_NOTSENT_LOWAT = 25;
    static final int IP_TOS = 1, IP_TTL = 2, IP_HDRINCL = 3, IP_MULTICAST_TTL = 33, IP_MULTICAST_LOOP = 34, IP_MULTICAST_ALL = 49,
            IP_FREEBIND = 15, IP_TRANSPARENT = 19, IP_MTU_DISCOVER = 10, IP_MULTICAST_IF = 32;
    static final int IPV6_MULTICAST_IF = 17, IPV6_HDRINCL = 36, IPV6_TRANSPARENT = 75;
    /** Protocol-independent multicast membership (RFC 3678), at level IPPROTO_IP or IPPROTO_IPV6. */
    static final int MCAST_JOIN_GROUP = 42, MCAST_BLOCK_SOURCE = 43, MCAST_UNBLOCK_SOURCE = 44,
            MCAST_LEAVE_GROUP = 45, MCAST_JOIN_SOURCE_GROUP = 46, MCAST_LEAVE_SOURCE_GROUP = 47;
    static final int IPV6_UNICAST_HOPS = 16, IPV6_MULTICAST_HOPS = 18, IPV6_MULTICAST_LOOP = 19,
            IPV6_V6ONLY = 26, IPV6_MULTICAST_ALL = 29, IPV6_TCLASS = 67, IPV6_MTU_DISCOVER = 23;
    static final int SOL_MPTCP = 284, MPTCP_INFO = 1;
    static final int UDPLITE_SEND_CSCOV = 10, UDPLITE_RECV_CSCOV = 11;

    /**
     * Options whose value holds a user-space pointer the kernel follows (a BPF program, the pages
     * of a zero-copy receive or an XDP area, netfilter tables and counters); raw option access
     * refuses them ({@link #pointerOption}).
     */
    static final int SO_ATTACH_FILTER = 26, SO_ATTACH_REUSEPORT_CBPF = 51, TCP_ZEROCOPY_RECEIVE = 35,
            SOL_PACKET = 263, PACKET_FANOUT_DATA = 22, SOL_XDP = 283, XDP_UMEM_REG = 4,
            IPT_SO_SET_REPLACE = 64, IP6T_SO_SET_REPLACE = 64, ARPT_SO_SET_REPLACE = 96,
            EBT_SO_SET_ENTRIES = 128, EBT_SO_SET_COUNTERS = 129, EBT_SO_GET_ENTRIES = 129, EBT_SO_GET_INIT_ENTRIES = 131;

    /** The C name of an option whose value carries a user-space pointer, else null. */
    static String pointerOption(int level, int name) {
        if (level == SOL_SOCKET) {
            return name == SO_ATTACH_FILTER ? "SO_ATTACH_FILTER"
                    : name == SO_ATTACH_REUSEPORT_CBPF ? "SO_ATTACH_REUSEPORT_CBPF" : null;
        }
        if (level == IPPROTO_TCP) {
            return name == TCP_ZEROCOPY_RECEIVE ? "TCP_ZEROCOPY_RECEIVE" : null;
        }
        if (level == SOL_PACKET) {
            return name == PACKET_FANOUT_DATA ? "PACKET_FANOUT_DATA" : null;
        }
        if (level == SOL_XDP) {
            return name == XDP_UMEM_REG ? "XDP_UMEM_REG" : null;
        }
        if (level == IPPROTO_IP) {
            return name == IPT_SO_SET_REPLACE ? "IPT_SO_SET_REPLACE"
                    : name == ARPT_SO_SET_REPLACE ? "ARPT_SO_SET_REPLACE"
                    : name == EBT_SO_SET_ENTRIES ? "EBT_SO_SET_ENTRIES"
                    : name == EBT_SO_SET_COUNTERS ? "EBT_SO_SET_COUNTERS or EBT_SO_GET_ENTRIES"
                    : name == EBT_SO_GET_INIT_ENTRIES ? "EBT_SO_GET_INIT_ENTRIES" : null;
        }
        if (level == IPPROTO_IPV6) {
            return name == IP6T_SO_SET_REPLACE ? "IP6T_SO_SET_REPLACE" : null;
        }
        return null;
    }

    static final int MSG_OOB = 0x1, MSG_NOSIGNAL = 0x4000, MSG_TRUNC = 0x20, MSG_CTRUNC = 0x8, MSG_WAITFORONE = 0x10000;
    /** UDP segmentation offload (Linux 4.18+) and receive coalescing (5.0+), at level SOL_UDP. */
    static final int SOL_UDP = 17, UDP_SEGMENT = 103, UDP_GRO = 104;
    /** struct msghdr, struct mmsghdr (msghdr + unsigned msg_len, padded), struct cmsghdr (64-bit). */
    static final int MSGHDR_SIZE = 56, MMSGHDR_SIZE = 64, MMSGHDR_LEN_OFFSET = 56, CMSGHDR_SIZE = 16;
    /** Field offsets of struct msghdr (msg_namelen, msg_flags: 4-byte ints, padded to 8). */
    static final int MSG_NAME = 0, MSG_NAMELEN = 8, MSG_IOV = 16, MSG_IOVLEN = 24, MSG_CONTROL = 32,
            MSG_CONTROLLEN = 40, MSG_FLAGS = 48;
    /** Field offsets of struct cmsghdr; its data starts at {@link #CMSGHDR_SIZE}. */
    static final int CMSG_LEN = 0, CMSG_LEVEL = 8, CMSG_TYPE = 12;
    /** struct iovec. */
    static final int IOVEC_SIZE = 16, IOV_BASE = 0, IOV_LEN = 8;

    /**
     * The layouts above are LP64 Linux's (x86-64, aarch64): the POSIX backend refuses any other
     * platform at start, naming it, rather than pass shifted arguments and wrong layouts.
     */
    static void checkSupported(String osName, String osArch, int pointerSize) {
        boolean arch = "amd64".equals(osArch) || "x86_64".equals(osArch) || "aarch64".equals(osArch);
        if (osName == null || !osName.startsWith("Linux") || !arch || pointerSize != 8) {
            throw new UnsupportedOperationException("wsnio's POSIX backend supports Linux on x86-64 and aarch64"
                    + " (LP64 struct layouts and Linux numbers), not " + osName + " " + osArch + " with "
                    + pointerSize + "-byte pointers");
        }
    }
    static final int UIO_MAXIOV = 1024;
    static final long FIONBIO = 0x5421, FIONREAD = 0x541B;

    static final int EPOLL_CLOEXEC = 0x80000, EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
    static final int EFD_NONBLOCK = 0x800, EFD_CLOEXEC = 0x80000;
    static final int POLLIN = 0x1, POLLOUT = 0x4;
    static final int EPOLLET = 1 << 31;

    /** struct epoll_event is packed on x86_64 (12 bytes), naturally aligned elsewhere (16). */
    static final boolean EPOLL_PACKED = "amd64".equals(System.getProperty("os.arch"))
            || "x86_64".equals(System.getProperty("os.arch"));
    static final int EPOLL_EVENT_SIZE = EPOLL_PACKED ? 12 : 16;
    static final int EPOLL_DATA_OFFSET = EPOLL_PACKED ? 4 : 8;

    static final int SOCKADDR_IN_SIZE = 16, SOCKADDR_IN6_SIZE = 28, SOCKADDR_UN_SIZE = 110, SOCKADDR_STORAGE_SIZE = 128;
    static final int UNIX_PATH_MAX = 108;
    /** struct sockaddr_rc (bluetooth/rfcomm.h): rc_family, rc_bdaddr (bdaddr_t, 6 bytes, least significant first), rc_channel. */
    static final int SOCKADDR_RC_SIZE = 10, SOCKADDR_RC_FAMILY = 0, SOCKADDR_RC_BDADDR = 2, SOCKADDR_RC_CHANNEL = 8;
    static final int BTPROTO_RFCOMM = 3;
    static final int IOV_MAX = 1024;

    static final int ENOENT = 2, EINTR = 4, EAGAIN = 11, EEXIST = 17, EINPROGRESS = 115, EALREADY = 114, EISCONN = 106, ENOTCONN = 107;
    static final int EPERM = 1, EACCES = 13, EPROTONOSUPPORT = 93, ESOCKTNOSUPPORT = 94, EAFNOSUPPORT = 97;
}
