package io.wsnio.backend.winsock;

import static io.wsnio.backend.winsock.WinsockAbi.*;

import io.wsnio.NativeSocketException;
import io.wsnio.ProtocolCatalog;
import io.wsnio.SocketSpec;
import io.wsnio.nativeio.ControlMessages;
import io.wsnio.nativeio.IOStatus;
import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.NativePoller;
import io.wsnio.nativeio.SockOpt;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The Winsock backend of the native seam: {@code ws2_32.dll} by JNA direct mapping ({@code Ws2_32}
 * and the other facades; java.lang.foreign downcalls instead with {@code -Dwsnio.winsock.bridge=ffm}
 * on JDK 22+, {@code WinsockBridge}). WSAStartup 2.2
 * is called once per JVM and never undone (the JDK shares the Winsock instance). Sockets are
 * {@code WSASocketW(..., WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT)}; IPv6 stream and
 * datagram sockets are made dual-stack (IPV6_V6ONLY 0, Linux's default and the JDK's choice);
 * datagram sockets have SIO_UDP_CONNRESET off, as in the JDK, so an ICMP port-unreachable does
 * not fail a later receive.
 */
public final class WinsockNet implements NativeNet {

    private static final int SOCKET_FLAGS = WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT;

    /** The largest coalesced receive asked for when UDP_GRO is set on: 65535 minus the 8-byte UDP header. */
    private static final int URO_MAX_COALESCED = 65527;

    /** Loads ws2_32 and calls WSAStartup once; the failure, if any, is kept and reported. */
    private static final class Startup {
        static final Throwable CAUSE = start();

        private static Throwable start() {
            if (Ws2_32.UNAVAILABILITY_CAUSE != null) {
                return Ws2_32.UNAVAILABILITY_CAUSE;
            }
            if (Kernel32.UNAVAILABILITY_CAUSE != null) {
                return Kernel32.UNAVAILABILITY_CAUSE;
            }
            ByteBuffer wsadata = ByteBuffer.allocateDirect(WSADATA_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            int rc = Ws2_32.WSAStartup((short) WINSOCK_VERSION_2_2, DirectBuffers.address(wsadata));
            if (rc != 0) {
                return new NativeSocketException("WSAStartup(2.2) failed: " + WinsockErrors.name(rc)
                        + " (" + WinsockErrors.description(rc) + ")", WinsockErrors.name(rc), rc);
            }
            int version = wsadata.getShort(0) & 0xffff;
            if (version != WINSOCK_VERSION_2_2) {
                return new NativeSocketException("WSAStartup gave Winsock version 0x"
                        + Integer.toHexString(version) + ", not 2.2", "WSAVERNOTSUPPORTED", WSAVERNOTSUPPORTED);
            }
            return null;
        }
    }

    /** Why this backend cannot run here, or null when it can. Loads ws2_32.dll on first call. */
    public static Throwable unavailabilityCause() {
        return Startup.CAUSE;
    }

    public static boolean isAvailable() {
        return unavailabilityCause() == null;
    }

    /** The backend; throws {@link UnsupportedOperationException} with the cause when unavailable. */
    public static WinsockNet create() {
        return new WinsockNet();
    }

    /** Same as {@link #create()}, for reflective selection by class name. */
    public WinsockNet() {
        Throwable cause = unavailabilityCause();
        if (cause != null) {
            throw new UnsupportedOperationException("the Winsock backend is unavailable: " + cause, cause);
        }
    }

    /**
     * After a failed data call with error {@code e}: {@link IOStatus#UNAVAILABLE} for
     * WSAEWOULDBLOCK, {@link IOStatus#INTERRUPTED} for WSAEINTR and WSA_OPERATION_ABORTED (the
     * close protocol's CancelIoEx), otherwise the error as an exception naming the call.
     */
    private static int failure(String call, int e) throws IOException {
        if (e == WSAEWOULDBLOCK) {
            return IOStatus.UNAVAILABLE;
        }
        if (e == WSAEINTR || e == WSA_OPERATION_ABORTED) {
            return IOStatus.INTERRUPTED;
        }
        throw WinsockErrors.exception(call, e);
    }

    /**
     * {@code winsock-} and the selectors' poller, as {@code -Dwsnio.winsock.poller} chooses it
     * ({@code afd} or {@code wsapoll}), then {@code -ffm} when the calls go through java.lang.foreign
     * ({@code -Dwsnio.winsock.bridge=ffm} on JDK 22+); nothing more on JNA, the default.
     */
    @Override
    public String name() {
        return "winsock-" + pollerKind() + ("ffm".equals(WinsockBridge.name()) ? "-ffm" : "");
    }

    private static String pollerKind() {
        return System.getProperty("wsnio.winsock.poller", "afd");
    }

    @Override
    public int familyNumber(SocketSpec.Family family) {
        return WinsockHints.familyNumber(family);
    }

    @Override
    public String nativeCall(SocketSpec spec) {
        return WinsockHints.nativeCall(spec);
    }

    /**
     * A socket made with AF_UNSPEC (or a family number with no name here) has the family of the
     * provider Winsock chose for it: {@code SO_PROTOCOL_INFOW.iAddressFamily}.
     */
    @Override
    public SocketSpec.Family familyOf(SocketSpec spec, long handle) throws IOException {
        SocketSpec.Family asked = familyOf(spec);
        if (asked != null && asked != SocketSpec.Family.UNSPEC) {
            return asked;
        }
        Scratch sc = Scratch.get();
        getRaw(sc, handle, SOL_SOCKET, SO_PROTOCOL_INFOW, WSAPROTOCOL_INFOW_SIZE, "getsockopt(SO_PROTOCOL_INFOW)");
        SocketSpec.Family chosen = WinsockHints.family(sc.buf.getInt(Scratch.OPTION + WSAPROTOCOL_INFOW_IADDRESSFAMILY));
        return chosen != null ? chosen : asked;
    }

    /** The last Winsock error of this thread: read it right after the failing ws2_32 call. */
    private static int lastError() {
        return Ws2_32.lastError();
    }

    // ---- sockets ----

    @Override
    public long socket(SocketSpec spec, boolean blocking) throws IOException {
        int af = spec.isNative() ? spec.nativeFamily() : familyNumber(spec.family());
        if (af < 0) {
            throw io.wsnio.nativeio.NativeErrors.socketRefused(spec, null, "WSAEAFNOSUPPORT", WSAEAFNOSUPPORT,
                    WinsockErrors.description(WSAEAFNOSUPPORT), "Windows has no " + spec.family() + " address family");
        }
        long s = Ws2_32.WSASocketW(af, spec.typeValue(), spec.protocolValue(), 0L, 0, SOCKET_FLAGS);
        if (s == INVALID_SOCKET) {
            throw WinsockErrors.socketRefused(spec, lastError());
        }
        try {
            int type = spec.typeValue();
            if (af == AF_INET6 && (type == SOCK_STREAM || type == SOCK_DGRAM)) {
                setInt(s, IPPROTO_IPV6, IPV6_V6ONLY, 0, "setsockopt(IPV6_V6ONLY)");
            }
            if (type == SOCK_DGRAM && (af == AF_INET || af == AF_INET6)) {
                disableUdpConnReset(s);
            }
            if (!blocking) {
                setNonBlocking(s, true);
            }
        } catch (IOException | RuntimeException e) {
            Ws2_32.closesocket(s);
            throw e;
        }
        return s;
    }

    private static void disableUdpConnReset(long s) throws IOException {
        Scratch sc = Scratch.get();
        sc.buf.putInt(Scratch.ARG, 0);
        if (Ws2_32.WSAIoctl(s, SIO_UDP_CONNRESET, sc.at(Scratch.ARG), 4, 0L, 0, sc.at(Scratch.BYTES), 0L, 0L) != 0) {
            throw WinsockErrors.exception("WSAIoctl(SIO_UDP_CONNRESET)", lastError());
        }
    }

    private static void setNonBlocking(long s, boolean nonBlocking) throws IOException {
        Scratch sc = Scratch.get();
        sc.buf.putInt(Scratch.ARG, nonBlocking ? 1 : 0);
        if (Ws2_32.ioctlsocket(s, FIONBIO, sc.at(Scratch.ARG)) != 0) {
            throw WinsockErrors.exception("ioctlsocket(FIONBIO)", lastError());
        }
    }

    /**
     * Two connected loopback TCP sockets. The listener is bound exclusively to 127.0.0.1:0 and the
     * accepted connection must come from our own connecting socket (its address and port are
     * compared), so no other local process can slip into the pipe.
     */
    @Override
    public SocketSpec pipeSpec() {
        return SocketSpec.TCP_V4;
    }

    @Override
    public void pipe(long[] out) throws IOException {
        if (out == null || out.length < 2) {
            throw new IllegalArgumentException("out must have room for two handles");
        }
        SocketSpec tcp = SocketSpec.TCP_V4;
        long listener = socket(tcp, true);
        long client = -1, server = -1;
        try {
            setInt(listener, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, 1, "setsockopt(SO_EXCLUSIVEADDRUSE)");
            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
            bind(listener, SocketSpec.Family.INET, loopback);
            listen(listener, 1);
            SocketAddress listening = localAddress(listener, SocketSpec.Family.INET);
            client = socket(tcp, true);
            if (connect(client, SocketSpec.Family.INET, listening) != 0) {
                throw new SocketException("pipe: loopback connect did not complete");
            }
            SocketAddress clientLocal = localAddress(client, SocketSpec.Family.INET);
            SocketAddress[] peer = new SocketAddress[1];
            for (int attempt = 0; ; attempt++) {
                long s = accept(listener, SocketSpec.Family.INET, peer);
                if (s < 0) {
                    throw new SocketException("pipe: accept returned " + s);
                }
                if (clientLocal.equals(peer[0])) {
                    server = s;
                    break;
                }
                Ws2_32.closesocket(s);
                if (attempt >= 8) {
                    throw new SocketException("pipe: loopback listener kept accepting foreign connections");
                }
            }
            setInt(client, IPPROTO_TCP, TCP_NODELAY, 1, "setsockopt(TCP_NODELAY)");
            out[0] = server;
            out[1] = client;
            server = -1;
            client = -1;
        } finally {
            Ws2_32.closesocket(listener);
            if (client != -1) {
                Ws2_32.closesocket(client);
            }
            if (server != -1) {
                Ws2_32.closesocket(server);
            }
        }
    }

    @Override
    public void configureBlocking(long handle, boolean blocking) throws IOException {
        setNonBlocking(handle, !blocking);
    }

    @Override
    public void bind(long handle, SocketSpec.Family family, SocketAddress local) throws IOException {
        Scratch sc = Scratch.get();
        int len = SockAddrs.encode(sc.buf, Scratch.SOCKADDR, family, local);
        if (Ws2_32.bind(handle, sc.at(Scratch.SOCKADDR), len) != 0) {
            throw WinsockErrors.exception("bind", lastError());
        }
    }

    @Override
    public void listen(long handle, int backlog) throws IOException {
        if (Ws2_32.listen(handle, backlog) != 0) {
            throw WinsockErrors.exception("listen", lastError());
        }
    }

    /**
     * Accepts a connection. Winsock gives the accepted socket the listener's non-blocking mode and
     * no way to read a mode back, so the new socket is always set blocking (as the seam promises)
     * and made non-inheritable with SetHandleInformation, as the JDK does.
     */
    @Override
    public long accept(long handle, SocketSpec.Family family, SocketAddress[] remote) throws IOException {
        Scratch sc = Scratch.get();
        sc.buf.putInt(Scratch.SOCKADDR_LEN, SOCKADDR_STORAGE_SIZE);
        long s = Ws2_32.accept(handle, sc.at(Scratch.SOCKADDR), sc.at(Scratch.SOCKADDR_LEN));
        if (s == INVALID_SOCKET) {
            int e = lastError();
            return failure("accept", e);
        }
        try {
            SocketAddress peer = SockAddrs.decode(sc.buf, Scratch.SOCKADDR, sc.buf.getInt(Scratch.SOCKADDR_LEN));
            if (Kernel32.SetHandleInformation(s, HANDLE_FLAG_INHERIT, 0) == 0) {
                int e = Kernel32.lastError();
                throw new NativeSocketException("SetHandleInformation on an accepted socket failed: Windows error "
                        + e, "ERROR_" + e, e);
            }
            setNonBlocking(s, false);
            if (remote != null && remote.length > 0) {
                remote[0] = peer;
            }
            return s;
        } catch (IOException | RuntimeException e) {
            Ws2_32.closesocket(s);
            throw e;
        }
    }

    @Override
    public int connect(long handle, SocketSpec.Family family, SocketAddress remote) throws IOException {
        Scratch sc = Scratch.get();
        int len = SockAddrs.encode(sc.buf, Scratch.SOCKADDR, family, remote);
        if (Ws2_32.connect(handle, sc.at(Scratch.SOCKADDR), len) == 0) {
            return 0;
        }
        int e = lastError();
        switch (e) {
            case WSAEWOULDBLOCK:
            case WSAEINPROGRESS:
            case WSAEALREADY:
                return IOStatus.UNAVAILABLE;
            case WSAEISCONN:
                return 0;
            case WSAEINTR:
            case WSA_OPERATION_ABORTED:
                return IOStatus.INTERRUPTED;
            default:
                throw WinsockErrors.exception("connect", e);
        }
    }

    /**
     * Dissolves a datagram socket's association as the JDK on Windows does: connect to an
     * all-zero address (AF_UNSPEC) of sockaddr_in6's size.
     */
    @Override
    public void disconnect(long handle) throws IOException {
        Scratch sc = Scratch.get();
        for (int i = 0; i < SOCKADDR_IN6_SIZE; i++) {
            sc.buf.put(Scratch.SOCKADDR + i, (byte) 0);
        }
        if (Ws2_32.connect(handle, sc.at(Scratch.SOCKADDR), SOCKADDR_IN6_SIZE) != 0) {
            throw WinsockErrors.exception("connect(AF_UNSPEC)", lastError());
        }
    }

    /**
     * Multicast membership as the JDK on Windows does it: IPv4 through ip_mreq/ip_mreq_source,
     * which name the interface by one of its IPv4 addresses (Wine implements only these, not
     * MCAST_JOIN_GROUP at the IPv4 level); IPv6 through ipv6_mreq, and group_source_req for
     * source-specific operations.
     */
    @Override
    public void multicast(long handle, int op, InetAddress group, int interfaceIndex, InetAddress source)
            throws IOException {
        if (op != MCAST_JOIN && op != MCAST_LEAVE && source == null) {
            throw new IllegalArgumentException("a source is required for multicast op " + op);
        }
        if (source != null && (source instanceof Inet4Address) != (group instanceof Inet4Address)) {
            throw new IllegalArgumentException("source " + source + " and group " + group + " differ in family");
        }
        Scratch sc = Scratch.get();
        int at = Scratch.OPTION;
        for (int i = 0; i < GROUP_SOURCE_REQ_SIZE; i += 8) {
            sc.buf.putLong(at + i, 0L);
        }
        int level, name, len;
        if (group instanceof Inet4Address) {
            level = IPPROTO_IP;
            byte[] itf = interfaceIndex == 0 ? new byte[4] : inet4AddressOf(interfaceIndex);
            sc.buf.put(at, group.getAddress(), 0, 4);
            if (source == null) {
                name = op == MCAST_JOIN ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP;
                sc.buf.put(at + IP_MREQ_INTERFACE, itf, 0, 4);
                len = IP_MREQ_SIZE;
            } else {
                switch (op) {
                    case MCAST_JOIN_SOURCE: name = IP_ADD_SOURCE_MEMBERSHIP; break;
                    case MCAST_LEAVE_SOURCE: name = IP_DROP_SOURCE_MEMBERSHIP; break;
                    case MCAST_BLOCK: name = IP_BLOCK_SOURCE; break;
                    case MCAST_UNBLOCK: name = IP_UNBLOCK_SOURCE; break;
                    default: throw new IllegalArgumentException("multicast op " + op);
                }
                sc.buf.put(at + IP_MREQ_SOURCE_SOURCEADDR, source.getAddress(), 0, 4);
                sc.buf.put(at + IP_MREQ_SOURCE_INTERFACE, itf, 0, 4);
                len = IP_MREQ_SOURCE_SIZE;
            }
        } else {
            level = IPPROTO_IPV6;
            if (source == null) {
                name = op == MCAST_JOIN ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP;
                sc.buf.put(at, group.getAddress(), 0, 16);
                sc.buf.putInt(at + IPV6_MREQ_INTERFACE, interfaceIndex);
                len = IPV6_MREQ_SIZE;
            } else {
                switch (op) {
                    case MCAST_JOIN_SOURCE: name = MCAST_JOIN_SOURCE_GROUP; break;
                    case MCAST_LEAVE_SOURCE: name = MCAST_LEAVE_SOURCE_GROUP; break;
                    case MCAST_BLOCK: name = MCAST_BLOCK_SOURCE; break;
                    case MCAST_UNBLOCK: name = MCAST_UNBLOCK_SOURCE; break;
                    default: throw new IllegalArgumentException("multicast op " + op);
                }
                sc.buf.putInt(at, interfaceIndex);
                SockAddrs.encode(sc.buf, at + GROUP_SOURCE_REQ_GROUP, SocketSpec.Family.INET6, new InetSocketAddress(group, 0));
                SockAddrs.encode(sc.buf, at + GROUP_SOURCE_REQ_SOURCE, SocketSpec.Family.INET6, new InetSocketAddress(source, 0));
                len = GROUP_SOURCE_REQ_SIZE;
            }
        }
        if (Ws2_32.setsockopt(handle, level, name, sc.at(at), len) != 0) {
            throw WinsockErrors.exception("setsockopt(multicast op " + op + ")", lastError());
        }
    }

    /** An IPv4 address of the interface with this index, for ip_mreq's imr_interface. */
    private static byte[] inet4AddressOf(int interfaceIndex) throws IOException {
        java.net.NetworkInterface ni = java.net.NetworkInterface.getByIndex(interfaceIndex);
        if (ni == null) {
            throw new SocketException("no network interface with index " + interfaceIndex);
        }
        for (java.util.Enumeration<InetAddress> e = ni.getInetAddresses(); e.hasMoreElements();) {
            InetAddress a = e.nextElement();
            if (a instanceof Inet4Address) {
                return a.getAddress();
            }
        }
        throw new SocketException("Network interface not configured for IPv4: " + ni.getName());
    }

    @Override
    public void checkConnect(long handle) throws IOException {
        int error = getInt(handle, SOL_SOCKET, SO_ERROR, "getsockopt(SO_ERROR)");
        if (error != 0) {
            throw WinsockErrors.exception("connect", error);
        }
    }

    @Override
    public int poll(long handle, int events, int timeoutMillis) throws IOException {
        Scratch sc = Scratch.get();
        sc.buf.putLong(Scratch.POLLFD + WSAPOLLFD_FD, handle);
        sc.buf.putShort(Scratch.POLLFD + WSAPOLLFD_EVENTS, PollBits.toWsa(events));
        sc.buf.putShort(Scratch.POLLFD + WSAPOLLFD_REVENTS, (short) 0);
        int n = Ws2_32.WSAPoll(sc.at(Scratch.POLLFD), 1, timeoutMillis < 0 ? -1 : timeoutMillis);
        if (n < 0) {
            int e = lastError();
            if (e == WSAEINTR || e == WSA_OPERATION_ABORTED) {
                return IOStatus.INTERRUPTED;
            }
            throw WinsockErrors.exception("WSAPoll", e);
        }
        return n == 0 ? 0 : PollBits.fromWsa(sc.buf.getShort(Scratch.POLLFD + WSAPOLLFD_REVENTS));
    }

    // ---- data ----

    private static void checkRange(long address, long length) {
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad length " + length);
        }
        if (address == 0 && length != 0) {
            throw new IllegalArgumentException("null address with length " + length);
        }
    }

    /** 0 at end of stream (length &gt; 0), as recv. WSAESHUTDOWN after shutdownInput reads as end of stream. */
    @Override
    public int read(long handle, long address, int length) throws IOException {
        checkRange(address, length);
        int n = Ws2_32.recv(handle, address, length, 0);
        if (n >= 0) {
            return n;
        }
        int e = lastError();
        switch (e) {
            case WSAEWOULDBLOCK:
                return IOStatus.UNAVAILABLE;
            case WSAEINTR:
            case WSA_OPERATION_ABORTED:
                return IOStatus.INTERRUPTED;
            case WSAESHUTDOWN:
                return 0;
            case WSAEMSGSIZE:
                return length;
            default:
                throw WinsockErrors.exception("recv", e);
        }
    }

    @Override
    public int write(long handle, long address, int length) throws IOException {
        checkRange(address, length);
        int n = Ws2_32.send(handle, address, length, 0);
        if (n >= 0) {
            return n;
        }
        int e = lastError();
        return failure("send", e);
    }

    @Override
    public int sendUrgent(long handle, byte data) throws IOException {
        Scratch sc = Scratch.get();
        sc.buf.put(Scratch.OPTION, data);
        int n = Ws2_32.send(handle, sc.at(Scratch.OPTION), 1, MSG_OOB);
        if (n >= 0) {
            return n;
        }
        return failure("send(MSG_OOB)", lastError());
    }

    private static void fillIov(Scratch sc, long[] addresses, int[] lengths, int count) {
        if (count < 0 || count > Scratch.MAX_IOV || count > addresses.length || count > lengths.length) {
            throw new IllegalArgumentException("bad buffer count " + count);
        }
        long total = 0;
        for (int i = 0; i < count; i++) {
            checkRange(addresses[i], lengths[i]);
            total += lengths[i];
            int at = Scratch.IOV + i * WSABUF_SIZE;
            sc.buf.putInt(at + WSABUF_LEN, lengths[i]);
            sc.buf.putInt(at + WSABUF_LEN + 4, 0);
            sc.buf.putLong(at + WSABUF_BUF, addresses[i]);
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("more than 2 GiB in one scattering/gathering call");
        }
    }

    @Override
    public long readv(long handle, long[] addresses, int[] lengths, int count) throws IOException {
        Scratch sc = Scratch.get();
        fillIov(sc, addresses, lengths, count);
        sc.buf.putInt(Scratch.BYTES, 0);
        sc.buf.putInt(Scratch.FLAGS, 0);
        if (Ws2_32.WSARecv(handle, sc.at(Scratch.IOV), count, sc.at(Scratch.BYTES), sc.at(Scratch.FLAGS), 0L, 0L) == 0) {
            return sc.buf.getInt(Scratch.BYTES) & 0xffffffffL;
        }
        int e = lastError();
        switch (e) {
            case WSAEWOULDBLOCK:
                return IOStatus.UNAVAILABLE;
            case WSAEINTR:
            case WSA_OPERATION_ABORTED:
                return IOStatus.INTERRUPTED;
            case WSAESHUTDOWN:
                return 0;
            case WSAEMSGSIZE: {
                // a datagram larger than the buffers filled them all and lost its tail; the failed
                // call need not report a count (Wine leaves it unwritten), so report what it wrote
                long filled = 0;
                for (int i = 0; i < count; i++) {
                    filled += lengths[i];
                }
                return filled;
            }
            default:
                throw WinsockErrors.exception("WSARecv", e);
        }
    }

    @Override
    public long writev(long handle, long[] addresses, int[] lengths, int count) throws IOException {
        Scratch sc = Scratch.get();
        fillIov(sc, addresses, lengths, count);
        sc.buf.putInt(Scratch.BYTES, 0);
        if (Ws2_32.WSASend(handle, sc.at(Scratch.IOV), count, sc.at(Scratch.BYTES), 0, 0L, 0L) == 0) {
            return sc.buf.getInt(Scratch.BYTES) & 0xffffffffL;
        }
        int e = lastError();
        return failure("WSASend", e);
    }

    @Override
    public int maxIov() {
        return Scratch.MAX_IOV;
    }

    @Override
    public int sendTo(long handle, long address, int length, SocketSpec.Family family, SocketAddress target) throws IOException {
        if (target == null) {
            return write(handle, address, length);
        }
        checkRange(address, length);
        Scratch sc = Scratch.get();
        int salen = SockAddrs.encode(sc.buf, Scratch.SOCKADDR, family, target);
        int n = Ws2_32.sendto(handle, address, length, 0, sc.at(Scratch.SOCKADDR), salen);
        if (n >= 0) {
            return n;
        }
        int e = lastError();
        return failure("sendto", e);
    }

    /** A datagram longer than {@code length} fails with WSAEMSGSIZE on Winsock; it is returned truncated, as on POSIX. */
    @Override
    public int receiveFrom(long handle, long address, int length, SocketSpec.Family family, SocketAddress[] from) throws IOException {
        checkRange(address, length);
        Scratch sc = Scratch.get();
        sc.buf.putShort(Scratch.SOCKADDR, (short) 0);
        sc.buf.putInt(Scratch.SOCKADDR_LEN, SOCKADDR_STORAGE_SIZE);
        int n = Ws2_32.recvfrom(handle, address, length, 0, sc.at(Scratch.SOCKADDR), sc.at(Scratch.SOCKADDR_LEN));
        if (n < 0) {
            int e = lastError();
            if (e != WSAEMSGSIZE) {
                return failure("recvfrom", e);
            }
            n = length;
        }
        if (from != null && from.length > 0) {
            from[0] = SockAddrs.decode(sc.buf, Scratch.SOCKADDR, sc.buf.getInt(Scratch.SOCKADDR_LEN));
        }
        return n;
    }

    // ---- batches and UDP offload ----
    //
    // Winsock has no sendmmsg/recvmmsg: its only multi-datagram API is Registered I/O (RIO), which
    // needs registered buffers and its own completion queues (and Wine 8.0 has none: the RIO
    // function table request fails with WSAEOPNOTSUPP). A batch is therefore one backend call that
    // loops over the datagrams: no JNA transition back to Java per datagram, one scratch fill.

    /**
     * One sendto per datagram (send when connected). Blocking: all are sent. Non-blocking: stops at
     * WSAEWOULDBLOCK. An error after the first datagram ends the batch with what was sent (as
     * sendmmsg); the next call reports it.
     */
    @Override
    public int sendMany(long handle, long[] addresses, int[] lengths, int count, SocketSpec.Family family,
            SocketAddress target) throws IOException {
        checkBatch(addresses, lengths, count);
        Scratch sc = Scratch.get();
        int salen = target == null ? 0 : SockAddrs.encode(sc.buf, Scratch.SOCKADDR, family, target);
        long sa = target == null ? 0L : sc.at(Scratch.SOCKADDR);
        for (int i = 0; i < count; i++) {
            int n = target == null ? Ws2_32.send(handle, addresses[i], lengths[i], 0)
                    : Ws2_32.sendto(handle, addresses[i], lengths[i], 0, sa, salen);
            if (n < 0) {
                int e = lastError();
                if (i > 0) {
                    return i;
                }
                return failure(target == null ? "send" : "sendto", e);
            }
        }
        return count;
    }

    /**
     * recvfrom per datagram: the first one as the socket's mode says (a blocking socket waits for
     * it), then only while ioctlsocket(FIONREAD) reports queued data, so a blocking socket never
     * waits for a second datagram (recvmmsg's MSG_WAITFORONE). WSARecvMsg would also take one
     * datagram per call; recvfrom is exported and needs no control buffer. A datagram longer than
     * its buffer is truncated (WSAEMSGSIZE), as on POSIX.
     */
    @Override
    public int receiveMany(long handle, long[] addresses, int[] lengths, int count, SocketSpec.Family family,
            int[] received, SocketAddress[] from) throws IOException {
        checkBatch(addresses, lengths, count);
        Scratch sc = Scratch.get();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sc.buf.putInt(Scratch.ARG, 0);
                if (Ws2_32.ioctlsocket(handle, FIONREAD, sc.at(Scratch.ARG)) != 0 || sc.buf.getInt(Scratch.ARG) == 0) {
                    return i;
                }
            }
            sc.buf.putShort(Scratch.SOCKADDR, (short) 0);
            sc.buf.putInt(Scratch.SOCKADDR_LEN, SOCKADDR_STORAGE_SIZE);
            int n = from == null ? Ws2_32.recvfrom(handle, addresses[i], lengths[i], 0, 0L, 0L)
                    : Ws2_32.recvfrom(handle, addresses[i], lengths[i], 0, sc.at(Scratch.SOCKADDR), sc.at(Scratch.SOCKADDR_LEN));
            if (n < 0) {
                int e = lastError();
                if (e == WSAEMSGSIZE) {
                    n = lengths[i];
                } else if (i > 0) {
                    return i;
                } else {
                    return failure("recvfrom", e);
                }
            }
            received[i] = n;
            if (from != null) {
                from[i] = SockAddrs.decode(sc.buf, Scratch.SOCKADDR, sc.buf.getInt(Scratch.SOCKADDR_LEN));
            }
        }
        return count;
    }

    private static void checkBatch(long[] addresses, int[] lengths, int count) {
        if (count < 1 || count > MAX_BATCH || count > addresses.length || count > lengths.length) {
            throw new IllegalArgumentException("bad batch size " + count);
        }
        for (int i = 0; i < count; i++) {
            checkRange(addresses[i], lengths[i]);
        }
    }

    /**
     * UDP segmentation offload (Windows 10 1903+ USO): one WSASendMsg with a UDP_SEND_MSG_SIZE
     * control message; the stack (or the NIC) cuts the data into datagrams of {@code segmentSize}.
     * Callers first check that getsockopt(UDP_SEND_MSG_SIZE) works on the socket: a stack without
     * USO (Wine 8.0) ignores the control message and sends one large datagram.
     */
    @Override
    public int sendSegmented(long handle, long address, int length, int segmentSize, SocketSpec.Family family,
            SocketAddress target) throws IOException {
        checkRange(address, length);
        Scratch sc = Scratch.get();
        sc.buf.putInt(Scratch.IOV + WSABUF_LEN, length);
        sc.buf.putInt(Scratch.IOV + WSABUF_LEN + 4, 0);
        sc.buf.putLong(Scratch.IOV + WSABUF_BUF, address);
        return sendSegmented(sc, handle, 1, segmentSize, family, target);
    }

    @Override
    public int sendSegmented(long handle, long[] addresses, int[] lengths, int count, int segmentSize,
            SocketSpec.Family family, SocketAddress target) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("bad buffer count " + count);
        }
        Scratch sc = Scratch.get();
        fillIov(sc, addresses, lengths, count);
        return sendSegmented(sc, handle, count, segmentSize, family, target);
    }

    /** WSASendMsg of the {@code count} WSABUFs in the scratch with a UDP_SEND_MSG_SIZE control message. */
    private static int sendSegmented(Scratch sc, long handle, int count, int segmentSize, SocketSpec.Family family,
            SocketAddress target) throws IOException {
        if (segmentSize < 1) {
            throw new IllegalArgumentException("bad segment size " + segmentSize);
        }
        ByteBuffer b = sc.buf;
        int salen = target == null ? 0 : SockAddrs.encode(b, Scratch.SOCKADDR, family, target);
        b.putLong(Scratch.MSG + WSAMSG_NAME, target == null ? 0L : sc.at(Scratch.SOCKADDR));
        b.putLong(Scratch.MSG + WSAMSG_NAMELEN, salen);
        b.putLong(Scratch.MSG + WSAMSG_LPBUFFERS, sc.at(Scratch.IOV));
        b.putLong(Scratch.MSG + WSAMSG_DWBUFFERCOUNT, count);
        b.putLong(Scratch.MSG + WSAMSG_CONTROL, WSA_CMSG_SPACE_DWORD);    // Control.len and padding
        b.putLong(Scratch.MSG + WSAMSG_CONTROL + WSABUF_BUF, sc.at(Scratch.CONTROL)); // Control.buf
        b.putLong(Scratch.MSG + WSAMSG_DWFLAGS, 0L);
        b.putLong(Scratch.CONTROL, WSA_CMSG_LEN_DWORD);
        b.putInt(Scratch.CONTROL + WSACMSGHDR_LEVEL, IPPROTO_UDP);
        b.putInt(Scratch.CONTROL + WSACMSGHDR_TYPE, UDP_SEND_MSG_SIZE);
        b.putLong(Scratch.CONTROL + WSACMSGHDR_DATA, segmentSize & 0xffffffffL);
        b.putInt(Scratch.BYTES, 0);
        if (Ws2_32.WSASendMsg(handle, sc.at(Scratch.MSG), 0, sc.at(Scratch.BYTES), 0L, 0L) == 0) {
            return b.getInt(Scratch.BYTES);
        }
        int e = lastError();
        return failure("WSASendMsg(UDP_SEND_MSG_SIZE)", e);
    }

    /** Binds WSARecvMsg from the extension-function table, once, with a throwaway UDP socket. */
    private static void bindRecvMsg() throws IOException {
        if (Ws2_32.RecvMsg.bound()) {
            return;
        }
        long s = Ws2_32.WSASocketW(AF_INET, SOCK_DGRAM, IPPROTO_UDP, 0L, 0, SOCKET_FLAGS);
        if (s == INVALID_SOCKET) {
            throw WinsockErrors.exception("WSASocketW (for WSARecvMsg)", lastError());
        }
        try {
            Scratch sc = Scratch.get();
            sc.buf.putLong(Scratch.OPTION, WSAID_WSARECVMSG_LO);
            sc.buf.putLong(Scratch.OPTION + 8, WSAID_WSARECVMSG_HI);
            sc.buf.putLong(Scratch.OPTION + GUID_SIZE, 0L);
            if (Ws2_32.WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, sc.at(Scratch.OPTION), GUID_SIZE,
                    sc.at(Scratch.OPTION + GUID_SIZE), 8, sc.at(Scratch.BYTES), 0L, 0L) != 0) {
                throw WinsockErrors.exception("WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER, WSAID_WSARECVMSG)", lastError());
            }
            long fn = sc.buf.getLong(Scratch.OPTION + GUID_SIZE);
            if (fn == 0) {
                throw new SocketException("WSAIoctl gave a null WSARecvMsg");
            }
            Ws2_32.RecvMsg.bind(fn);
        } finally {
            Ws2_32.closesocket(s);
        }
    }

    /** True when WSARecvMsg is called by direct mapping (no allocation per call); binds it first. */
    static boolean recvMsgDirect() throws IOException {
        bindRecvMsg();
        return Ws2_32.RecvMsg.direct();
    }

    /**
     * WSARecvMsg with a control buffer: {@code segment[0]} gets UDP_COALESCED_INFO's segment size
     * when the stack coalesced datagrams (UDP_RECV_MAX_COALESCED_SIZE set on), else 0.
     */
    @Override
    public int receiveCoalesced(long handle, long address, int length, SocketSpec.Family family, SocketAddress[] from,
            int[] segment) throws IOException {
        checkRange(address, length);
        bindRecvMsg();
        Scratch sc = Scratch.get();
        ByteBuffer b = sc.buf;
        b.putShort(Scratch.SOCKADDR, (short) 0);
        b.putInt(Scratch.IOV + WSABUF_LEN, length);
        b.putInt(Scratch.IOV + WSABUF_LEN + 4, 0);
        b.putLong(Scratch.IOV + WSABUF_BUF, address);
        b.putLong(Scratch.MSG + WSAMSG_NAME, sc.at(Scratch.SOCKADDR));
        b.putLong(Scratch.MSG + WSAMSG_NAMELEN, SOCKADDR_STORAGE_SIZE);
        b.putLong(Scratch.MSG + WSAMSG_LPBUFFERS, sc.at(Scratch.IOV));
        b.putLong(Scratch.MSG + WSAMSG_DWBUFFERCOUNT, 1L);
        b.putLong(Scratch.MSG + WSAMSG_CONTROL, Scratch.CONTROL_MAX);
        b.putLong(Scratch.MSG + WSAMSG_CONTROL + WSABUF_BUF, sc.at(Scratch.CONTROL));
        b.putLong(Scratch.MSG + WSAMSG_DWFLAGS, 0L);
        b.putInt(Scratch.BYTES, 0);
        int n;
        if (Ws2_32.RecvMsg.call(handle, sc.at(Scratch.MSG), sc.at(Scratch.BYTES)) == 0) {
            n = b.getInt(Scratch.BYTES);
        } else {
            int e = lastError();
            if (e != WSAEMSGSIZE) {
                return failure("WSARecvMsg", e);
            }
            n = length; // truncated, as on POSIX
        }
        boolean truncated = (b.getInt(Scratch.MSG + WSAMSG_DWFLAGS) & MSG_CTRUNC) != 0;
        segment[0] = ControlMessages.segmentSize(b, Scratch.CONTROL, b.getInt(Scratch.MSG + WSAMSG_CONTROL) & 0xffffffffL,
                Scratch.CONTROL_MAX, WSACMSGHDR_SIZE, WSACMSGHDR_LEVEL, WSACMSGHDR_TYPE, IPPROTO_UDP, UDP_COALESCED_INFO,
                truncated);
        if (from != null && from.length > 0) {
            from[0] = SockAddrs.decode(b, Scratch.SOCKADDR, b.getInt(Scratch.MSG + WSAMSG_NAMELEN));
        }
        return n;
    }

    /** WSAENOTCONN is ignored, as the JDK does on Windows (a reset connection reports it). */
    @Override
    public void shutdown(long handle, int how) throws IOException {
        if (how < SHUT_RD || how > SHUT_RDWR) {
            throw new IllegalArgumentException("bad shutdown direction " + how);
        }
        if (Ws2_32.shutdown(handle, how) != 0) {
            int e = lastError();
            if (e != WSAENOTCONN) {
                throw WinsockErrors.exception("shutdown", e);
            }
        }
    }

    /**
     * Makes threads blocked on {@code handle} return without releasing it. CancelIoEx(handle, NULL)
     * cancels every pending request on the socket, whichever thread issued it (a blocking Winsock
     * call is an overlapped request waited on inside ws2_32): the blocked recv, send, accept,
     * connect or WSAPoll fails with WSA_OPERATION_ABORTED, which the data calls report as
     * {@link IOStatus#INTERRUPTED}. shutdown(SD_BOTH) first makes it sticky for a connected
     * socket: a recv issued afterwards reads end-of-stream at once. On a listener or a connecting
     * socket nothing is sticky (shutdown fails with WSAENOTCONN), so a call that starts after
     * unblock returned blocks again: callers repeat unblock while a thread is still inside.
     * Observed under Wine 8.0, where shutdown alone wakes none of those calls.
     */
    @Override
    public void unblock(long handle) {
        Ws2_32.shutdown(handle, SD_BOTH);
        Kernel32.CancelIoEx(handle, 0L);
    }

    @Override
    public void close(long handle) throws IOException {
        if (Ws2_32.closesocket(handle) != 0) {
            throw WinsockErrors.exception("closesocket", lastError());
        }
    }

    /** An unbound socket (getsockname's WSAEINVAL) reports the family's wildcard address and port 0, as on Linux. */
    @Override
    public SocketAddress localAddress(long handle, SocketSpec.Family family) throws IOException {
        Scratch sc = Scratch.get();
        sc.buf.putInt(Scratch.SOCKADDR_LEN, SOCKADDR_STORAGE_SIZE);
        if (Ws2_32.getsockname(handle, sc.at(Scratch.SOCKADDR), sc.at(Scratch.SOCKADDR_LEN)) != 0) {
            int e = lastError();
            if (e == WSAEINVAL) {
                return SockAddrs.unbound(family);
            }
            throw WinsockErrors.exception("getsockname", e);
        }
        return SockAddrs.decode(sc.buf, Scratch.SOCKADDR, sc.buf.getInt(Scratch.SOCKADDR_LEN));
    }

    @Override
    public SocketAddress remoteAddress(long handle, SocketSpec.Family family) throws IOException {
        Scratch sc = Scratch.get();
        sc.buf.putInt(Scratch.SOCKADDR_LEN, SOCKADDR_STORAGE_SIZE);
        if (Ws2_32.getpeername(handle, sc.at(Scratch.SOCKADDR), sc.at(Scratch.SOCKADDR_LEN)) != 0) {
            int e = lastError();
            if (e == WSAENOTCONN) {
                return null;
            }
            throw WinsockErrors.exception("getpeername", e);
        }
        return SockAddrs.decode(sc.buf, Scratch.SOCKADDR, sc.buf.getInt(Scratch.SOCKADDR_LEN));
    }

    // ---- options ----

    private static final int NONE = -1;
    private static final int[] LEVEL = new int[SockOpt.values().length];
    private static final int[] NAME = new int[SockOpt.values().length];

    private static void map(SockOpt o, int level, int name) {
        LEVEL[o.ordinal()] = level;
        NAME[o.ordinal()] = name;
    }

    static {
        java.util.Arrays.fill(LEVEL, NONE);
        map(SockOpt.SO_REUSEADDR, SOL_SOCKET, SO_REUSEADDR);
        map(SockOpt.SO_KEEPALIVE, SOL_SOCKET, SO_KEEPALIVE);
        map(SockOpt.SO_LINGER, SOL_SOCKET, SO_LINGER);
        map(SockOpt.SO_SNDBUF, SOL_SOCKET, SO_SNDBUF);
        map(SockOpt.SO_RCVBUF, SOL_SOCKET, SO_RCVBUF);
        map(SockOpt.SO_BROADCAST, SOL_SOCKET, SO_BROADCAST);
        map(SockOpt.SO_ERROR, SOL_SOCKET, SO_ERROR);
        map(SockOpt.SO_TYPE, SOL_SOCKET, SO_TYPE);
        map(SockOpt.SO_PROTOCOL, SOL_SOCKET, SO_PROTOCOL_INFOW);
        map(SockOpt.SO_OOBINLINE, SOL_SOCKET, SO_OOBINLINE);
        map(SockOpt.TCP_NODELAY, IPPROTO_TCP, TCP_NODELAY);
        map(SockOpt.TCP_KEEPIDLE, IPPROTO_TCP, TCP_KEEPIDLE);
        map(SockOpt.TCP_KEEPINTVL, IPPROTO_TCP, TCP_KEEPINTVL);
        map(SockOpt.TCP_KEEPCNT, IPPROTO_TCP, TCP_KEEPCNT);
        map(SockOpt.TCP_FASTOPEN, IPPROTO_TCP, TCP_FASTOPEN);
        map(SockOpt.IP_TOS, IPPROTO_IP, IP_TOS);
        map(SockOpt.IP_TTL, IPPROTO_IP, IP_TTL);
        map(SockOpt.IP_HDRINCL, IPPROTO_IP, IP_HDRINCL);
        map(SockOpt.IPV6_HDRINCL, IPPROTO_IPV6, IPV6_HDRINCL);
        map(SockOpt.IP_MULTICAST_TTL, IPPROTO_IP, IP_MULTICAST_TTL);
        map(SockOpt.IP_MULTICAST_LOOP, IPPROTO_IP, IP_MULTICAST_LOOP);
        map(SockOpt.IP_MULTICAST_IF, IPPROTO_IP, IP_MULTICAST_IF);
        map(SockOpt.IPV6_V6ONLY, IPPROTO_IPV6, IPV6_V6ONLY);
        map(SockOpt.IPV6_UNICAST_HOPS, IPPROTO_IPV6, IPV6_UNICAST_HOPS);
        map(SockOpt.IPV6_MULTICAST_HOPS, IPPROTO_IPV6, IPV6_MULTICAST_HOPS);
        map(SockOpt.IPV6_MULTICAST_LOOP, IPPROTO_IPV6, IPV6_MULTICAST_LOOP);
        map(SockOpt.IPV6_MULTICAST_IF, IPPROTO_IPV6, IPV6_MULTICAST_IF);
        // UDP offload (Windows 10 1903+; Wine 8.0 refuses both with WSAEINVAL): USO's default
        // message size stands for UDP_SEGMENT; UDP_GRO on is the largest coalesced receive (URO)
        map(SockOpt.UDP_SEGMENT, IPPROTO_UDP, UDP_SEND_MSG_SIZE);
        map(SockOpt.UDP_GRO, IPPROTO_UDP, UDP_RECV_MAX_COALESCED_SIZE);
        // IPV6_TCLASS is in the headers, but setsockopt refuses it (WSAENOPROTOOPT under Wine) and
        // the JDK on Windows ignores IP_TOS on IPv6 sockets (it reads back 0): left unmapped, so
        // SocketOptionSupport does the same.
        // Winsock has no SO_REUSEPORT, TCP_QUICKACK, TCP_USER_TIMEOUT, TCP_NOTSENT_LOWAT,
        // IP_FREEBIND, IP_TRANSPARENT or UDP-Lite; SO_RCVLOWAT/SO_SNDLOWAT exist in the headers
        // but "are not supported" by the Microsoft provider.
    }

    @Override
    public boolean hasOption(SockOpt option) {
        return LEVEL[option.ordinal()] != NONE;
    }

    /** The option as Winsock calls it, for error messages. */
    private static String winsockName(SockOpt option) {
        switch (option) {
            case UDP_SEGMENT: return "UDP_SEND_MSG_SIZE";
            case UDP_GRO: return "UDP_RECV_MAX_COALESCED_SIZE";
            default: return option.name();
        }
    }

    private static void checkOption(SockOpt option) {
        if (LEVEL[option.ordinal()] == NONE) {
            throw new UnsupportedOperationException(option + " is not supported by Winsock");
        }
    }

    @Override
    public int getIntOption(long handle, SockOpt option) throws IOException {
        checkOption(option);
        int level = LEVEL[option.ordinal()], name = NAME[option.ordinal()];
        String call = "getsockopt(" + winsockName(option) + ")";
        if (option == SockOpt.SO_LINGER) {
            Scratch sc = Scratch.get();
            sc.buf.putInt(Scratch.OPTION, 0);
            getRaw(sc, handle, level, name, LINGER_SIZE, call);
            boolean on = sc.buf.getShort(Scratch.OPTION + LINGER_ONOFF) != 0;
            return on ? sc.buf.getShort(Scratch.OPTION + LINGER_LINGER) & 0xffff : -1;
        }
        if (option == SockOpt.SO_PROTOCOL) {
            Scratch sc = Scratch.get();
            getRaw(sc, handle, level, name, WSAPROTOCOL_INFOW_SIZE, call);
            return sc.buf.getInt(Scratch.OPTION + WSAPROTOCOL_INFOW_IPROTOCOL);
        }
        if (option == SockOpt.IP_MULTICAST_IF) {
            return Integer.reverseBytes(getInt(handle, level, name, call)); // an IN_ADDR: the seam speaks big-endian
        }
        if (option == SockOpt.UDP_GRO) {
            return getInt(handle, level, name, call) != 0 ? 1 : 0; // a size, 0 for off
        }
        return getInt(handle, level, name, call);
    }

    @Override
    public void setIntOption(long handle, SockOpt option, int value) throws IOException {
        checkOption(option);
        int level = LEVEL[option.ordinal()], name = NAME[option.ordinal()];
        String call = "setsockopt(" + winsockName(option) + ")";
        if (option == SockOpt.SO_LINGER) {
            Scratch sc = Scratch.get();
            sc.buf.putShort(Scratch.OPTION + LINGER_ONOFF, (short) (value >= 0 ? 1 : 0));
            sc.buf.putShort(Scratch.OPTION + LINGER_LINGER, (short) Math.max(0, Math.min(value, 0xffff)));
            if (Ws2_32.setsockopt(handle, level, name, sc.at(Scratch.OPTION), LINGER_SIZE) != 0) {
                throw WinsockErrors.exception(call, lastError());
            }
            return;
        }
        if (option == SockOpt.SO_PROTOCOL || option == SockOpt.SO_ERROR || option == SockOpt.SO_TYPE) {
            throw new UnsupportedOperationException(option + " is read-only");
        }
        if (option == SockOpt.IP_MULTICAST_IF) {
            value = Integer.reverseBytes(value); // to an IN_ADDR in network order
        }
        if (option == SockOpt.UDP_GRO) {
            value = value != 0 ? URO_MAX_COALESCED : 0;
        }
        setInt(handle, level, name, value, call);
    }

    private static void getRaw(Scratch sc, long handle, int level, int name, int size, String call) throws IOException {
        sc.buf.putInt(Scratch.ARG, size);
        if (Ws2_32.getsockopt(handle, level, name, sc.at(Scratch.OPTION), sc.at(Scratch.ARG)) != 0) {
            throw WinsockErrors.exception(call, lastError());
        }
    }

    /** An int option; Winsock writes 1 byte for a few BOOL options on some versions, read by length. */
    private static int getInt(long handle, int level, int name, String call) throws IOException {
        Scratch sc = Scratch.get();
        sc.buf.putInt(Scratch.OPTION, 0);
        getRaw(sc, handle, level, name, 4, call);
        switch (sc.buf.getInt(Scratch.ARG)) {
            case 1: return sc.buf.get(Scratch.OPTION) & 0xff;
            case 2: return sc.buf.getShort(Scratch.OPTION) & 0xffff;
            default: return sc.buf.getInt(Scratch.OPTION);
        }
    }

    private static void setInt(long handle, int level, int name, int value, String call) throws IOException {
        Scratch sc = Scratch.get();
        sc.buf.putInt(Scratch.OPTION, value);
        if (Ws2_32.setsockopt(handle, level, name, sc.at(Scratch.OPTION), 4) != 0) {
            throw WinsockErrors.exception(call, lastError());
        }
    }

    @Override
    public boolean hasProtocolOption(java.net.SocketOption<?> option) {
        return RmOptions.name(option) >= 0;
    }

    @Override
    public void setProtocolOption(long handle, java.net.SocketOption<?> option, Object value) throws IOException {
        Scratch sc = Scratch.get();
        int len = RmOptions.encode(option, value, sc.buf, Scratch.OPTION);
        if (Ws2_32.setsockopt(handle, IPPROTO_RM, RmOptions.name(option), sc.at(Scratch.OPTION), len) != 0) {
            throw WinsockErrors.exception("setsockopt(IPPROTO_RM, " + option + ")", lastError());
        }
    }

    @Override
    public Object getProtocolOption(long handle, java.net.SocketOption<?> option) throws IOException {
        RmOptions.checkReadable(option);
        Scratch sc = Scratch.get();
        int size = RmOptions.size(option);
        for (int i = 0; i < size; i += 4) {
            sc.buf.putInt(Scratch.OPTION + i, 0);
        }
        getRaw(sc, handle, IPPROTO_RM, RmOptions.name(option), size, "getsockopt(IPPROTO_RM, " + option + ")");
        return RmOptions.decode(option, sc.buf, Scratch.OPTION, Math.min(sc.buf.getInt(Scratch.ARG), size));
    }

    @Override
    public int getRawOption(long handle, int level, int name, byte[] value) throws IOException {
        if (value.length > Scratch.OPTION_MAX) {
            throw new IllegalArgumentException("option buffer larger than " + Scratch.OPTION_MAX + " bytes");
        }
        Scratch sc = Scratch.get();
        for (int i = 0; i < value.length; i++) {
            sc.buf.put(Scratch.OPTION + i, value[i]);
        }
        getRaw(sc, handle, level, name, value.length, "getsockopt(" + level + ", " + name + ")");
        int len = Math.min(sc.buf.getInt(Scratch.ARG), value.length);
        for (int i = 0; i < len; i++) {
            value[i] = sc.buf.get(Scratch.OPTION + i);
        }
        return len;
    }

    @Override
    public void setRawOption(long handle, int level, int name, byte[] value) throws IOException {
        if (value.length > Scratch.OPTION_MAX) {
            throw new IllegalArgumentException("option value larger than " + Scratch.OPTION_MAX + " bytes");
        }
        Scratch sc = Scratch.get();
        for (int i = 0; i < value.length; i++) {
            sc.buf.put(Scratch.OPTION + i, value[i]);
        }
        if (Ws2_32.setsockopt(handle, level, name, sc.at(Scratch.OPTION), value.length) != 0) {
            throw WinsockErrors.exception("setsockopt(" + level + ", " + name + ")", lastError());
        }
    }

    @Override
    public int available(long handle) throws IOException {
        Scratch sc = Scratch.get();
        sc.buf.putInt(Scratch.ARG, 0);
        if (Ws2_32.ioctlsocket(handle, FIONREAD, sc.at(Scratch.ARG)) != 0) {
            throw WinsockErrors.exception("ioctlsocket(FIONREAD)", lastError());
        }
        int n = sc.buf.getInt(Scratch.ARG);
        return n < 0 ? Integer.MAX_VALUE : n;
    }

    /**
     * The installed protocols from {@code WSAEnumProtocolsW}, in catalog order (Windows may list
     * one triple several times: layered and chain entries keep their own names), each with Winsock's
     * call spelled out; raw entries are probed, so one that needs Administrator says so
     * ({@link WinsockHints#catalogEntry}). Families with a
     * name here are symbolic, the rest {@link SocketSpec#nativeTriple}; NetBIOS entries keep their
     * protocol, minus the LAN adapter number.
     */
    @Override
    public List<ProtocolCatalog.Entry> protocolCatalog() throws IOException {
        Scratch sc = Scratch.get();
        // First call with no buffer: SOCKET_ERROR with WSAENOBUFS and the size needed. The catalog
        // can grow between calls (a provider installed meanwhile), so retry with the new size.
        sc.buf.putInt(Scratch.ARG, 0);
        int count = Ws2_32.WSAEnumProtocolsW(0L, 0L, sc.at(Scratch.ARG));
        ByteBuffer infos = null;
        for (int attempt = 0; count == SOCKET_ERROR; attempt++) {
            int e = lastError();
            int size = sc.buf.getInt(Scratch.ARG);
            if (e != WSAENOBUFS || size <= 0 || attempt == 3) {
                throw WinsockErrors.exception("WSAEnumProtocolsW", e);
            }
            infos = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
            count = Ws2_32.WSAEnumProtocolsW(0L, DirectBuffers.address(infos), sc.at(Scratch.ARG));
        }
        List<ProtocolCatalog.Entry> out = new ArrayList<>(count);
        if (infos == null || count <= 0) {
            return out;
        }
        if ((long) count * WSAPROTOCOL_INFOW_SIZE > infos.capacity()) {
            throw new IOException("WSAEnumProtocolsW reported " + count + " entries in a buffer of "
                    + infos.capacity() + " bytes");
        }
        for (int i = 0; i < count; i++) {
            int base = i * WSAPROTOCOL_INFOW_SIZE;
            int af = infos.getInt(base + WSAPROTOCOL_INFOW_IADDRESSFAMILY);
            int type = infos.getInt(base + WSAPROTOCOL_INFOW_ISOCKETTYPE);
            int protocol = infos.getInt(base + WSAPROTOCOL_INFOW_IPROTOCOL);
            if (af < 0 || type < 0) {
                continue;
            }
            String name = wideString(infos, base + WSAPROTOCOL_INFOW_SZPROTOCOL, WSAPROTOCOL_LEN + 1);
            out.add(WinsockHints.catalogEntry(name, af, type, protocol, WinsockNet::probeSocket));
        }
        return out;
    }

    /** Opens and closes a socket of this triple: 0 when it opened, else the WSA error. */
    private static int probeSocket(SocketSpec spec) {
        long s = Ws2_32.WSASocketW(WinsockHints.afOf(spec), spec.typeValue(), spec.protocolValue(), 0L, 0, SOCKET_FLAGS);
        if (s == INVALID_SOCKET) {
            return lastError();
        }
        Ws2_32.closesocket(s);
        return 0;
    }

    /** A NUL-terminated UTF-16LE string of at most {@code maxChars} WCHARs at {@code at}. */
    private static String wideString(ByteBuffer buf, int at, int maxChars) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < maxChars; i++) {
            char c = buf.getChar(at + 2 * i);
            if (c == 0) {
                break;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /**
     * The selector's poller: {@code -Dwsnio.winsock.poller=afd} (the default) or {@code wsapoll}.
     * A failing AFD poller throws, naming the NTSTATUS; there is no silent fallback.
     */
    @Override
    public NativePoller openPoller() throws IOException {
        String kind = pollerKind();
        switch (kind) {
            case "wsapoll":
                return new WsaPollPoller(this);
            case "afd":
                return new AfdPoller();
            default:
                throw new IllegalArgumentException("wsnio.winsock.poller=" + kind + ": expected afd or wsapoll");
        }
    }

    @Override
    public long directAddress(ByteBuffer direct) {
        return DirectBuffers.address(direct);
    }
}
