package io.wsnio.nativeio;

/**
 * Socket options by meaning. Each backend maps them to its own (level, name) pair, or throws
 * {@link UnsupportedOperationException} where the platform has no such option. Values are ints;
 * booleans are 0/1; {@link #SO_LINGER} is -1 for off, else seconds; {@link #IP_MULTICAST_IF} is
 * the interface's IPv4 address as a big-endian int (0 for the default), {@link #IPV6_MULTICAST_IF}
 * an interface index (0 for the default).
 */
public enum SockOpt {
    SO_REUSEADDR, SO_REUSEPORT, SO_KEEPALIVE, SO_LINGER, SO_SNDBUF, SO_RCVBUF, SO_BROADCAST,
    SO_ERROR, SO_TYPE, SO_PROTOCOL, /** the socket's family (Linux SO_DOMAIN) */ SO_DOMAIN,
    /** 1 when the socket listens (SO_ACCEPTCONN) */ SO_ACCEPTCONN, SO_OOBINLINE, SO_RCVLOWAT, SO_SNDLOWAT, SO_INCOMING_NAPI_ID,
    /** byte-valued: an interface name (Linux). */ SO_BINDTODEVICE,
    /** byte-valued: struct ucred {pid, uid, gid} of a UNIX-domain peer (Linux). */ SO_PEERCRED,
    /** byte-valued: the head of struct mptcp_info (Linux). */ MPTCP_INFO,
    TCP_NODELAY, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT, TCP_QUICKACK, TCP_FASTOPEN,
    TCP_USER_TIMEOUT, TCP_NOTSENT_LOWAT,
    IP_TOS, IP_TTL, IP_HDRINCL, IPV6_HDRINCL, IP_MTU_DISCOVER, IPV6_MTU_DISCOVER, IP_MULTICAST_TTL, IP_MULTICAST_LOOP, IP_MULTICAST_ALL, IP_FREEBIND, IP_TRANSPARENT,
    IP_MULTICAST_IF, IPV6_MULTICAST_IF,
    IPV6_TCLASS, IPV6_V6ONLY, IPV6_MULTICAST_ALL, IPV6_UNICAST_HOPS, IPV6_MULTICAST_HOPS, IPV6_MULTICAST_LOOP,
    UDPLITE_SEND_CSCOV, UDPLITE_RECV_CSCOV,
    /** UDP receive coalescing (Linux UDP_GRO, boolean). */ UDP_GRO,
    /** UDP segmentation offload: the default segment size, 0 for none (Linux UDP_SEGMENT). */ UDP_SEGMENT
}
