package io.wsnio.channels;

import io.wsnio.SocketSpec.Family;
import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.SockOpt;
import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Maps {@code StandardSocketOptions} onto the seam's {@link SockOpt}s, with the JDK's validation:
 * {@code UnsupportedOperationException} for an option the channel does not support,
 * {@code IllegalArgumentException} for a bad value.
 */
final class SocketOptionSupport {
    private SocketOptionSupport() { }

    // jdk.net.ExtendedSocketOptions, looked up reflectively: the module jdk.net is absent from
    // some jlinked runtimes, and IP_DONTFRAGMENT exists only from JDK 19. Null when absent.
    static final SocketOption<?> TCP_QUICKACK = extendedOption("TCP_QUICKACK");
    static final SocketOption<?> TCP_KEEPIDLE = extendedOption("TCP_KEEPIDLE");
    static final SocketOption<?> TCP_KEEPINTERVAL = extendedOption("TCP_KEEPINTERVAL");
    static final SocketOption<?> TCP_KEEPCOUNT = extendedOption("TCP_KEEPCOUNT");
    static final SocketOption<?> SO_INCOMING_NAPI_ID = extendedOption("SO_INCOMING_NAPI_ID");
    static final SocketOption<?> IP_DONTFRAGMENT = extendedOption("IP_DONTFRAGMENT");

    private static SocketOption<?> extendedOption(String name) {
        try {
            return (SocketOption<?>) Class.forName("jdk.net.ExtendedSocketOptions").getField(name).get(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static void addIfPresent(Set<SocketOption<?>> s, SocketOption<?> o) {
        if (o != null) {
            s.add(o);
        }
    }

    /** The jdk.net extended TCP options this platform has (as the JDK offers them on Linux). */
    private static void addTcpExtended(Set<SocketOption<?>> s, NativeNet net) {
        if (net.hasOption(SockOpt.TCP_QUICKACK)) {
            addIfPresent(s, TCP_QUICKACK);
        }
        if (net.hasOption(SockOpt.TCP_KEEPIDLE)) {
            addIfPresent(s, TCP_KEEPIDLE);
            addIfPresent(s, TCP_KEEPINTERVAL);
            addIfPresent(s, TCP_KEEPCOUNT);
        }
        if (net.hasOption(SockOpt.SO_INCOMING_NAPI_ID)) {
            addIfPresent(s, SO_INCOMING_NAPI_ID);
        }
    }

    /** SO_PEERCRED of jdk.net (a UnixDomainPrincipal), or null where jdk.net is absent. */
    static final SocketOption<?> SO_PEERCRED = extendedOption("SO_PEERCRED");

    /** wsnio's own TCP/IP options that this platform has. */
    private static void addWsnioInet(Set<SocketOption<?>> s, NativeNet net, boolean tcp, boolean listener) {
        if (tcp && net.hasOption(SockOpt.TCP_USER_TIMEOUT)) {
            s.add(io.wsnio.WsnioSocketOptions.TCP_USER_TIMEOUT);
        }
        if (tcp && !listener && net.hasOption(SockOpt.TCP_NOTSENT_LOWAT)) {
            s.add(io.wsnio.WsnioSocketOptions.TCP_NOTSENT_LOWAT);
        }
        if (tcp && listener && net.hasOption(SockOpt.TCP_FASTOPEN)) {
            s.add(io.wsnio.WsnioSocketOptions.TCP_FASTOPEN);
        }
        if (net.hasOption(SockOpt.IP_FREEBIND)) {
            s.add(io.wsnio.WsnioSocketOptions.IP_FREEBIND);
        }
        if (net.hasOption(SockOpt.IP_TRANSPARENT)) {
            s.add(io.wsnio.WsnioSocketOptions.IP_TRANSPARENT);
        }
        if (net.hasOption(SockOpt.SO_BINDTODEVICE)) {
            s.add(io.wsnio.WsnioSocketOptions.SO_BINDTODEVICE);
        }
    }

    // The option sets are immutable and depend only on the backend and the family: built once,
    // not per channel (they were most of the garbage of an accept+connect+close).
    private static final java.util.Map<NativeNet, java.util.Map<Family, Set<SocketOption<?>>>> STREAM_SETS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Map<NativeNet, java.util.Map<Family, Set<SocketOption<?>>>> SERVER_SETS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static Set<SocketOption<?>> cached(java.util.Map<NativeNet, java.util.Map<Family, Set<SocketOption<?>>>> sets,
            NativeNet net, Family family, boolean server) {
        if (family == null) { // a native triple whose family has no name: not worth caching
            return server ? buildServerOptions(net, null) : buildStreamOptions(net, null);
        }
        java.util.Map<Family, Set<SocketOption<?>>> byFamily = sets.get(net);
        if (byFamily == null) {
            byFamily = sets.computeIfAbsent(net, n -> new java.util.concurrent.ConcurrentHashMap<>());
        }
        Set<SocketOption<?>> s = byFamily.get(family);
        if (s == null) {
            s = server ? buildServerOptions(net, family) : buildStreamOptions(net, family);
            Set<SocketOption<?>> raced = byFamily.putIfAbsent(family, s);
            if (raced != null) {
                s = raced;
            }
        }
        return s;
    }

    static Set<SocketOption<?>> streamOptions(NativeNet net, Family family) {
        return cached(STREAM_SETS, net, family, false);
    }

    private static Set<SocketOption<?>> buildStreamOptions(NativeNet net, Family family) {
        Set<SocketOption<?>> s = new LinkedHashSet<>();
        s.add(StandardSocketOptions.SO_SNDBUF);
        s.add(StandardSocketOptions.SO_RCVBUF);
        s.add(StandardSocketOptions.SO_LINGER);
        s.add(StandardSocketOptions.SO_KEEPALIVE);
        if (family == Family.INET || family == Family.INET6) {
            s.add(StandardSocketOptions.SO_REUSEADDR);
            if (net.hasOption(SockOpt.SO_REUSEPORT)) {
                s.add(StandardSocketOptions.SO_REUSEPORT);
            }
            s.add(StandardSocketOptions.TCP_NODELAY);
            s.add(StandardSocketOptions.IP_TOS);
            addTcpExtended(s, net);
            addWsnioInet(s, net, true, false);
        }
        if (family == Family.UNIX && SO_PEERCRED != null && net.hasOption(SockOpt.SO_PEERCRED)) {
            s.add(SO_PEERCRED);
        }
        return Collections.unmodifiableSet(s);
    }

    /** The options of a connected stream socket of this triple: MPTCP sockets add MPTCP_INFO. */
    static Set<SocketOption<?>> streamOptions(NativeNet net, Family family, io.wsnio.SocketSpec spec) {
        Set<SocketOption<?>> s = streamOptions(net, family);
        if (spec.protocolValue() == io.wsnio.SocketSpec.Protocol.MPTCP.value() && net.hasOption(SockOpt.MPTCP_INFO)) {
            Set<SocketOption<?>> m = new LinkedHashSet<>(s);
            m.add(io.wsnio.WsnioSocketOptions.MPTCP_INFO);
            return Collections.unmodifiableSet(m);
        }
        return withPgm(s, net, family, spec);
    }

    /** Winsock's IPPROTO_RM options, which every PGM channel lists where the backend has them. */
    static final java.util.List<SocketOption<?>> PGM_OPTIONS = java.util.List.of(
            io.wsnio.WsnioSocketOptions.RM_RATE_WINDOW_SIZE, io.wsnio.WsnioSocketOptions.RM_SET_MESSAGE_BOUNDARY,
            io.wsnio.WsnioSocketOptions.RM_SENDER_STATISTICS, io.wsnio.WsnioSocketOptions.RM_LATEJOIN,
            io.wsnio.WsnioSocketOptions.RM_SET_SEND_IF, io.wsnio.WsnioSocketOptions.RM_ADD_RECEIVE_IF,
            io.wsnio.WsnioSocketOptions.RM_DEL_RECEIVE_IF, io.wsnio.WsnioSocketOptions.RM_SEND_WINDOW_ADV_RATE,
            io.wsnio.WsnioSocketOptions.RM_USE_FEC, io.wsnio.WsnioSocketOptions.RM_SET_MCAST_TTL,
            io.wsnio.WsnioSocketOptions.RM_RECEIVER_STATISTICS, io.wsnio.WsnioSocketOptions.RM_HIGH_SPEED_INTRANET_OPT);

    /** Whether {@code spec} is PGM, (INET, RDM, RM). */
    static boolean isPgm(Family family, io.wsnio.SocketSpec spec) {
        return family == Family.INET && spec.typeValue() == io.wsnio.SocketSpec.Type.RDM.value()
                && spec.protocolValue() == io.wsnio.SocketSpec.Protocol.RM.value();
    }

    /** {@code s} plus the PGM options the backend has, when {@code spec} is PGM. */
    private static Set<SocketOption<?>> withPgm(Set<SocketOption<?>> s, NativeNet net, Family family, io.wsnio.SocketSpec spec) {
        if (!isPgm(family, spec)) {
            return s;
        }
        Set<SocketOption<?>> m = new LinkedHashSet<>(s);
        for (SocketOption<?> o : PGM_OPTIONS) {
            if (net.hasProtocolOption(o)) {
                m.add(o);
            }
        }
        return Collections.unmodifiableSet(m);
    }

    /** The options of a listening socket of this triple: a PGM receiver adds the IPPROTO_RM options. */
    static Set<SocketOption<?>> serverOptions(NativeNet net, Family family, io.wsnio.SocketSpec spec) {
        return withPgm(serverOptions(net, family), net, family, spec);
    }

    static Set<SocketOption<?>> serverOptions(NativeNet net, Family family) {
        return cached(SERVER_SETS, net, family, true);
    }

    private static Set<SocketOption<?>> buildServerOptions(NativeNet net, Family family) {
        Set<SocketOption<?>> s = new LinkedHashSet<>();
        s.add(StandardSocketOptions.SO_RCVBUF);
        if (family == Family.INET || family == Family.INET6) {
            s.add(StandardSocketOptions.SO_REUSEADDR);
            if (net.hasOption(SockOpt.SO_REUSEPORT)) {
                s.add(StandardSocketOptions.SO_REUSEPORT);
            }
            s.add(StandardSocketOptions.IP_TOS);
            addTcpExtended(s, net);
            addWsnioInet(s, net, true, true);
        }
        return Collections.unmodifiableSet(s);
    }

    /** The options of a message socket: the JDK's DatagramChannel set for internet families. */
    static Set<SocketOption<?>> datagramOptions(NativeNet net, Family family) {
        Set<SocketOption<?>> s = new LinkedHashSet<>();
        s.add(StandardSocketOptions.SO_SNDBUF);
        s.add(StandardSocketOptions.SO_RCVBUF);
        if (family == Family.INET || family == Family.INET6) {
            s.add(StandardSocketOptions.SO_REUSEADDR);
            if (net.hasOption(SockOpt.SO_REUSEPORT)) {
                s.add(StandardSocketOptions.SO_REUSEPORT);
            }
            s.add(StandardSocketOptions.SO_BROADCAST);
            s.add(StandardSocketOptions.IP_TOS);
            s.add(StandardSocketOptions.IP_MULTICAST_IF);
            s.add(StandardSocketOptions.IP_MULTICAST_TTL);
            s.add(StandardSocketOptions.IP_MULTICAST_LOOP);
            if (net.hasOption(SockOpt.SO_INCOMING_NAPI_ID)) {
                s.add(SO_INCOMING_NAPI_ID);
            }
            if (IP_DONTFRAGMENT != null && net.hasOption(SockOpt.IP_MTU_DISCOVER)) {
                s.add(IP_DONTFRAGMENT);
            }
        }
        return Collections.unmodifiableSet(s);
    }

    /**
     * The options of a message socket of this triple: {@link #datagramOptions(NativeNet, Family)}
     * plus {@code IP_HDRINCL} on IPv4 raw sockets, {@code IPV6_HDRINCL} on IPv6 raw sockets and the checksum coverage on UDP-Lite.
     */
    static Set<SocketOption<?>> datagramOptions(NativeNet net, Family family, io.wsnio.SocketSpec spec) {
        Set<SocketOption<?>> s = new LinkedHashSet<>(datagramOptions(net, family));
        if (family == Family.INET || family == Family.INET6) {
            addWsnioInet(s, net, false, false);
        }
        if (family == Family.INET && spec.typeValue() == io.wsnio.SocketSpec.Type.RAW.value()
                && net.hasOption(SockOpt.IP_HDRINCL)) {
            s.add(io.wsnio.WsnioSocketOptions.IP_HDRINCL);
        }
        if (family == Family.INET6 && spec.typeValue() == io.wsnio.SocketSpec.Type.RAW.value()
                && net.hasOption(SockOpt.IPV6_HDRINCL)) {
            s.add(io.wsnio.WsnioSocketOptions.IPV6_HDRINCL);
        }
        if ((family == Family.INET || family == Family.INET6) && spec.typeValue() == io.wsnio.SocketSpec.Type.DGRAM.value()
                && spec.protocolValue() == io.wsnio.SocketSpec.Protocol.UDPLITE.value()
                && net.hasOption(SockOpt.UDPLITE_SEND_CSCOV)) {
            s.add(io.wsnio.WsnioSocketOptions.UDPLITE_SEND_CSCOV);
            s.add(io.wsnio.WsnioSocketOptions.UDPLITE_RECV_CSCOV);
        }
        if ((family == Family.INET || family == Family.INET6) && spec.typeValue() == io.wsnio.SocketSpec.Type.DGRAM.value()
                && (spec.protocolValue() == 0 || spec.protocolValue() == 17) && net.hasOption(SockOpt.UDP_GRO)) {
            s.add(io.wsnio.WsnioSocketOptions.UDP_GRO);
        }
        return withPgm(Collections.unmodifiableSet(s), net, family, spec);
    }

    /** Checks name and value the way the JDK's channels do, before the channel's open check. */
    static void checkSet(Set<SocketOption<?>> supported, SocketOption<?> name, Object value) {
        Objects.requireNonNull(name);
        if (!supported.contains(name) && !(name instanceof io.wsnio.WsnioSocketOptions.RawOption)) {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
        if (!name.type().isInstance(value)) {
            throw new IllegalArgumentException("Invalid value '" + value + "'");
        }
    }

    static void checkGet(Set<SocketOption<?>> supported, SocketOption<?> name) {
        Objects.requireNonNull(name);
        if (!supported.contains(name) && !(name instanceof io.wsnio.WsnioSocketOptions.RawOption)) {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
    }

    static SockOpt map(SocketOption<?> name, Family family) {
        if (name == StandardSocketOptions.SO_SNDBUF) return SockOpt.SO_SNDBUF;
        if (name == StandardSocketOptions.SO_RCVBUF) return SockOpt.SO_RCVBUF;
        if (name == StandardSocketOptions.SO_LINGER) return SockOpt.SO_LINGER;
        if (name == StandardSocketOptions.SO_KEEPALIVE) return SockOpt.SO_KEEPALIVE;
        if (name == StandardSocketOptions.SO_REUSEADDR) return SockOpt.SO_REUSEADDR;
        if (name == StandardSocketOptions.SO_REUSEPORT) return SockOpt.SO_REUSEPORT;
        if (name == StandardSocketOptions.SO_BROADCAST) return SockOpt.SO_BROADCAST;
        if (name == StandardSocketOptions.TCP_NODELAY) return SockOpt.TCP_NODELAY;
        if (name == StandardSocketOptions.IP_TOS) return family == Family.INET6 ? SockOpt.IPV6_TCLASS : SockOpt.IP_TOS;
        if (name == StandardSocketOptions.IP_MULTICAST_TTL) {
            return family == Family.INET6 ? SockOpt.IPV6_MULTICAST_HOPS : SockOpt.IP_MULTICAST_TTL;
        }
        if (name == StandardSocketOptions.IP_MULTICAST_LOOP) {
            return family == Family.INET6 ? SockOpt.IPV6_MULTICAST_LOOP : SockOpt.IP_MULTICAST_LOOP;
        }
        if (name == TCP_QUICKACK) return SockOpt.TCP_QUICKACK;
        if (name == TCP_KEEPIDLE) return SockOpt.TCP_KEEPIDLE;
        if (name == TCP_KEEPINTERVAL) return SockOpt.TCP_KEEPINTVL;
        if (name == TCP_KEEPCOUNT) return SockOpt.TCP_KEEPCNT;
        if (name == SO_INCOMING_NAPI_ID) return SockOpt.SO_INCOMING_NAPI_ID;
        if (name == io.wsnio.WsnioSocketOptions.IP_HDRINCL) return SockOpt.IP_HDRINCL;
        if (name == io.wsnio.WsnioSocketOptions.IPV6_HDRINCL) return SockOpt.IPV6_HDRINCL;
        if (name == io.wsnio.WsnioSocketOptions.UDPLITE_SEND_CSCOV) return SockOpt.UDPLITE_SEND_CSCOV;
        if (name == io.wsnio.WsnioSocketOptions.UDPLITE_RECV_CSCOV) return SockOpt.UDPLITE_RECV_CSCOV;
        if (name == io.wsnio.WsnioSocketOptions.UDP_GRO) return SockOpt.UDP_GRO;
        if (name == io.wsnio.WsnioSocketOptions.TCP_FASTOPEN) return SockOpt.TCP_FASTOPEN;
        if (name == io.wsnio.WsnioSocketOptions.TCP_USER_TIMEOUT) return SockOpt.TCP_USER_TIMEOUT;
        if (name == io.wsnio.WsnioSocketOptions.TCP_NOTSENT_LOWAT) return SockOpt.TCP_NOTSENT_LOWAT;
        if (name == io.wsnio.WsnioSocketOptions.IP_FREEBIND) return SockOpt.IP_FREEBIND;
        if (name == io.wsnio.WsnioSocketOptions.IP_TRANSPARENT) return SockOpt.IP_TRANSPARENT;
        if (name != null && name == IP_DONTFRAGMENT) {
            return family == Family.INET6 ? SockOpt.IPV6_MTU_DISCOVER : SockOpt.IP_MTU_DISCOVER;
        }
        throw new UnsupportedOperationException("'" + name + "' not supported");
    }

    /** Sets an option that {@link #checkSet} accepted. */
    static void set(NativeNet net, long h, Family family, SocketOption<?> name, Object value) throws IOException {
        if (name instanceof io.wsnio.WsnioSocketOptions.RawOption) {
            io.wsnio.WsnioSocketOptions.RawOption raw = (io.wsnio.WsnioSocketOptions.RawOption) name;
            net.setRawOption(h, raw.level(), raw.optionName(), (byte[]) value);
            return;
        }
        if (name == io.wsnio.WsnioSocketOptions.SO_BINDTODEVICE) {
            byte[] dev = ((String) value).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            if (dev.length > 15) {
                throw new IllegalArgumentException("Invalid interface name (at most 15 characters): '" + value + "'");
            }
            net.setBytesOption(h, SockOpt.SO_BINDTODEVICE, java.util.Arrays.copyOf(dev, dev.length + 1));
            return;
        }
        if (name == SO_PEERCRED || name == io.wsnio.WsnioSocketOptions.MPTCP_INFO) {
            throw new java.net.SocketException("Attempt to set read only option " + name);
        }
        if (PGM_OPTIONS.contains(name)) {
            net.setProtocolOption(h, name, value); // checks the value in Java before setsockopt
            return;
        }
        SockOpt opt = map(name, family);
        int v;
        if (value instanceof Boolean) {
            v = (Boolean) value ? 1 : 0;
        } else {
            v = (Integer) value;
        }
        if (name == StandardSocketOptions.SO_SNDBUF || name == StandardSocketOptions.SO_RCVBUF) {
            if (v < 0) {
                throw new IllegalArgumentException("Invalid send/receive buffer size");
            }
        } else if (name == StandardSocketOptions.SO_LINGER) {
            v = v < 0 ? -1 : Math.min(v, 65535);
        } else if (name == StandardSocketOptions.IP_TOS) {
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("Invalid IP_TOS value");
            }
        } else if (name == io.wsnio.WsnioSocketOptions.TCP_FASTOPEN
                || name == io.wsnio.WsnioSocketOptions.TCP_USER_TIMEOUT
                || name == io.wsnio.WsnioSocketOptions.TCP_NOTSENT_LOWAT) {
            if (v < 0) {
                throw new IllegalArgumentException("Invalid value '" + value + "' for " + name);
            }
        } else if (name == SO_INCOMING_NAPI_ID) {
            throw new java.net.SocketException("Attempt to set read only option " + name);
        } else if (name == TCP_KEEPIDLE || name == TCP_KEEPINTERVAL
                || name == TCP_KEEPCOUNT) {
            if (v < 0) {
                throw new IllegalArgumentException("Invalid value '" + value + "'");
            }
        } else if (name == IP_DONTFRAGMENT) {
            v = v != 0 ? 2 : 0; // IP_PMTUDISC_DO : IP_PMTUDISC_DONT
        } else if (name == io.wsnio.WsnioSocketOptions.UDPLITE_SEND_CSCOV
                || name == io.wsnio.WsnioSocketOptions.UDPLITE_RECV_CSCOV) {
            if (v < 0 || v > 65535) {
                throw new IllegalArgumentException("Invalid checksum coverage: " + v + " (0..65535)");
            }
        } else if (name == StandardSocketOptions.IP_MULTICAST_TTL) {
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("Invalid TTL/hop value");
            }
        }
        if (opt == SockOpt.IPV6_TCLASS && !net.hasOption(SockOpt.IPV6_TCLASS)) {
            return; // no traffic class (Winsock): IP_TOS on an IPv6 socket is ignored, as the JDK does there
        }
        net.setIntOption(h, opt, v);
        if (opt == SockOpt.IPV6_TCLASS) {
            // a dual-stack socket may carry IPv4 traffic: set the IPv4 TOS too, as the JDK does
            try {
                net.setIntOption(h, SockOpt.IP_TOS, v);
            } catch (IOException | UnsupportedOperationException ignore) {
                // an IPv6-only socket has no IPv4 TOS
            }
        }
    }

    static Object get(NativeNet net, long h, Family family, SocketOption<?> name) throws IOException {
        if (name instanceof io.wsnio.WsnioSocketOptions.RawOption) {
            io.wsnio.WsnioSocketOptions.RawOption raw = (io.wsnio.WsnioSocketOptions.RawOption) name;
            byte[] buf = new byte[64];
            int n = net.getRawOption(h, raw.level(), raw.optionName(), buf);
            return java.util.Arrays.copyOf(buf, n);
        }
        if (name == io.wsnio.WsnioSocketOptions.SO_BINDTODEVICE) {
            byte[] buf = new byte[16];
            int n = net.getBytesOption(h, SockOpt.SO_BINDTODEVICE, buf);
            int end = 0;
            while (end < n && buf[end] != 0) {
                end++;
            }
            return new String(buf, 0, end, java.nio.charset.StandardCharsets.US_ASCII);
        }
        if (name != null && name == SO_PEERCRED) {
            return PeerCredentials.principal(net, h);
        }
        if (name == io.wsnio.WsnioSocketOptions.MPTCP_INFO) {
            byte[] raw = new byte[48];
            int n = net.getBytesOption(h, SockOpt.MPTCP_INFO, raw);
            if (n < 40) {
                throw new java.net.SocketException("MPTCP_INFO returned " + n + " bytes");
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.nativeOrder());
            return new io.wsnio.MptcpInfo(raw[0] & 0xff, raw[1] & 0xff, raw[2] & 0xff, raw[3] & 0xff, b.getInt(8),
                    b.getInt(12) & 0xffffffffL, b.getLong(16), b.getLong(24), b.getLong(32));
        }
        if (PGM_OPTIONS.contains(name)) {
            return net.getProtocolOption(h, name);
        }
        SockOpt opt = map(name, family);
        if (opt == SockOpt.IPV6_TCLASS && !net.hasOption(SockOpt.IPV6_TCLASS)) {
            return 0; // IP_TOS on an IPv6 socket reads 0 where it is ignored, as with the JDK
        }
        int v = net.getIntOption(h, opt);
        if (name == IP_DONTFRAGMENT) {
            return v == 2 || v == 3; // IP_PMTUDISC_DO or _PROBE
        }
        if (name.type() == Boolean.class) {
            return v != 0;
        }
        return v;
    }
}
