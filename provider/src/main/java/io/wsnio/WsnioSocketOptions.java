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
