package io.wsnio.nativeio;

import io.wsnio.SocketSpec;
import java.io.IOException;
import java.net.SocketAddress;

/**
 * The native seam: every socket call wsnio makes, with primitives, {@code long} handles and
 * {@code long} memory addresses. Implemented once per backend (POSIX, Winsock); nothing above this
 * interface sees an errno, a platform constant or a pointer.
 *
 * <p>Conventions: data calls return a count (&gt;= 0) or a negative {@link IOStatus}; every real
 * error is thrown as an {@link IOException} that implements {@link io.wsnio.NativeError} and names
 * the error symbolically. Addresses passed in have been validated by the caller (family matches the
 * socket, resolved, non-null); the backend still range-checks every length against its scratch.
 * Handles are created non-inheritable.
 */
public interface NativeNet {

    /** Shutdown directions. */
    int SHUT_RD = 0, SHUT_WR = 1, SHUT_RDWR = 2;

    /** A short name for diagnostics, e.g. {@code posix-epoll}. */
    String name();

    /** The platform number of a symbolic family, or -1 when this platform has none. */
    int familyNumber(SocketSpec.Family family);

    /** The symbolic family of a platform family number, or null when it has no name here. */
    default SocketSpec.Family symbolicFamily(int nativeNumber) {
        for (SocketSpec.Family f : SocketSpec.Family.values()) {
            if (familyNumber(f) == nativeNumber) {
                return f;
            }
        }
        return null;
    }

    /** The symbolic family of a spec (mapping a native triple's number back). */
    default SocketSpec.Family familyOf(SocketSpec spec) {
        return spec.isNative() ? symbolicFamily(spec.nativeFamily()) : spec.family();
    }

    /**
     * The handle of this process's descriptor {@code fd} (0 is stdin, systemd passes sockets from
     * 3), when this platform passes sockets to a process as numbered descriptors; -1 where it does
     * not (Windows, where the JDK's {@code inheritedChannel()} is null too).
     */
    default long descriptorHandle(int fd) {
        return -1;
    }

    /**
     * The {@code socket()} call this backend makes for {@code spec}, with the platform's C names and
     * numbers (e.g. {@code socket(AF_PACKET 17, SOCK_DGRAM 2, 0)}), or null.
     */
    default String nativeCall(SocketSpec spec) {
        return null;
    }

    /**
     * The family of the open socket {@code handle}, made for {@code spec}: the spec's family, except
     * where the platform chose it (Winsock's AF_UNSPEC, resolved from the provider the socket is
     * bound to). Channels address their socket by this family.
     */
    default SocketSpec.Family familyOf(SocketSpec spec, long handle) throws IOException {
        return familyOf(spec);
    }

    /** Opens a socket for the triple; throws {@link io.wsnio.SocketCreationException} naming it. */
    long socket(SocketSpec spec, boolean blocking) throws IOException;

    /** Two connected stream handles (for {@code Pipe}): [0] source, [1] sink; both blocking. */
    /** The triple of the socket pair {@link #pipe} makes (a UNIX stream pair; loopback TCP on Windows). */
    default SocketSpec pipeSpec() {
        return SocketSpec.UNIX_STREAM;
    }

    void pipe(long[] out) throws IOException;

    void configureBlocking(long handle, boolean blocking) throws IOException;

    void bind(long handle, SocketSpec.Family family, SocketAddress local) throws IOException;

    void listen(long handle, int backlog) throws IOException;

    /**
     * Accepts a connection: the new handle (blocking, non-inheritable), or {@link IOStatus}.
     * {@code remote[0]} receives the peer address.
     */
    long accept(long handle, SocketSpec.Family family, SocketAddress[] remote) throws IOException;

    /** Starts or completes a connect: 0 when connected, else {@link IOStatus#UNAVAILABLE} (in progress) or INTERRUPTED. */
    int connect(long handle, SocketSpec.Family family, SocketAddress remote) throws IOException;

    /** After the handle polled writable: throws the connect's error, or returns normally when connected. */
    void checkConnect(long handle) throws IOException;

    /** Polls one handle: the ready {@link Readiness} bits, 0 on time-out, or INTERRUPTED. */
    int poll(long handle, int events, int timeoutMillis) throws IOException;

    int read(long handle, long address, int length) throws IOException;

    int write(long handle, long address, int length) throws IOException;

    /**
     * Whether the owner-taking {@code read}, {@code write}, {@code sendTo} and {@code receiveFrom}
     * hold a MemorySegment-backed owner's arena for the call. Where they do not, callers stage such
     * buffers through a direct buffer of their own instead of passing their address.
     */
    default boolean holdsArenas() {
        return false;
    }

    /**
     * {@link #read(long, long, int)} into memory of the direct buffer {@code owner}. A backend that
     * can keep a MemorySegment-backed buffer's arena from closing during the call (the POSIX
     * backend on the foreign bridge) does so, as the JDK's channels do: a close of a shared arena
     * then throws IllegalStateException while the call runs. Others read as without an owner.
     */
    default int read(long handle, long address, int length, java.nio.ByteBuffer owner) throws IOException {
        return read(handle, address, length);
    }

    /** {@link #write(long, long, int)} from memory of the direct buffer {@code owner}; see {@link #read(long, long, int, java.nio.ByteBuffer)}. */
    default int write(long handle, long address, int length, java.nio.ByteBuffer owner) throws IOException {
        return write(handle, address, length);
    }

    /** Scattering read into {@code count} (address, length) pairs; count &lt;= {@link #maxIov()}. */
    long readv(long handle, long[] addresses, int[] lengths, int count) throws IOException;

    /** Gathering write from {@code count} (address, length) pairs; count &lt;= {@link #maxIov()}. */
    long writev(long handle, long[] addresses, int[] lengths, int count) throws IOException;

    /** The most buffers one readv/writev takes. */
    int maxIov();

    /** Sends one datagram to {@code target} (null when connected). */
    int sendTo(long handle, long address, int length, SocketSpec.Family family, SocketAddress target) throws IOException;

    /** {@link #sendTo} from memory of the direct buffer {@code owner}; see {@link #read(long, long, int, java.nio.ByteBuffer)}. */
    default int sendTo(long handle, long address, int length, SocketSpec.Family family, SocketAddress target,
            java.nio.ByteBuffer owner) throws IOException {
        return sendTo(handle, address, length, family, target);
    }

    /**
     * Receives one datagram; {@code from[0]} receives the source. Returns the byte count (truncated
     * to length) or IOStatus. On entry {@code from[0]} may hold the caller's previous sender: a
     * backend may leave it in place, undecoded, when the datagram's source is that same address.
     */
    int receiveFrom(long handle, long address, int length, SocketSpec.Family family, SocketAddress[] from) throws IOException;

    /** {@link #receiveFrom} into memory of the direct buffer {@code owner}; see {@link #read(long, long, int, java.nio.ByteBuffer)}. */
    default int receiveFrom(long handle, long address, int length, SocketSpec.Family family, SocketAddress[] from,
            java.nio.ByteBuffer owner) throws IOException {
        return receiveFrom(handle, address, length, family, from);
    }

    /**
     * Sends one byte of urgent (out-of-band, MSG_OOB) data on a stream socket. Returns 1, or
     * IOStatus when the call would block or was interrupted.
     */
    default int sendUrgent(long handle, byte data) throws IOException {
        throw new UnsupportedOperationException("urgent data is not implemented by the " + name() + " backend");
    }

    /** The most datagrams one {@link #sendMany}/{@link #receiveMany} call takes. */
    int MAX_BATCH = 1024;

    /**
     * Sends {@code count} datagrams, datagram i being ({@code addresses[i]}, {@code lengths[i]}),
     * all to {@code target} (null when connected), in as few system calls as the platform allows
     * (Linux {@code sendmmsg}). Returns how many datagrams were sent (a prefix of the batch), or
     * IOStatus when none was. count &lt;= {@link #MAX_BATCH}.
     */
    default int sendMany(long handle, long[] addresses, int[] lengths, int count, SocketSpec.Family family,
            SocketAddress target) throws IOException {
        throw new UnsupportedOperationException("batched send is not implemented by the " + name() + " backend");
    }

    /**
     * Receives up to {@code count} datagrams into ({@code addresses[i]}, {@code lengths[i]}); on a
     * blocking socket waits for the first and then takes only what is queued (Linux
     * {@code recvmmsg} with MSG_WAITFORONE). {@code received[i]} gets datagram i's length
     * (truncated to lengths[i]); {@code from[i]} its source when {@code from} is non-null. Returns
     * the number of datagrams, or IOStatus when none was received. count &lt;= {@link #MAX_BATCH}.
     */
    default int receiveMany(long handle, long[] addresses, int[] lengths, int count, SocketSpec.Family family,
            int[] received, SocketAddress[] from) throws IOException {
        throw new UnsupportedOperationException("batched receive is not implemented by the " + name() + " backend");
    }

    /**
     * Sends {@code length} bytes as datagrams of {@code segmentSize} bytes (the last one may be
     * shorter) with one system call through UDP segmentation offload (Linux UDP_SEGMENT, Windows
     * UDP_SEND_MSG_SIZE). Returns the bytes sent, or IOStatus.
     */
    default int sendSegmented(long handle, long address, int length, int segmentSize, SocketSpec.Family family,
            SocketAddress target) throws IOException {
        throw new UnsupportedOperationException("UDP segmentation offload is not implemented by the " + name() + " backend");
    }

    /**
     * As {@link #sendSegmented}, the bytes gathered from {@code count} (address, length) pairs
     * (count &lt;= {@link #maxIov()}); segment boundaries fall every {@code segmentSize} bytes of
     * the whole, not at the pairs' edges.
     */
    default int sendSegmented(long handle, long[] addresses, int[] lengths, int count, int segmentSize,
            SocketSpec.Family family, SocketAddress target) throws IOException {
        throw new UnsupportedOperationException("UDP segmentation offload is not implemented by the " + name() + " backend");
    }

    /**
     * As {@link #receiveFrom}, and {@code segment[0]} receives the coalesced segment size the kernel
     * reported with a coalesced (UDP GRO) datagram, 0 when the datagram was not coalesced, or
     * {@link ControlMessages#SEGMENT_UNKNOWN} when the kernel truncated the control data (MSG_CTRUNC)
     * and no report is in what is left (the datagram is still returned: it was consumed).
     */
    default int receiveCoalesced(long handle, long address, int length, SocketSpec.Family family, SocketAddress[] from,
            int[] segment) throws IOException {
        throw new UnsupportedOperationException("UDP receive coalescing is not implemented by the " + name() + " backend");
    }

    /** Dissolves a datagram socket's association (connect to AF_UNSPEC). */
    default void disconnect(long handle) throws IOException {
        throw new UnsupportedOperationException("disconnect is not implemented by the " + name() + " backend");
    }

    /** Multicast membership operations for {@link #multicast}. */
    int MCAST_JOIN = 0, MCAST_LEAVE = 1, MCAST_BLOCK = 2, MCAST_UNBLOCK = 3, MCAST_JOIN_SOURCE = 4,
            MCAST_LEAVE_SOURCE = 5;

    /**
     * Joins, leaves, blocks or unblocks multicast {@code group} on interface {@code interfaceIndex}
     * (0: the default); {@code source} is the source for source-specific and block operations,
     * else null. The group's family chooses IPv4 or IPv6 membership.
     */
    default void multicast(long handle, int op, java.net.InetAddress group, int interfaceIndex,
            java.net.InetAddress source) throws IOException {
        throw new UnsupportedOperationException("multicast membership is not implemented by the " + name() + " backend");
    }

    void shutdown(long handle, int how) throws IOException;

    /** Pre-close: makes every thread blocked in a native call on this handle return. Never throws. */
    void unblock(long handle);

    /**
     * Pre-close of a connected stream socket whose SO_LINGER is 0: like {@link #unblock}, but the
     * peer must get a reset, never an orderly end of stream (a shutdown would send one). Never
     * throws. The default is {@link #unblock}.
     */
    default void abort(long handle) {
        unblock(handle);
    }

    void close(long handle) throws IOException;

    SocketAddress localAddress(long handle, SocketSpec.Family family) throws IOException;

    /** The peer address, or null when not connected. */
    SocketAddress remoteAddress(long handle, SocketSpec.Family family) throws IOException;

    int getIntOption(long handle, SockOpt option) throws IOException;

    void setIntOption(long handle, SockOpt option, int value) throws IOException;

    /** True when this platform has the option (no call is made). */
    boolean hasOption(SockOpt option);

    /** getsockopt of a byte-valued option into {@code value}; returns the length written. */
    default int getBytesOption(long handle, SockOpt option, byte[] value) throws IOException {
        throw new UnsupportedOperationException(option + " is not available on this platform");
    }

    /** setsockopt of a byte-valued option. */
    default void setBytesOption(long handle, SockOpt option, byte[] value) throws IOException {
        throw new UnsupportedOperationException(option + " is not available on this platform");
    }

    /**
     * Whether this backend takes {@code option}, one of wsnio's options whose value is a Java object
     * the backend itself checks and lays out as its platform's structure (Winsock's PGM options,
     * {@code WsnioSocketOptions.RM_*}). No call is made.
     */
    default boolean hasProtocolOption(java.net.SocketOption<?> option) {
        return false;
    }

    /**
     * setsockopt of a {@linkplain #hasProtocolOption protocol option}: the value is checked in Java
     * first ({@code IllegalArgumentException}; {@code SocketException} for a read-only option).
     */
    default void setProtocolOption(long handle, java.net.SocketOption<?> option, Object value) throws IOException {
        throw new UnsupportedOperationException(option + " is not available on this platform");
    }

    /** getsockopt of a {@linkplain #hasProtocolOption protocol option}, as its Java value. */
    default Object getProtocolOption(long handle, java.net.SocketOption<?> option) throws IOException {
        throw new UnsupportedOperationException(option + " is not available on this platform");
    }

    /** getsockopt with platform numbers; returns the length written into {@code value}. */
    int getRawOption(long handle, int level, int name, byte[] value) throws IOException;

    /** setsockopt with platform numbers. */
    void setRawOption(long handle, int level, int name, byte[] value) throws IOException;

    /** Bytes ready to read (FIONREAD). */
    int available(long handle) throws IOException;

    /**
     * The triples the operating system lists as installed (Winsock: {@code WSAEnumProtocolsW}),
     * each entry accepted; or null when the platform has no such catalog and
     * {@link io.wsnio.ProtocolCatalog} should probe its seed triples with {@link #socket} instead
     * (POSIX).
     */
    default java.util.List<io.wsnio.ProtocolCatalog.Entry> protocolCatalog() throws IOException {
        return null;
    }

    /** A new poller for a selector. */
    NativePoller openPoller() throws IOException;

    /**
     * A new one-shot poller for threads that park while a socket is not ready (virtual threads):
     * by default {@link QueuedOneShotPoller} over {@link #openPoller()}; a backend with a cheaper
     * thread-safe one-shot primitive (epoll) overrides it.
     */
    default OneShotPoller openOneShotPoller() throws IOException {
        return new QueuedOneShotPoller(openPoller());
    }

    /** The address of a direct buffer's memory (position 0). */
    long directAddress(java.nio.ByteBuffer direct);
}
