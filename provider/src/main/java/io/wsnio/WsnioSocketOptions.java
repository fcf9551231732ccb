package io.wsnio;

import java.net.SocketOption;

/**
 * Socket options wsnio adds to {@code StandardSocketOptions}, for the triples that have them. A
 * channel lists an option in {@code supportedOptions()} only where its triple takes it; elsewhere
 * {@code setOption}/{@code getOption} throw {@code UnsupportedOperationException}, as the JDK does.
 */
public final class WsnioSocketOptions {
    private WsnioSocketOptions() { }

    /**
     * {@code IP_HDRINCL} on an IPv4 raw socket ({@code (INET, RAW, *)}): when true the application
     * writes the IPv4 header itself. Linux turns it on by itself for protocol 255
     * ({@link SocketSpec.Protocol#RAW}).
     */
    public static final SocketOption<Boolean> IP_HDRINCL = new Option<>("IP_HDRINCL", Boolean.class);

    /**
     * {@code IPV6_HDRINCL} on an IPv6 raw socket ({@code (INET6, RAW, *)}): when true the application
     * writes the IPv6 header itself (the Winsock reference's SOCK_RAW row; Linux 4.5+).
     */
    public static final SocketOption<Boolean> IPV6_HDRINCL = new Option<>("IPV6_HDRINCL", Boolean.class);

    /**
     * {@code UDPLITE_SEND_CSCOV} on a UDP-Lite socket: how many bytes from the start of the UDP-Lite
     * header the checksum covers on send; 0 means the whole datagram, 1..7 are raised to 8 (the
     * header only). Range 0..65535.
     */
    public static final SocketOption<Integer> UDPLITE_SEND_CSCOV = new Option<>("UDPLITE_SEND_CSCOV", Integer.class);

    /**
     * {@code UDPLITE_RECV_CSCOV} on a UDP-Lite socket: the least coverage a received datagram must
     * have, else the kernel drops it; 0 means full coverage required. Range 0..65535.
     */
    public static final SocketOption<Integer> UDPLITE_RECV_CSCOV = new Option<>("UDPLITE_RECV_CSCOV", Integer.class);

    /**
     * {@code TCP_FASTOPEN} on a TCP listener: the length of the queue of pending Fast Open requests
     * (0 turns it off). Linux.
     */
    public static final SocketOption<Integer> TCP_FASTOPEN = new Option<>("TCP_FASTOPEN", Integer.class);

    /**
     * {@code TCP_USER_TIMEOUT} on a TCP socket: milliseconds transmitted data may stay unacknowledged
     * before the connection is dropped (0: the system default). Linux.
     */
    public static final SocketOption<Integer> TCP_USER_TIMEOUT = new Option<>("TCP_USER_TIMEOUT", Integer.class);

    /** {@code TCP_NOTSENT_LOWAT} on a TCP socket: unsent bytes above which the socket is not writable. Linux. */
    public static final SocketOption<Integer> TCP_NOTSENT_LOWAT = new Option<>("TCP_NOTSENT_LOWAT", Integer.class);

    /**
     * {@code UDP_GRO} on a UDP socket (Linux 5.0+): the kernel may coalesce datagrams of equal size
     * from one sender into one, which {@code receive} returns whole; the segment size of the last
     * one received is {@link BatchDatagramChannel#lastSegmentSize()} (from the UDP_GRO control
     * message). Off by default. On Windows this is UDP_RECV_MAX_COALESCED_SIZE (Windows 10 1903+,
     * set to 65527 for on) with the UDP_COALESCED_INFO control message; a stack without it (Wine
     * 8.0: WSAEINVAL) fails the set with a {@link java.net.SocketException} naming the error.
     */
    public static final SocketOption<Boolean> UDP_GRO = new Option<>("UDP_GRO", Boolean.class);

    /** {@code IP_FREEBIND}: bind to an address not (yet) configured on any interface. Linux. */
    public static final SocketOption<Boolean> IP_FREEBIND = new Option<>("IP_FREEBIND", Boolean.class);

    /** {@code IP_TRANSPARENT}: transparent proxying (needs CAP_NET_ADMIN to set). Linux. */
    public static final SocketOption<Boolean> IP_TRANSPARENT = new Option<>("IP_TRANSPARENT", Boolean.class);

    /**
     * {@code SO_BINDTODEVICE}: send and receive only through the named interface ("" unbinds);
     * at most 15 characters. Linux.
     */
    public static final SocketOption<String> SO_BINDTODEVICE = new Option<>("SO_BINDTODEVICE", String.class);

    /**
     * {@code MPTCP_INFO} on an MPTCP stream socket (Linux 5.16+): read-only, the connection's
     * subflow count, flags and data sequence numbers.
     */
    public static final SocketOption<MptcpInfo> MPTCP_INFO = new Option<>("MPTCP_INFO", MptcpInfo.class);

    // -- PGM (INET, RDM, RM): Winsock's IPPROTO_RM options (wsrm.h). Listed by every PGM channel on
    // Winsock; which end may use which is Windows' rule (sender: the SocketChannel that connects,
    // receiver: the ServerSocketChannel and the sessions it accepts), and a refusal is a
    // SocketException naming the option and the WSA error.

    /**
     * {@code RM_RATE_WINDOW_SIZE}, PGM sender: the send rate limit and window
     * ({@code RM_SEND_WINDOW}); members left 0 are derived by Windows.
     */
    public static final SocketOption<PgmSendWindow> RM_RATE_WINDOW_SIZE = new Option<>("RM_RATE_WINDOW_SIZE", PgmSendWindow.class);

    /**
     * {@code RM_SET_MESSAGE_BOUNDARY}, PGM sender, set only: the size in bytes of the next message,
     * 1 to {@link Integer#MAX_VALUE}.
     */
    public static final SocketOption<Integer> RM_SET_MESSAGE_BOUNDARY = new Option<>("RM_SET_MESSAGE_BOUNDARY", Integer.class);

    /**
     * {@code RM_LATEJOIN}, PGM sender: the percentage of the window a receiver joining late may
     * ask for, 0 (off, the default) to 75.
     */
    public static final SocketOption<Integer> RM_LATEJOIN = new Option<>("RM_LATEJOIN", Integer.class);

    /**
     * {@code RM_SEND_WINDOW_ADV_RATE}, PGM sender: the percentage by which the trailing edge of
     * the send window advances, 1 to 50 (the reference's maximum; Windows' default 15).
     */
    public static final SocketOption<Integer> RM_SEND_WINDOW_ADV_RATE = new Option<>("RM_SEND_WINDOW_ADV_RATE", Integer.class);

    /**
     * {@code RM_SET_SEND_IF}, PGM sender: the IPv4 address of the interface to send from (an
     * {@link java.net.Inet4Address}; passed in network byte order).
     */
    public static final SocketOption<java.net.InetAddress> RM_SET_SEND_IF = new Option<>("RM_SET_SEND_IF", java.net.InetAddress.class);

    /**
     * {@code RM_ADD_RECEIVE_IF}, PGM receiver, set only: listen on the interface with this IPv4
     * address as well (the first call replaces the default interface).
     */
    public static final SocketOption<java.net.InetAddress> RM_ADD_RECEIVE_IF = new Option<>("RM_ADD_RECEIVE_IF", java.net.InetAddress.class);

    /** {@code RM_DEL_RECEIVE_IF}, PGM receiver, set only: stop listening on an interface added before. */
    public static final SocketOption<java.net.InetAddress> RM_DEL_RECEIVE_IF = new Option<>("RM_DEL_RECEIVE_IF", java.net.InetAddress.class);

    /** {@code RM_SET_MCAST_TTL}, PGM sender: the multicast TTL, 0 to 255 (MAX_MCAST_TTL, the default). */
    public static final SocketOption<Integer> RM_SET_MCAST_TTL = new Option<>("RM_SET_MCAST_TTL", Integer.class);

    /** {@code RM_HIGH_SPEED_INTRANET_OPT}, PGM receiver: tune for a high-bandwidth LAN (100 Mbit/s and up). */
    public static final SocketOption<Boolean> RM_HIGH_SPEED_INTRANET_OPT = new Option<>("RM_HIGH_SPEED_INTRANET_OPT", Boolean.class);

    /** {@code RM_USE_FEC}, PGM sender: forward error correction ({@code RM_FEC_INFO}). */
    public static final SocketOption<PgmFecInfo> RM_USE_FEC = new Option<>("RM_USE_FEC", PgmFecInfo.class);

    /** {@code RM_SENDER_STATISTICS}, PGM sender, read only: the session's statistics. */
    public static final SocketOption<PgmSenderStatistics> RM_SENDER_STATISTICS =
            new Option<>("RM_SENDER_STATISTICS", PgmSenderStatistics.class);

    /** {@code RM_RECEIVER_STATISTICS}, PGM receiver (an accepted session), read only: the session's statistics. */
    public static final SocketOption<PgmReceiverStatistics> RM_RECEIVER_STATISTICS =
            new Option<>("RM_RECEIVER_STATISTICS", PgmReceiverStatistics.class);

    /**
     * Any option by its platform numbers, as raw bytes: {@code getOption} returns at most 64 bytes,
     * {@code setOption} passes the array as it is. Numbers are the platform's own (Linux's
     * SOL_SOCKET is 1, Winsock's 0xffff): nothing is checked but the length, so use it only for
     * options wsnio does not name. Accepted by every wsnio channel, never listed in
     * {@code supportedOptions()}.
     */
    public static SocketOption<byte[]> raw(int level, int name) {
        return new RawOption(level, name);
    }

    /** A raw option's numbers. */
    public static final class RawOption implements SocketOption<byte[]> {
        private final int level;
        private final int name;

        RawOption(int level, int name) {
            this.level = level;
            this.name = name;
        }

        public int level() { return level; }

        public int optionName() { return name; }

        @Override
        public String name() { return "raw(" + level + ", " + name + ")"; }

        @Override
        public Class<byte[]> type() { return byte[].class; }

        @Override
        public boolean equals(Object o) {
            return o instanceof RawOption && ((RawOption) o).level == level && ((RawOption) o).name == name;
        }

        @Override
        public int hashCode() { return level * 31 + name; }

        @Override
        public String toString() { return name(); }
    }

    private static final class Option<T> implements SocketOption<T> {
        private final String name;
        private final Class<T> type;

        Option(String name, Class<T> type) {
            this.name = name;
            this.type = type;
        }

        @Override
        public String name() { return name; }

        @Override
        public Class<T> type() { return type; }

        @Override
        public String toString() { return name; }
    }
}
