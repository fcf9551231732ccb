/*
 * Prints the Winsock constants and x64 layouts that io.wsnio.backend.winsock.WinsockAbi uses, one
 * NAME=value line each, from the mingw-w64 headers. Built and run by .ci/wine-lane.sh:
 *   x86_64-w64-mingw32-gcc -O0 -o probe.exe probe.c -lws2_32 && wine probe.exe > probe.txt
 * WinsockAbiTest compares every line with the Java constant of the same name.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <afunix.h>
#include <wsrm.h>
#include <ws2bth.h>
#include <winternl.h>
#include <stddef.h>
#include <stdio.h>

/* The AFD poll structures are in no SDK header: declared here from their documented layout
 * (ReactOS afd/shared.h, wepoll, libuv) so the compiler computes their x64 sizes and offsets. */
typedef struct {
    HANDLE Handle;
    ULONG Events;
    NTSTATUS Status;
} AFD_POLL_HANDLE_INFO;
typedef struct {
    LARGE_INTEGER Timeout;
    ULONG NumberOfHandles;
    ULONG Exclusive;
    AFD_POLL_HANDLE_INFO Handles[1];
} AFD_POLL_INFO;
#define FSCTL_AFD_BASE FILE_DEVICE_NETWORK
#define AFD_POLL 9
#define IOCTL_AFD_POLL ((FSCTL_AFD_BASE << 12) | (AFD_POLL << 2) | METHOD_BUFFERED)
#define AFD_POLL_RECEIVE 0x0001
#define AFD_POLL_RECEIVE_EXPEDITED 0x0002
#define AFD_POLL_SEND 0x0004
#define AFD_POLL_DISCONNECT 0x0008
#define AFD_POLL_ABORT 0x0010
#define AFD_POLL_LOCAL_CLOSE 0x0020
#define AFD_POLL_CONNECT 0x0040
#define AFD_POLL_ACCEPT 0x0080
#define AFD_POLL_CONNECT_FAIL 0x0100
/* NTSTATUS values from the DDK's ntstatus.h numbering (winnt.h has only some of them) */
#ifndef STATUS_SUCCESS
#define STATUS_SUCCESS ((NTSTATUS) 0x00000000L)
#endif
#ifndef STATUS_INVALID_HANDLE
#define STATUS_INVALID_HANDLE ((NTSTATUS) 0xC0000008L)
#endif
#define STATUS_OBJECT_NAME_NOT_FOUND ((NTSTATUS) 0xC0000034L)
#define STATUS_NOT_SUPPORTED ((NTSTATUS) 0xC00000BBL)
#define STATUS_CANCELLED ((NTSTATUS) 0xC0000120L)
#define STATUS_NOT_FOUND ((NTSTATUS) 0xC0000225L)

#define P(name) printf("%s=%lld\n", #name, (long long) (name))
#define L(name, expr) printf("%s=%lld\n", #name, (long long) (expr))

int main(void) {
    L(WINSOCK_VERSION_2_2, MAKEWORD(2, 2));
    L(WSADATA_SIZE, sizeof(WSADATA));

    P(AF_UNSPEC); P(AF_UNIX); P(AF_INET); P(AF_IPX); P(AF_APPLETALK); P(AF_NETBIOS); P(AF_INET6);
    P(AF_IRDA); P(AF_BTH);

    P(SOCK_STREAM); P(SOCK_DGRAM); P(SOCK_RAW); P(SOCK_RDM); P(SOCK_SEQPACKET);
    P(IPPROTO_IP); P(IPPROTO_TCP); P(IPPROTO_UDP); P(IPPROTO_IPV6);

    P(WSA_FLAG_OVERLAPPED); P(WSA_FLAG_NO_HANDLE_INHERIT);
    L(INVALID_SOCKET, (long long) (SOCKET) INVALID_SOCKET); P(SOCKET_ERROR);

    /* ioctl codes are unsigned longs in C and ints in Java: compare as signed 32-bit */
    L(FIONBIO, (int) FIONBIO); L(FIONREAD, (int) FIONREAD); L(SIO_UDP_CONNRESET, (int) SIO_UDP_CONNRESET);

    P(SD_RECEIVE); P(SD_SEND); P(SD_BOTH);
    P(MSG_OOB); P(MSG_PEEK);

    P(SOL_SOCKET); P(SO_REUSEADDR); P(SO_EXCLUSIVEADDRUSE); P(SO_KEEPALIVE); P(SO_BROADCAST);
    P(SO_LINGER); P(SO_OOBINLINE); P(SO_SNDBUF); P(SO_RCVBUF); P(SO_SNDLOWAT); P(SO_RCVLOWAT);
    P(SO_ERROR); P(SO_TYPE); P(SO_PROTOCOL_INFOW);

    P(TCP_NODELAY);
#ifdef TCP_KEEPALIVE
    P(TCP_KEEPALIVE);
#endif
#ifdef TCP_KEEPIDLE
    P(TCP_KEEPIDLE);
#endif
#ifdef TCP_FASTOPEN
    P(TCP_FASTOPEN);
#endif
#ifdef TCP_KEEPCNT
    P(TCP_KEEPCNT);
#endif
#ifdef TCP_KEEPINTVL
    P(TCP_KEEPINTVL);
#endif

    P(IP_HDRINCL); P(IP_TOS); P(IP_TTL); P(IP_MULTICAST_TTL); P(IP_MULTICAST_LOOP);
    P(IPV6_UNICAST_HOPS); P(IPV6_MULTICAST_HOPS); P(IPV6_MULTICAST_LOOP); P(IPV6_V6ONLY);
    P(IPV6_TCLASS); P(IPV6_HDRINCL);
    P(IP_MULTICAST_IF); P(IP_ADD_MEMBERSHIP); P(IP_DROP_MEMBERSHIP); P(IP_ADD_SOURCE_MEMBERSHIP);
    P(IP_DROP_SOURCE_MEMBERSHIP); P(IP_BLOCK_SOURCE); P(IP_UNBLOCK_SOURCE);
    P(IPV6_MULTICAST_IF); P(IPV6_ADD_MEMBERSHIP); P(IPV6_DROP_MEMBERSHIP);
    P(MCAST_JOIN_GROUP); P(MCAST_LEAVE_GROUP); P(MCAST_BLOCK_SOURCE); P(MCAST_UNBLOCK_SOURCE);
    P(MCAST_JOIN_SOURCE_GROUP); P(MCAST_LEAVE_SOURCE_GROUP);

    P(POLLERR); P(POLLHUP); P(POLLNVAL); P(POLLWRNORM); P(POLLOUT); P(POLLRDNORM); P(POLLRDBAND);
    P(POLLIN); P(POLLPRI);

    L(SOCKET_SIZE, sizeof(SOCKET));
    L(WSAPOLLFD_SIZE, sizeof(WSAPOLLFD));
    L(WSAPOLLFD_FD, offsetof(WSAPOLLFD, fd));
    L(WSAPOLLFD_EVENTS, offsetof(WSAPOLLFD, events));
    L(WSAPOLLFD_REVENTS, offsetof(WSAPOLLFD, revents));
    L(WSABUF_SIZE, sizeof(WSABUF));
    L(WSABUF_LEN, offsetof(WSABUF, len));
    L(WSABUF_BUF, offsetof(WSABUF, buf));
    L(SOCKADDR_IN_SIZE, sizeof(struct sockaddr_in));
    L(SOCKADDR_IN_FAMILY, offsetof(struct sockaddr_in, sin_family));
    L(SOCKADDR_IN_PORT, offsetof(struct sockaddr_in, sin_port));
    L(SOCKADDR_IN_ADDR, offsetof(struct sockaddr_in, sin_addr));
    L(SOCKADDR_IN6_SIZE, sizeof(struct sockaddr_in6));
    L(SOCKADDR_IN6_FAMILY, offsetof(struct sockaddr_in6, sin6_family));
    L(SOCKADDR_IN6_PORT, offsetof(struct sockaddr_in6, sin6_port));
    L(SOCKADDR_IN6_FLOWINFO, offsetof(struct sockaddr_in6, sin6_flowinfo));
    L(SOCKADDR_IN6_ADDR, offsetof(struct sockaddr_in6, sin6_addr));
    L(SOCKADDR_IN6_SCOPE_ID, offsetof(struct sockaddr_in6, sin6_scope_id));
    L(SOCKADDR_UN_SIZE, sizeof(SOCKADDR_UN));
    L(SOCKADDR_UN_PATH, offsetof(SOCKADDR_UN, sun_path));
    P(UNIX_PATH_MAX);
    L(SOCKADDR_STORAGE_SIZE, sizeof(SOCKADDR_STORAGE));
    L(LINGER_SIZE, sizeof(struct linger));
    L(LINGER_ONOFF, offsetof(struct linger, l_onoff));
    L(LINGER_LINGER, offsetof(struct linger, l_linger));
    L(WSAPROTOCOL_INFOW_SIZE, sizeof(WSAPROTOCOL_INFOW));
    L(IP_MREQ_SIZE, sizeof(struct ip_mreq));
    L(IP_MREQ_INTERFACE, offsetof(struct ip_mreq, imr_interface));
    L(IP_MREQ_SOURCE_SIZE, sizeof(struct ip_mreq_source));
    L(IP_MREQ_SOURCE_SOURCEADDR, offsetof(struct ip_mreq_source, imr_sourceaddr));
    L(IP_MREQ_SOURCE_INTERFACE, offsetof(struct ip_mreq_source, imr_interface));
    L(IPV6_MREQ_SIZE, sizeof(struct ipv6_mreq));
    L(IPV6_MREQ_INTERFACE, offsetof(struct ipv6_mreq, ipv6mr_interface));
    L(GROUP_REQ_SIZE, sizeof(struct group_req));
    L(GROUP_REQ_GROUP, offsetof(struct group_req, gr_group));
    L(GROUP_SOURCE_REQ_SIZE, sizeof(struct group_source_req));
    L(GROUP_SOURCE_REQ_GROUP, offsetof(struct group_source_req, gsr_group));
    L(GROUP_SOURCE_REQ_SOURCE, offsetof(struct group_source_req, gsr_source));
    L(WSAPROTOCOL_INFOW_IADDRESSFAMILY, offsetof(WSAPROTOCOL_INFOW, iAddressFamily));
    L(WSAPROTOCOL_INFOW_ISOCKETTYPE, offsetof(WSAPROTOCOL_INFOW, iSocketType));
    L(WSAPROTOCOL_INFOW_IPROTOCOL, offsetof(WSAPROTOCOL_INFOW, iProtocol));
    L(WSAPROTOCOL_INFOW_SZPROTOCOL, offsetof(WSAPROTOCOL_INFOW, szProtocol));
    P(WSAPROTOCOL_LEN);

    P(WSA_OPERATION_ABORTED);
    P(WSAEINTR); P(WSAEBADF); P(WSAEACCES); P(WSAEFAULT); P(WSAEINVAL); P(WSAEMFILE);
    P(WSAEWOULDBLOCK); P(WSAEINPROGRESS); P(WSAEALREADY); P(WSAENOTSOCK); P(WSAEDESTADDRREQ);
    P(WSAEMSGSIZE); P(WSAEPROTOTYPE); P(WSAENOPROTOOPT); P(WSAEPROTONOSUPPORT);
    P(WSAESOCKTNOSUPPORT); P(WSAEOPNOTSUPP); P(WSAEPFNOSUPPORT); P(WSAEAFNOSUPPORT);
    P(WSAEADDRINUSE); P(WSAEADDRNOTAVAIL); P(WSAENETDOWN); P(WSAENETUNREACH); P(WSAENETRESET);
    P(WSAECONNABORTED); P(WSAECONNRESET); P(WSAENOBUFS); P(WSAEISCONN); P(WSAENOTCONN);
    P(WSAESHUTDOWN); P(WSAETIMEDOUT); P(WSAECONNREFUSED); P(WSAEHOSTDOWN); P(WSAEHOSTUNREACH);
    P(WSASYSNOTREADY); P(WSAVERNOTSUPPORTED); P(WSANOTINITIALISED); P(WSAEINVALIDPROCTABLE);
    P(WSAEINVALIDPROVIDER); P(WSAEPROVIDERFAILEDINIT);

    P(HANDLE_FLAG_INHERIT);

    /* Batched datagrams and UDP offload (WinsockNet sendSegmented/receiveCoalesced, Ws2_32.RecvMsg).
     * UDP_SEND_MSG_SIZE, UDP_RECV_MAX_COALESCED_SIZE and UDP_COALESCED_INFO are checked as soon as
     * the mingw-w64 headers define them (12.0 does not). */
    L(SIO_GET_EXTENSION_FUNCTION_POINTER, (int) SIO_GET_EXTENSION_FUNCTION_POINTER);
    {
        union { GUID g; long long q[2]; } id = { WSAID_WSARECVMSG };
        L(WSAID_WSARECVMSG_LO, id.q[0]);
        L(WSAID_WSARECVMSG_HI, id.q[1]);
    }
    L(GUID_SIZE, sizeof(GUID));
    L(WSAMSG_SIZE, sizeof(WSAMSG));
    L(WSAMSG_NAME, offsetof(WSAMSG, name));
    L(WSAMSG_NAMELEN, offsetof(WSAMSG, namelen));
    L(WSAMSG_LPBUFFERS, offsetof(WSAMSG, lpBuffers));
    L(WSAMSG_DWBUFFERCOUNT, offsetof(WSAMSG, dwBufferCount));
    L(WSAMSG_CONTROL, offsetof(WSAMSG, Control));
    L(WSAMSG_DWFLAGS, offsetof(WSAMSG, dwFlags));
    L(WSACMSGHDR_SIZE, sizeof(WSACMSGHDR));
    L(WSACMSGHDR_LEVEL, offsetof(WSACMSGHDR, cmsg_level));
    L(WSACMSGHDR_TYPE, offsetof(WSACMSGHDR, cmsg_type));
    L(WSACMSGHDR_DATA, (long long) (size_t) WSA_CMSG_DATA((LPWSACMSGHDR) 0));
    L(WSA_CMSG_LEN_DWORD, WSA_CMSG_LEN(sizeof(DWORD)));
    L(WSA_CMSG_SPACE_DWORD, WSA_CMSG_SPACE(sizeof(DWORD)));
    P(MSG_TRUNC); P(MSG_CTRUNC);
#ifdef UDP_SEND_MSG_SIZE
    P(UDP_SEND_MSG_SIZE);
#endif
#ifdef UDP_RECV_MAX_COALESCED_SIZE
    P(UDP_RECV_MAX_COALESCED_SIZE);
#endif
#ifdef UDP_COALESCED_INFO
    P(UDP_COALESCED_INFO);
#endif
    /* PGM (wsrm.h) and Bluetooth (ws2bth.h): RmOptions and SockAddrs */
    P(IPPROTO_RM); P(RM_RATE_WINDOW_SIZE); P(RM_SET_MESSAGE_BOUNDARY); P(RM_SENDER_STATISTICS);
    P(RM_LATEJOIN); P(RM_SET_SEND_IF); P(RM_ADD_RECEIVE_IF); P(RM_DEL_RECEIVE_IF);
    P(RM_SEND_WINDOW_ADV_RATE); P(RM_USE_FEC); P(RM_SET_MCAST_TTL); P(RM_RECEIVER_STATISTICS);
    P(RM_HIGH_SPEED_INTRANET_OPT); P(MAX_MCAST_TTL); P(SENDER_MAX_LATE_JOINER_PERCENTAGE);
    L(RM_SEND_WINDOW_SIZE, sizeof(RM_SEND_WINDOW));
    L(RM_SEND_WINDOW_RATEKBITSPERSEC, offsetof(RM_SEND_WINDOW, RateKbitsPerSec));
    L(RM_SEND_WINDOW_WINDOWSIZEINMSECS, offsetof(RM_SEND_WINDOW, WindowSizeInMSecs));
    L(RM_SEND_WINDOW_WINDOWSIZEINBYTES, offsetof(RM_SEND_WINDOW, WindowSizeInBytes));
    L(RM_FEC_INFO_SIZE, sizeof(RM_FEC_INFO));
    L(RM_FEC_INFO_FECBLOCKSIZE, offsetof(RM_FEC_INFO, FECBlockSize));
    L(RM_FEC_INFO_FECPROACTIVEPACKETS, offsetof(RM_FEC_INFO, FECProActivePackets));
    L(RM_FEC_INFO_FECGROUPSIZE, offsetof(RM_FEC_INFO, FECGroupSize));
    L(RM_FEC_INFO_FFECONDEMANDPARITYENABLED, offsetof(RM_FEC_INFO, fFECOnDemandParityEnabled));
    L(RM_SENDER_STATS_SIZE, sizeof(RM_SENDER_STATS));
    L(RM_SENDER_STATS_DATABYTESSENT, offsetof(RM_SENDER_STATS, DataBytesSent));
    L(RM_SENDER_STATS_TOTALODATAPACKETSSENT, offsetof(RM_SENDER_STATS, TotalODataPacketsSent));
    L(RM_RECEIVER_STATS_SIZE, sizeof(RM_RECEIVER_STATS));
    L(RM_RECEIVER_STATS_NUMODATAPACKETSRECEIVED, offsetof(RM_RECEIVER_STATS, NumODataPacketsReceived));
    L(RM_RECEIVER_STATS_TOTALPARITYNAKSSENT, offsetof(RM_RECEIVER_STATS, TotalParityNaksSent));
    P(BTHPROTO_RFCOMM); L(BT_PORT_ANY, (int) BT_PORT_ANY);
    L(SOCKADDR_BTH_SIZE, sizeof(SOCKADDR_BTH));
    L(SOCKADDR_BTH_ADDRESSFAMILY, offsetof(SOCKADDR_BTH, addressFamily));
    L(SOCKADDR_BTH_BTADDR, offsetof(SOCKADDR_BTH, btAddr));
    L(SOCKADDR_BTH_SERVICECLASSID, offsetof(SOCKADDR_BTH, serviceClassId));
    L(SOCKADDR_BTH_PORT, offsetof(SOCKADDR_BTH, port));
    /* AfdAbi: the AFD poller */
    L(IOCTL_AFD_POLL, (int) IOCTL_AFD_POLL);
    P(AFD_POLL_RECEIVE); P(AFD_POLL_RECEIVE_EXPEDITED); P(AFD_POLL_SEND); P(AFD_POLL_DISCONNECT);
    P(AFD_POLL_ABORT); P(AFD_POLL_LOCAL_CLOSE); P(AFD_POLL_CONNECT); P(AFD_POLL_ACCEPT);
    P(AFD_POLL_CONNECT_FAIL);
    L(AFD_POLL_HANDLE_INFO_SIZE, sizeof(AFD_POLL_HANDLE_INFO));
    L(AFD_POLL_HANDLE_INFO_HANDLE, offsetof(AFD_POLL_HANDLE_INFO, Handle));
    L(AFD_POLL_HANDLE_INFO_EVENTS, offsetof(AFD_POLL_HANDLE_INFO, Events));
    L(AFD_POLL_HANDLE_INFO_STATUS, offsetof(AFD_POLL_HANDLE_INFO, Status));
    L(AFD_POLL_INFO_SIZE, sizeof(AFD_POLL_INFO));
    L(AFD_POLL_INFO_TIMEOUT, offsetof(AFD_POLL_INFO, Timeout));
    L(AFD_POLL_INFO_NUMBER_OF_HANDLES, offsetof(AFD_POLL_INFO, NumberOfHandles));
    L(AFD_POLL_INFO_EXCLUSIVE, offsetof(AFD_POLL_INFO, Exclusive));
    L(AFD_POLL_INFO_HANDLES, offsetof(AFD_POLL_INFO, Handles));
    L(IO_STATUS_BLOCK_SIZE, sizeof(IO_STATUS_BLOCK));
    L(IO_STATUS_BLOCK_STATUS, offsetof(IO_STATUS_BLOCK, Status));
    L(IO_STATUS_BLOCK_INFORMATION, offsetof(IO_STATUS_BLOCK, Information));
    L(OVERLAPPED_ENTRY_SIZE, sizeof(OVERLAPPED_ENTRY));
    L(OVERLAPPED_ENTRY_COMPLETION_KEY, offsetof(OVERLAPPED_ENTRY, lpCompletionKey));
    L(OVERLAPPED_ENTRY_OVERLAPPED, offsetof(OVERLAPPED_ENTRY, lpOverlapped));
    L(OVERLAPPED_ENTRY_INTERNAL, offsetof(OVERLAPPED_ENTRY, Internal));
    L(OVERLAPPED_ENTRY_BYTES, offsetof(OVERLAPPED_ENTRY, dwNumberOfBytesTransferred));
    L(UNICODE_STRING_SIZE, sizeof(UNICODE_STRING));
    L(UNICODE_STRING_LENGTH, offsetof(UNICODE_STRING, Length));
    L(UNICODE_STRING_MAXIMUM_LENGTH, offsetof(UNICODE_STRING, MaximumLength));
    L(UNICODE_STRING_BUFFER, offsetof(UNICODE_STRING, Buffer));
    L(OBJECT_ATTRIBUTES_SIZE, sizeof(OBJECT_ATTRIBUTES));
    L(OBJECT_ATTRIBUTES_LENGTH, offsetof(OBJECT_ATTRIBUTES, Length));
    L(OBJECT_ATTRIBUTES_OBJECT_NAME, offsetof(OBJECT_ATTRIBUTES, ObjectName));
    L(OBJECT_ATTRIBUTES_ATTRIBUTES, offsetof(OBJECT_ATTRIBUTES, Attributes));
    L(SIO_BASE_HANDLE, (int) SIO_BASE_HANDLE);
    P(SYNCHRONIZE); P(FILE_SHARE_READ); P(FILE_SHARE_WRITE); P(FILE_OPEN);
    L(STATUS_SUCCESS, (int) STATUS_SUCCESS); L(STATUS_PENDING, (int) STATUS_PENDING);
    L(STATUS_INVALID_HANDLE, (int) STATUS_INVALID_HANDLE);
    L(STATUS_OBJECT_NAME_NOT_FOUND, (int) STATUS_OBJECT_NAME_NOT_FOUND);
    L(STATUS_NOT_SUPPORTED, (int) STATUS_NOT_SUPPORTED);
    L(STATUS_CANCELLED, (int) STATUS_CANCELLED); L(STATUS_NOT_FOUND, (int) STATUS_NOT_FOUND);
    P(WAIT_TIMEOUT); P(ERROR_ABANDONED_WAIT_0); L(INFINITE, (int) INFINITE);
    return 0;
}
