package io.wsnio.backend.winsock;

/**
 * The Winsock numbers and x64 layouts the backend uses, under their C names. Every {@code int} or
 * {@code long} constant here is printed by {@code .ci/winsock/probe.c} (compiled against the
 * mingw-w64 headers, run under Wine) and compared by {@code WinsockAbiTest}; the few that the
 * mingw-w64 headers lack are listed in {@link #NOT_IN_MINGW_HEADERS} with their source.
 */
final class WinsockAbi {
    private WinsockAbi() { }

    /** Names that mingw-w64 10 does not define; their values are from the Windows SDK's ws2ipdef.h. */
    static final String[] NOT_IN_MINGW_HEADERS = {
        "TCP_KEEPALIVE", "TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT", "TCP_FASTOPEN",
        "UDP_SEND_MSG_SIZE", "UDP_RECV_MAX_COALESCED_SIZE", "UDP_COALESCED_INFO",
    };

    // WSAStartup
    static final int WINSOCK_VERSION_2_2 = 0x0202;
    static final int WSADATA_SIZE = 408;

    // Address families (ws2def.h)
    static final int AF_UNSPEC = 0;
    static final int AF_UNIX = 1;
    static final int AF_INET = 2;
    static final int AF_IPX = 6;
    static final int AF_APPLETALK = 16;
    static final int AF_NETBIOS = 17;
    static final int AF_INET6 = 23;
    static final int AF_IRDA = 26;
    static final int AF_BTH = 32;

    // Socket types and protocols
    static final int SOCK_STREAM = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_RDM = 4;
    static final int SOCK_SEQPACKET = 5;
    static final int IPPROTO_IP = 0;
    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_UDP = 17;
    static final int IPPROTO_IPV6 = 41;

    // Socket creation
    static final int WSA_FLAG_OVERLAPPED = 0x01;
    static final int WSA_FLAG_NO_HANDLE_INHERIT = 0x80;
    static final long INVALID_SOCKET = -1L;
    static final int SOCKET_ERROR = -1;

    // ioctlsocket / WSAIoctl
    static final int FIONBIO = 0x8004667e;
    static final int FIONREAD = 0x4004667f;
    static final int SIO_UDP_CONNRESET = 0x9800000c;

    // shutdown
    static final int SD_RECEIVE = 0;
    static final int SD_SEND = 1;
    static final int SD_BOTH = 2;

    // send/recv flags
    static final int MSG_OOB = 0x1;
    static final int MSG_PEEK = 0x2;

    // Socket options: SOL_SOCKET level
    static final int SOL_SOCKET = 0xffff;
    static final int SO_REUSEADDR = 0x0004;
    static final int SO_EXCLUSIVEADDRUSE = ~SO_REUSEADDR;
    static final int SO_KEEPALIVE = 0x0008;
    static final int SO_BROADCAST = 0x0020;
    static final int SO_LINGER = 0x0080;
    static final int SO_OOBINLINE = 0x0100;
    static final int SO_SNDBUF = 0x1001;
    static final int SO_RCVBUF = 0x1002;
    static final int SO_SNDLOWAT = 0x1003;
    static final int SO_RCVLOWAT = 0x1004;
    static final int SO_ERROR = 0x1007;
    static final int SO_TYPE = 0x1008;
    static final int SO_PROTOCOL_INFOW = 0x2005;

    // IPPROTO_TCP level
    static final int TCP_NODELAY = 1;
    static final int TCP_KEEPALIVE = 3;
    static final int TCP_KEEPIDLE = TCP_KEEPALIVE;
    static final int TCP_FASTOPEN = 15;
    static final int TCP_KEEPCNT = 16;
    static final int TCP_KEEPINTVL = 17;

    // IPPROTO_IP level
    static final int IP_HDRINCL = 2;
    static final int IP_TOS = 3;
    static final int IP_TTL = 4;
    static final int IP_MULTICAST_TTL = 10;
    static final int IP_MULTICAST_IF = 9;
    static final int IP_MULTICAST_LOOP = 11;
    static final int IP_ADD_MEMBERSHIP = 12;
    static final int IP_DROP_MEMBERSHIP = 13;
    static final int IP_ADD_SOURCE_MEMBERSHIP = 15;
    static final int IP_DROP_SOURCE_MEMBERSHIP = 16;
    static final int IP_BLOCK_SOURCE = 17;
    static final int IP_UNBLOCK_SOURCE = 18;

    // IPPROTO_IPV6 level
    static final int IPV6_UNICAST_HOPS = 4;
    static final int IPV6_MULTICAST_HOPS = 10;
    static final int IPV6_MULTICAST_IF = 9;
    static final int IPV6_MULTICAST_LOOP = 11;
    static final int IPV6_ADD_MEMBERSHIP = 12;
    static final int IPV6_DROP_MEMBERSHIP = 13;
    static final int IPV6_V6ONLY = 27;
    static final int IPV6_TCLASS = 39;
    static final int IPV6_HDRINCL = 2;

    // protocol-independent multicast (IPPROTO_IP or IPPROTO_IPV6 level)
    static final int MCAST_JOIN_GROUP = 41;
    static final int MCAST_LEAVE_GROUP = 42;
    static final int MCAST_BLOCK_SOURCE = 43;
    static final int MCAST_UNBLOCK_SOURCE = 44;
    static final int MCAST_JOIN_SOURCE_GROUP = 45;
    static final int MCAST_LEAVE_SOURCE_GROUP = 46;

    // WSAPoll bits (winsock2.h)
    static final int POLLERR = 0x0001;
    static final int POLLHUP = 0x0002;
    static final int POLLNVAL = 0x0004;
    static final int POLLWRNORM = 0x0010;
    static final int POLLOUT = POLLWRNORM;
    static final int POLLRDNORM = 0x0100;
    static final int POLLRDBAND = 0x0200;
    static final int POLLIN = POLLRDNORM | POLLRDBAND;
    static final int POLLPRI = 0x0400;

    // Layouts (x64)
    static final int SOCKET_SIZE = 8;
    static final int WSAPOLLFD_SIZE = 16;
    static final int WSAPOLLFD_FD = 0;
    static final int WSAPOLLFD_EVENTS = 8;
    static final int WSAPOLLFD_REVENTS = 10;
    static final int WSABUF_SIZE = 16;
    static final int WSABUF_LEN = 0;
    static final int WSABUF_BUF = 8;
    static final int SOCKADDR_IN_SIZE = 16;
    static final int SOCKADDR_IN_FAMILY = 0;
    static final int SOCKADDR_IN_PORT = 2;
    static final int SOCKADDR_IN_ADDR = 4;
    static final int SOCKADDR_IN6_SIZE = 28;
    static final int SOCKADDR_IN6_FAMILY = 0;
    static final int SOCKADDR_IN6_PORT = 2;
    static final int SOCKADDR_IN6_FLOWINFO = 4;
    static final int SOCKADDR_IN6_ADDR = 8;
    static final int SOCKADDR_IN6_SCOPE_ID = 24;
    static final int SOCKADDR_UN_SIZE = 110;
    static final int SOCKADDR_UN_PATH = 2;
    static final int UNIX_PATH_MAX = 108;
    static final int SOCKADDR_STORAGE_SIZE = 128;
    static final int LINGER_SIZE = 4;
    static final int LINGER_ONOFF = 0;
    static final int LINGER_LINGER = 2;
    static final int WSAPROTOCOL_INFOW_SIZE = 628;
    static final int IP_MREQ_SIZE = 8;
    static final int IP_MREQ_INTERFACE = 4;
    static final int IP_MREQ_SOURCE_SIZE = 12;
    static final int IP_MREQ_SOURCE_SOURCEADDR = 4;
    static final int IP_MREQ_SOURCE_INTERFACE = 8;
    static final int IPV6_MREQ_SIZE = 20;
    static final int IPV6_MREQ_INTERFACE = 16;
    static final int GROUP_REQ_SIZE = 136;
    static final int GROUP_REQ_GROUP = 8;
    static final int GROUP_SOURCE_REQ_SIZE = 264;
    static final int GROUP_SOURCE_REQ_GROUP = 8;
    static final int GROUP_SOURCE_REQ_SOURCE = 136;
    static final int WSAPROTOCOL_INFOW_IADDRESSFAMILY = 76;
    static final int WSAPROTOCOL_INFOW_ISOCKETTYPE = 88;
    static final int WSAPROTOCOL_INFOW_IPROTOCOL = 92;
    static final int WSAPROTOCOL_INFOW_SZPROTOCOL = 116;
    /** szProtocol is WCHAR[WSAPROTOCOL_LEN + 1]. */
    static final int WSAPROTOCOL_LEN = 255;

    // Error codes (winerror.h / winsock2.h)
    static final int WSA_OPERATION_ABORTED = 995;
    static final int WSAEINTR = 10004;
    static final int WSAEBADF = 10009;
    static final int WSAEACCES = 10013;
    static final int WSAEFAULT = 10014;
    static final int WSAEINVAL = 10022;
    static final int WSAEMFILE = 10024;
    static final int WSAEWOULDBLOCK = 10035;
    static final int WSAEINPROGRESS = 10036;
    static final int WSAEALREADY = 10037;
    static final int WSAENOTSOCK = 10038;
    static final int WSAEDESTADDRREQ = 10039;
    static final int WSAEMSGSIZE = 10040;
    static final int WSAEPROTOTYPE = 10041;
    static final int WSAENOPROTOOPT = 10042;
    static final int WSAEPROTONOSUPPORT = 10043;
    static final int WSAESOCKTNOSUPPORT = 10044;
    static final int WSAEOPNOTSUPP = 10045;
    static final int WSAEPFNOSUPPORT = 10046;
    static final int WSAEAFNOSUPPORT = 10047;
    static final int WSAEADDRINUSE = 10048;
    static final int WSAEADDRNOTAVAIL = 10049;
    static final int WSAENETDOWN = 10050;
    static final int WSAENETUNREACH = 10051;
    static final int WSAENETRESET = 10052;
    static final int WSAECONNABORTED = 10053;
    static final int WSAECONNRESET = 10054;
    static final int WSAENOBUFS = 10055;
    static final int WSAEISCONN = 10056;
    static final int WSAENOTCONN = 10057;
    static final int WSAESHUTDOWN = 10058;
    static final int WSAETIMEDOUT = 10060;
    static final int WSAECONNREFUSED = 10061;
    static final int WSAEHOSTDOWN = 10064;
    static final int WSAEHOSTUNREACH = 10065;
    static final int WSASYSNOTREADY = 10091;
    static final int WSAVERNOTSUPPORTED = 10092;
    static final int WSANOTINITIALISED = 10093;
    static final int WSAEINVALIDPROCTABLE = 10104;
    static final int WSAEINVALIDPROVIDER = 10105;
    static final int WSAEPROVIDERFAILEDINIT = 10106;

    // kernel32
    static final int HANDLE_FLAG_INHERIT = 0x1;

    // Batched datagrams and UDP offload (WSASendMsg, WSARecvMsg, USO/URO). UDP_SEND_MSG_SIZE,
    // UDP_RECV_MAX_COALESCED_SIZE and UDP_COALESCED_INFO are from the Windows SDK's ws2ipdef.h
    // (10.0.17763+); mingw-w64 lacks them, so the probe cannot check them.
    static final int UDP_SEND_MSG_SIZE = 2;
    static final int UDP_RECV_MAX_COALESCED_SIZE = 3;
    static final int UDP_COALESCED_INFO = 3;
    static final int SIO_GET_EXTENSION_FUNCTION_POINTER = 0xc8000006;
    /** WSAID_WSARECVMSG {f689d7c8-6f1f-436b-8a53-e54fe351c322}, as two little-endian longs (GUID bytes 0-7, 8-15). */
    static final long WSAID_WSARECVMSG_LO = 0x436b6f1ff689d7c8L;
    static final long WSAID_WSARECVMSG_HI = 0x22c351e34fe5538aL;
    static final int GUID_SIZE = 16;
    static final int WSAMSG_SIZE = 56;
    static final int WSAMSG_NAME = 0;
    static final int WSAMSG_NAMELEN = 8;
    static final int WSAMSG_LPBUFFERS = 16;
    static final int WSAMSG_DWBUFFERCOUNT = 24;
    static final int WSAMSG_CONTROL = 32;
    static final int WSAMSG_DWFLAGS = 48;
    static final int WSACMSGHDR_SIZE = 16;
    static final int WSACMSGHDR_LEVEL = 8;
    static final int WSACMSGHDR_TYPE = 12;
    /** WSA_CMSG_DATA's offset from its WSACMSGHDR. */
    static final int WSACMSGHDR_DATA = 16;
    /** WSA_CMSG_LEN(sizeof(DWORD)) and WSA_CMSG_SPACE(sizeof(DWORD)). */
    static final int WSA_CMSG_LEN_DWORD = 20;
    static final int WSA_CMSG_SPACE_DWORD = 24;
    static final int MSG_TRUNC = 0x0100;
    static final int MSG_CTRUNC = 0x0200;

    // PGM reliable multicast (wsrm.h): options at level IPPROTO_RM and their structures
    static final int IPPROTO_RM = 113;
    static final int RM_RATE_WINDOW_SIZE = 1001;
    static final int RM_SET_MESSAGE_BOUNDARY = 1002;
    static final int RM_SENDER_STATISTICS = 1005;
    static final int RM_LATEJOIN = 1006;
    static final int RM_SET_SEND_IF = 1007;
    static final int RM_ADD_RECEIVE_IF = 1008;
    static final int RM_DEL_RECEIVE_IF = 1009;
    static final int RM_SEND_WINDOW_ADV_RATE = 1010;
    static final int RM_USE_FEC = 1011;
    static final int RM_SET_MCAST_TTL = 1012;
    static final int RM_RECEIVER_STATISTICS = 1013;
    static final int RM_HIGH_SPEED_INTRANET_OPT = 1014;
    static final int MAX_MCAST_TTL = 255;
    static final int SENDER_MAX_LATE_JOINER_PERCENTAGE = 75;
    static final int RM_SEND_WINDOW_SIZE = 12;
    static final int RM_SEND_WINDOW_RATEKBITSPERSEC = 0;
    static final int RM_SEND_WINDOW_WINDOWSIZEINMSECS = 4;
    static final int RM_SEND_WINDOW_WINDOWSIZEINBYTES = 8;
    static final int RM_FEC_INFO_SIZE = 6;
    static final int RM_FEC_INFO_FECBLOCKSIZE = 0;
    static final int RM_FEC_INFO_FECPROACTIVEPACKETS = 2;
    static final int RM_FEC_INFO_FECGROUPSIZE = 4;
    static final int RM_FEC_INFO_FFECONDEMANDPARITYENABLED = 5;
    /** RM_SENDER_STATS: 13 ULONGLONGs, DataBytesSent first, TotalODataPacketsSent last. */
    static final int RM_SENDER_STATS_SIZE = 104;
    static final int RM_SENDER_STATS_DATABYTESSENT = 0;
    static final int RM_SENDER_STATS_TOTALODATAPACKETSSENT = 96;
    /** RM_RECEIVER_STATS: 18 ULONGLONGs, NumODataPacketsReceived first, TotalParityNaksSent last. */
    static final int RM_RECEIVER_STATS_SIZE = 144;
    static final int RM_RECEIVER_STATS_NUMODATAPACKETSRECEIVED = 0;
    static final int RM_RECEIVER_STATS_TOTALPARITYNAKSSENT = 136;

    // Bluetooth (ws2bth.h, bthdef.h): SOCKADDR_BTH is declared under #pragma pack(1)
    static final int BTHPROTO_RFCOMM = 3;
    static final int BT_PORT_ANY = -1;
    static final int SOCKADDR_BTH_SIZE = 30;
    static final int SOCKADDR_BTH_ADDRESSFAMILY = 0;
    static final int SOCKADDR_BTH_BTADDR = 2;
    static final int SOCKADDR_BTH_SERVICECLASSID = 10;
    static final int SOCKADDR_BTH_PORT = 26;
}
