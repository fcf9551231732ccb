package io.wsnio.backend.posix;

import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.nativeio.ControlMessages;
import io.wsnio.nativeio.IOStatus;
import io.wsnio.nativeio.NativeErrors;
import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.NativePoller;
import io.wsnio.nativeio.OneShotPoller;
import io.wsnio.nativeio.SockOpt;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * The POSIX (Linux) backend: libc socket calls through {@link LibC}. EINTR is retried here, so
 * callers never see it; EAGAIN/EINPROGRESS become {@link IOStatus#UNAVAILABLE}; every other errno
 * becomes an exception through {@link NativeErrors} carrying its symbolic name.
 */
public final class PosixNet implements NativeNet {

    public PosixNet() {
        // force libc binding now so a failure surfaces at backend selection
        LibC.getsockopt(-1, 0, 0, 0L, 0L);
    }

    /** The backend, for reflective selection. */
    public static PosixNet create() {
        LinuxAbi.checkSupported(System.getProperty("os.name"), System.getProperty("os.arch"),
                LibC.pointerSize());
        return new PosixNet();
    }

    @Override
    public String name() {
        return "posix-epoll-" + LibC.bridge();
    }

    @Override
    public int familyNumber(Family family) {
        return LinuxHints.familyNumber(family);
    }

    @Override
    public String nativeCall(SocketSpec spec) {
        return LinuxHints.nativeCall(spec);
    }

    static IOException error(String call) {
        int errno = LibC.errno();
        return NativeErrors.exception(call, Errno.name(errno), errno, Errno.description(errno));
    }

    /** {@link #error} for a failed setsockopt: a refusal for lack of a capability names it. */
    static IOException optionError(String call, int level, int name) {
        int errno = LibC.errno();
        String hint = LinuxHints.optionHint(level, name, errno);
        String description = Errno.description(errno) + (hint == null ? "" : ": " + hint);
        return NativeErrors.exception(call, Errno.name(errno), errno, description);
    }

    /** {@link #failure}'s answer for EINTR: call again. */
    private static final int RETRY = Integer.MIN_VALUE;

    /**
     * After a data call returned -1: {@link IOStatus#UNAVAILABLE} for EAGAIN (nothing to do
     * without blocking), {@link #RETRY} for EINTR (a signal interrupted the call: it is repeated,
     * never surfaced), otherwise the errno as an exception naming the call.
     */
    private static int failure(String call) throws IOException {
        int errno = LibC.errno();
        if (errno == LinuxAbi.EAGAIN) {
            return IOStatus.UNAVAILABLE;
        }
        if (errno == LinuxAbi.EINTR) {
            return RETRY;
        }
        throw NativeErrors.exception(call, Errno.name(errno), errno, Errno.description(errno));
    }

    @Override
    public long descriptorHandle(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + fd);
        }
        return fd;
    }

    private static int fd(long handle) {
        if (handle < 0 || handle > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a file descriptor: " + handle);
        }
        return (int) handle;
    }

    @Override
    public long socket(SocketSpec spec, boolean blocking) throws IOException {
        int af = spec.isNative() ? spec.nativeFamily() : familyNumber(spec.family());
        if (af < 0) {
            throw NativeErrors.socketRefused(spec, "EAFNOSUPPORT", 97, "address family " + spec.family()
                    + " does not exist on Linux", null);
        }
        int type = spec.typeValue() | LinuxAbi.SOCK_CLOEXEC | (blocking ? 0 : LinuxAbi.SOCK_NONBLOCK);
        int fd = LibC.socket(af, type, spec.protocolValue());
        if (fd < 0) {
            int errno = LibC.errno();
            throw NativeErrors.socketRefused(spec, LinuxHints.nativeCall(spec), Errno.name(errno), errno,
                    Errno.description(errno), LinuxHints.socketHint(spec, errno));
        }
        return fd;
    }

    @Override
    public void pipe(long[] out) throws IOException {
        Scratch s = Scratch.get();
        if (LibC.socketpair(LinuxAbi.AF_UNIX, LinuxAbi.SOCK_STREAM | LinuxAbi.SOCK_CLOEXEC, 0, s.address + Scratch.PAIR) < 0) {
            throw error("socketpair");
        }
        out[0] = s.buf.getInt(Scratch.PAIR);
        out[1] = s.buf.getInt(Scratch.PAIR + 4);
    }

    @Override
    public void configureBlocking(long handle, boolean blocking) throws IOException {
        Scratch s = Scratch.get();
        s.buf.putInt(Scratch.OPTVAL, blocking ? 0 : 1);
        if (LibC.ioctl(fd(handle), LinuxAbi.FIONBIO, s.address + Scratch.OPTVAL) < 0) {
            throw error("ioctl(FIONBIO)");
        }
    }

    @Override
    public void bind(long handle, Family family, SocketAddress local) throws IOException {
        Scratch s = Scratch.get();
        int len = SockAddrs.encode(s.buf, Scratch.SOCKADDR, family, local);
        if (LibC.bind(fd(handle), s.address + Scratch.SOCKADDR, len) < 0) {
            throw error("bind");
        }
    }

    @Override
    public void listen(long handle, int backlog) throws IOException {
        if (LibC.listen(fd(handle), backlog) < 0) {
            throw error("listen");
        }
    }

    @Override
    public long accept(long handle, Family family, SocketAddress[] remote) throws IOException {
        Scratch s = Scratch.get();
        int fd = fd(handle);
        for (;;) {
            s.buf.putInt(Scratch.SOCKLEN, LinuxAbi.SOCKADDR_STORAGE_SIZE);
            int r = LibC.accept4(fd, s.address + Scratch.SOCKADDR, s.address + Scratch.SOCKLEN, LinuxAbi.SOCK_CLOEXEC);
            if (r >= 0) {
                try {
                    remote[0] = SockAddrs.decode(s.buf, Scratch.SOCKADDR, s.buf.getInt(Scratch.SOCKLEN));
                } catch (IOException | RuntimeException e) {
                    LibC.close(r); // the accepted descriptor is nobody's yet
                    throw e;
                }
                return r;
            }
            int status = failure("accept");
            if (status != RETRY) {
                return status;
            }
        }
    }

    @Override
    public int connect(long handle, Family family, SocketAddress remote) throws IOException {
        Scratch s = Scratch.get();
        int len = SockAddrs.encode(s.buf, Scratch.SOCKADDR, family, remote);
        int fd = fd(handle);
        if (LibC.connect(fd, s.address + Scratch.SOCKADDR, len) == 0) {
            return 0;
        }
        int errno = LibC.errno();
        if (errno == LinuxAbi.EINPROGRESS || errno == LinuxAbi.EAGAIN) {
            return IOStatus.UNAVAILABLE;
        }
        if (errno == LinuxAbi.EINTR) {
            // the connect goes on in the kernel: wait for its outcome
            return IOStatus.INTERRUPTED;
        }
        throw NativeErrors.exception("connect", Errno.name(errno), errno, Errno.description(errno));
    }

    @Override
    public void checkConnect(long handle) throws IOException {
        int err = getIntOption(handle, SockOpt.SO_ERROR);
        if (err != 0) {
            throw NativeErrors.exception("connect", Errno.name(err), err, Errno.description(err));
        }
    }

    @Override
    public int poll(long handle, int events, int timeoutMillis) throws IOException {
        Scratch s = Scratch.get();
        long pfd = s.address + Scratch.POLLFD;
        s.buf.putInt(Scratch.POLLFD, fd(handle));
        s.buf.putShort(Scratch.POLLFD + 4, (short) events);
        s.buf.putShort(Scratch.POLLFD + 6, (short) 0);
        int r = LibC.poll(pfd, 1, timeoutMillis);
        if (r < 0) {
            int errno = LibC.errno();
            if (errno == LinuxAbi.EINTR) {
                return IOStatus.INTERRUPTED;
            }
            throw NativeErrors.exception("poll", Errno.name(errno), errno, Errno.description(errno));
        }
        return r == 0 ? 0 : s.buf.getShort(Scratch.POLLFD + 6) & 0xffff;
    }

    @Override
    public int read(long handle, long address, int length) throws IOException {
        return read(handle, address, length, null);
    }

    /** On the foreign bridge a MemorySegment-backed {@code owner}'s arena is held for the call (LibC). */
    @Override
    public int read(long handle, long address, int length, ByteBuffer owner) throws IOException {
        checkRange(address, length);
        int fd = fd(handle);
        for (;;) {
            long n = LibC.read(fd, address, length, owner);
            if (n >= 0) {
                return (int) n;
            }
            int status = failure("read");
            if (status != RETRY) {
                return status;
            }
        }
    }

    @Override
    public int write(long handle, long address, int length) throws IOException {
        return write(handle, address, length, null);
    }

    /** On the foreign bridge a MemorySegment-backed {@code owner}'s arena is held for the call (LibC). */
    @Override
    public int write(long handle, long address, int length, ByteBuffer owner) throws IOException {
        checkRange(address, length);
        int fd = fd(handle);
        for (;;) {
            long n = LibC.send(fd, address, length, LinuxAbi.MSG_NOSIGNAL, owner);
            if (n >= 0) {
                return (int) n;
            }
            int status = failure("write");
            if (status != RETRY) {
                return status;
            }
        }
    }

    /**
     * A length that would reach the kernel as a huge size_t (negative), or a null address with a
     * length, is a caller's bug: refused before the call.
     */
    private static void checkRange(long address, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        if (address == 0 && length != 0) {
            throw new IllegalArgumentException("null address with length " + length);
        }
    }

    @Override
    public int sendUrgent(long handle, byte data) throws IOException {
        Scratch s = Scratch.get();
        s.buf.put(Scratch.OPTVAL, data);
        int fd = fd(handle);
        for (;;) {
            long n = LibC.send(fd, s.address + Scratch.OPTVAL, 1, LinuxAbi.MSG_OOB | LinuxAbi.MSG_NOSIGNAL);
            if (n >= 0) {
                return (int) n;
            }
            int status = failure("send(MSG_OOB)");
            if (status != RETRY) {
                return status;
            }
        }
    }

    private static void fillIov(Scratch s, long[] addresses, int[] lengths, int count) {
        if (count < 0 || count > Scratch.MAX_IOV) {
            throw new IllegalArgumentException("iovec count out of range: " + count);
        }
        ByteBuffer b = s.buf;
        for (int i = 0; i < count; i++) {
            checkRange(addresses[i], lengths[i]);
            b.putLong(Scratch.IOV + LinuxAbi.IOVEC_SIZE * i + LinuxAbi.IOV_BASE, addresses[i]);
            b.putLong(Scratch.IOV + LinuxAbi.IOVEC_SIZE * i + LinuxAbi.IOV_LEN, lengths[i]);
        }
    }

    @Override
    public long readv(long handle, long[] addresses, int[] lengths, int count) throws IOException {
        Scratch s = Scratch.get();
        fillIov(s, addresses, lengths, count);
        int fd = fd(handle);
        for (;;) {
            long n = LibC.readv(fd, s.address + Scratch.IOV, count);
            if (n >= 0) {
                return n;
            }
            int status = failure("readv");
            if (status != RETRY) {
                return status;
            }
        }
    }

    @Override
    public long writev(long handle, long[] addresses, int[] lengths, int count) throws IOException {
        Scratch s = Scratch.get();
        fillIov(s, addresses, lengths, count);
        ByteBuffer b = s.buf;
        // struct msghdr: name(8) namelen(4+4) iov(8) iovlen(8) control(8) controllen(8) flags(4+4)
        for (int i = 0; i < LinuxAbi.MSGHDR_SIZE; i += 8) {
            b.putLong(Scratch.MSGHDR + i, 0L);
        }
        b.putLong(Scratch.MSGHDR + LinuxAbi.MSG_IOV, s.address + Scratch.IOV);
        b.putLong(Scratch.MSGHDR + LinuxAbi.MSG_IOVLEN, count);
        int fd = fd(handle);
        for (;;) {
            long n = LibC.sendmsg(fd, s.address + Scratch.MSGHDR, LinuxAbi.MSG_NOSIGNAL);
            if (n >= 0) {
                return n;
            }
            int status = failure("writev");
            if (status != RETRY) {
                return status;
            }
        }
    }

    @Override
    public int maxIov() {
        return Scratch.MAX_IOV;
    }

    @Override
    public int sendTo(long handle, long address, int length, Family family, SocketAddress target) throws IOException {
        return sendTo(handle, address, length, family, target, null);
    }

    /** On the foreign bridge a MemorySegment-backed {@code owner}'s arena is held for the call (LibC). */
    @Override
    public int sendTo(long handle, long address, int length, Family family, SocketAddress target, ByteBuffer owner)
            throws IOException {
        Scratch s = Scratch.get();
        int alen = target == null ? 0 : SockAddrs.encode(s.buf, Scratch.SOCKADDR, family, target);
        long aaddr = target == null ? 0L : s.address + Scratch.SOCKADDR;
        int fd = fd(handle);
        for (;;) {
            long n = LibC.sendto(fd, address, length, LinuxAbi.MSG_NOSIGNAL, aaddr, alen, owner);
            if (n >= 0) {
                return (int) n;
            }
            int status = failure("sendto");
            if (status != RETRY) {
                return status;
            }
        }
    }

    /**
     * The source of a datagram already taken from the socket: {@code previous} (the caller's last
     * sender) when it is the same address and port (IPv6: and scope), else decoded; decoding must not throw, or the
     * datagram would be lost. A UNIX-domain path this JVM cannot represent reads as no address
     * (null), as an unnamed sender's does.
     */
    private static SocketAddress source(ByteBuffer b, int off, int len, SocketAddress previous) throws IOException {
        if (previous != null && SockAddrs.isSameInet(b, off, len, previous)) {
            return previous; // the same sender again: nothing decoded, nothing allocated
        }
        try {
            return SockAddrs.decodeSource(b, off, len);
        } catch (SockAddrs.UnrepresentablePathException e) {
            return null;
        }
    }

    @Override
    public int receiveFrom(long handle, long address, int length, Family family, SocketAddress[] from) throws IOException {
        return receiveFrom(handle, address, length, family, from, null);
    }

    /** On the foreign bridge a MemorySegment-backed {@code owner}'s arena is held for the call (LibC). */
    @Override
    public int receiveFrom(long handle, long address, int length, Family family, SocketAddress[] from, ByteBuffer owner)
            throws IOException {
        Scratch s = Scratch.get();
        int fd = fd(handle);
        for (;;) {
            s.buf.putInt(Scratch.SOCKLEN, LinuxAbi.SOCKADDR_STORAGE_SIZE);
            long n = LibC.recvfrom(fd, address, length, 0, s.address + Scratch.SOCKADDR, s.address + Scratch.SOCKLEN, owner);
            if (n >= 0) {
                from[0] = source(s.buf, Scratch.SOCKADDR, s.buf.getInt(Scratch.SOCKLEN), from[0]);
                return (int) n;
            }
            int status = failure("recvfrom");
            if (status != RETRY) {
                return status;
            }
        }
    }

    /** Fills mmsghdr i: name (0 for none), one iovec. */
    private static void fillMmsg(BatchScratch b, int i, long name, int nameLen, long address, int length) {
        ByteBuffer buf = b.buf;
        int m = b.mmsg(i);
        int v = b.iov(i);
        buf.putLong(v, address);
        buf.putLong(v + LinuxAbi.IOV_LEN, length & 0xffffffffL);
        buf.putLong(m, name);
        buf.putLong(m + LinuxAbi.MSG_NAMELEN, nameLen & 0xffffffffL);   // msg_namelen and its padding
        buf.putLong(m + LinuxAbi.MSG_IOV, b.address + v);          // msg_iov
        buf.putLong(m + LinuxAbi.MSG_IOVLEN, 1L);                     // msg_iovlen
        buf.putLong(m + LinuxAbi.MSG_CONTROL, 0L);                     // msg_control
        buf.putLong(m + LinuxAbi.MSG_CONTROLLEN, 0L);                     // msg_controllen
        buf.putLong(m + LinuxAbi.MSG_FLAGS, 0L);                     // msg_flags and padding
        buf.putLong(m + LinuxAbi.MMSGHDR_LEN_OFFSET, 0L); // msg_len and padding
    }

    @Override
    public int sendMany(long handle, long[] addresses, int[] lengths, int count, Family family, SocketAddress target)
            throws IOException {
        BatchScratch b = BatchScratch.get(count);
        int alen = target == null ? 0 : SockAddrs.encode(b.buf, BatchScratch.TARGET, family, target);
        long aaddr = target == null ? 0L : b.address + BatchScratch.TARGET;
        for (int i = 0; i < count; i++) {
            fillMmsg(b, i, aaddr, alen, addresses[i], lengths[i]);
        }
        int fd = fd(handle);
        for (;;) {
            int n = LibC.sendmmsg(fd, b.address + b.mmsg(0), count, LinuxAbi.MSG_NOSIGNAL);
            if (n >= 0) {
                return n;
            }
            int status = failure("sendmmsg");
            if (status != RETRY) {
                return status;
            }
        }
    }

    @Override
    public int receiveMany(long handle, long[] addresses, int[] lengths, int count, Family family, int[] received,
            SocketAddress[] from) throws IOException {
        BatchScratch b = BatchScratch.get(count);
        for (int i = 0; i < count; i++) {
            if (from == null) {
                fillMmsg(b, i, 0L, 0, addresses[i], lengths[i]);
            } else {
                fillMmsg(b, i, b.address + b.name(i), LinuxAbi.SOCKADDR_STORAGE_SIZE, addresses[i], lengths[i]);
            }
        }
        int fd = fd(handle);
        for (;;) {
            // MSG_WAITFORONE: a blocking socket waits for the first datagram only, then takes what is queued
            int n = LibC.recvmmsg(fd, b.address + b.mmsg(0), count, LinuxAbi.MSG_WAITFORONE, 0L);
            if (n >= 0) {
                ByteBuffer buf = b.buf;
                for (int i = 0; i < n; i++) {
                    int m = b.mmsg(i);
                    received[i] = buf.getInt(m + LinuxAbi.MMSGHDR_LEN_OFFSET);
                    if (from != null) {
                        from[i] = source(buf, b.name(i), buf.getInt(m + LinuxAbi.MSG_NAMELEN), i > 0 ? from[i - 1] : null);
                    }
                }
                return n;
            }
            int status = failure("recvmmsg");
            if (status != RETRY) {
                return status;
            }
        }
    }

    /** struct msghdr in the scratch: name, one iovec, control at OPTVAL. */
    private static void fillMsghdr(Scratch s, long name, int nameLen, long address, int length, int controlLen) {
        fillMsghdr(s, name, nameLen, address, length, Scratch.OPTVAL, controlLen);
    }

    /** struct msghdr in the scratch: name, one iovec, {@code controlLen} bytes of control at {@code control}. */
    private static void fillMsghdr(Scratch s, long name, int nameLen, long address, int length, int control, int controlLen) {
        ByteBuffer b = s.buf;
        b.putLong(Scratch.IOV, address);
        b.putLong(Scratch.IOV + LinuxAbi.IOV_LEN, length & 0xffffffffL);
        b.putLong(Scratch.MSGHDR, name);
        b.putLong(Scratch.MSGHDR + LinuxAbi.MSG_NAMELEN, nameLen & 0xffffffffL);
        b.putLong(Scratch.MSGHDR + LinuxAbi.MSG_IOV, s.address + Scratch.IOV);
        b.putLong(Scratch.MSGHDR + LinuxAbi.MSG_IOVLEN, 1L);
        b.putLong(Scratch.MSGHDR + LinuxAbi.MSG_CONTROL, controlLen == 0 ? 0L : s.address + control);
        b.putLong(Scratch.MSGHDR + LinuxAbi.MSG_CONTROLLEN, controlLen);
        b.putLong(Scratch.MSGHDR + LinuxAbi.MSG_FLAGS, 0L);
    }

    private static final int CMSG_SPACE_INT = LinuxAbi.CMSGHDR_SIZE + 8;

    @Override
    public int sendSegmented(long handle, long address, int length, int segmentSize, Family family, SocketAddress target)
            throws IOException {
        Scratch s = Scratch.get();
        fillMsghdr(s, 0L, 0, address, length, CMSG_SPACE_INT);
        return sendSegmented(s, handle, 1, segmentSize, family, target);
    }

    @Override
    public int sendSegmented(long handle, long[] addresses, int[] lengths, int count, int segmentSize, Family family,
            SocketAddress target) throws IOException {
        Scratch s = Scratch.get();
        fillIov(s, addresses, lengths, count);
        fillMsghdr(s, 0L, 0, addresses[0], lengths[0], CMSG_SPACE_INT);
        return sendSegmented(s, handle, count, segmentSize, family, target);
    }

    /** sendmsg of the msghdr in the scratch with {@code iovCount} iovecs and a UDP_SEGMENT cmsg. */
    private int sendSegmented(Scratch s, long handle, int iovCount, int segmentSize, Family family, SocketAddress target)
            throws IOException {
        ByteBuffer b = s.buf;
        if (target != null) {
            int alen = SockAddrs.encode(b, Scratch.SOCKADDR, family, target);
            b.putLong(Scratch.MSGHDR, s.address + Scratch.SOCKADDR);
            b.putLong(Scratch.MSGHDR + LinuxAbi.MSG_NAMELEN, alen);
        }
        b.putLong(Scratch.MSGHDR + LinuxAbi.MSG_IOVLEN, iovCount);
        // one cmsghdr {len = CMSG_LEN(2), SOL_UDP, UDP_SEGMENT} and a uint16_t segment size
        b.putLong(Scratch.OPTVAL, LinuxAbi.CMSGHDR_SIZE + 2);
        b.putInt(Scratch.OPTVAL + LinuxAbi.CMSG_LEVEL, LinuxAbi.SOL_UDP);
        b.putInt(Scratch.OPTVAL + LinuxAbi.CMSG_TYPE, LinuxAbi.UDP_SEGMENT);
        b.putLong(Scratch.OPTVAL + LinuxAbi.CMSGHDR_SIZE, 0L);
        b.putShort(Scratch.OPTVAL + LinuxAbi.CMSGHDR_SIZE, (short) segmentSize);
        int fd = fd(handle);
        for (;;) {
            long n = LibC.sendmsg(fd, s.address + Scratch.MSGHDR, LinuxAbi.MSG_NOSIGNAL);
            if (n >= 0) {
                return (int) n;
            }
            int status = failure("sendmsg(UDP_SEGMENT)");
            if (status != RETRY) {
                return status;
            }
        }
    }

    @Override
    public int receiveCoalesced(long handle, long address, int length, Family family, SocketAddress[] from, int[] segment)
            throws IOException {
        Scratch s = Scratch.get();
        int fd = fd(handle);
        for (;;) {
            // the control area has room for every control message UDP puts before UDP_GRO (the
            // socket-level timestamps, drop count and mark) and for the IP-level ones after it
            fillMsghdr(s, s.address + Scratch.SOCKADDR, LinuxAbi.SOCKADDR_STORAGE_SIZE, address, length,
                    Scratch.CONTROL, Scratch.CONTROL_SIZE);
            long n = LibC.recvmsg(fd, s.address + Scratch.MSGHDR, 0);
            if (n >= 0) {
                ByteBuffer b = s.buf;
                from[0] = source(b, Scratch.SOCKADDR, b.getInt(Scratch.MSGHDR + LinuxAbi.MSG_NAMELEN), from[0]);
                boolean truncated = (b.getInt(Scratch.MSGHDR + LinuxAbi.MSG_FLAGS) & LinuxAbi.MSG_CTRUNC) != 0;
                segment[0] = ControlMessages.segmentSize(b, Scratch.CONTROL, b.getLong(Scratch.MSGHDR + LinuxAbi.MSG_CONTROLLEN),
                        Scratch.CONTROL_SIZE, LinuxAbi.CMSGHDR_SIZE, LinuxAbi.CMSG_LEVEL, LinuxAbi.CMSG_TYPE,
                        LinuxAbi.SOL_UDP, LinuxAbi.UDP_GRO, truncated);
                return (int) n;
            }
            int status = failure("recvmsg");
            if (status != RETRY) {
                return status;
            }
        }
    }

    @Override
    public void disconnect(long handle) throws IOException {
        Scratch s = Scratch.get();
        for (int i = 0; i < LinuxAbi.SOCKADDR_STORAGE_SIZE; i += 8) {
            s.buf.putLong(Scratch.SOCKADDR + i, 0L); // sa_family = AF_UNSPEC (0)
        }
        if (LibC.connect(fd(handle), s.address + Scratch.SOCKADDR, LinuxAbi.SOCKADDR_IN6_SIZE) < 0) {
            int errno = LibC.errno();
            if (!"EAFNOSUPPORT".equals(Errno.name(errno))) { // some kernels report it after dissolving
                throw NativeErrors.exception("connect(AF_UNSPEC)", Errno.name(errno), errno, Errno.description(errno));
            }
        }
    }

    @Override
    public void multicast(long handle, int op, java.net.InetAddress group, int interfaceIndex,
            java.net.InetAddress source) throws IOException {
        int name;
        switch (op) {
            case MCAST_JOIN: name = LinuxAbi.MCAST_JOIN_GROUP; break;
            case MCAST_LEAVE: name = LinuxAbi.MCAST_LEAVE_GROUP; break;
            case MCAST_BLOCK: name = LinuxAbi.MCAST_BLOCK_SOURCE; break;
            case MCAST_UNBLOCK: name = LinuxAbi.MCAST_UNBLOCK_SOURCE; break;
            case MCAST_JOIN_SOURCE: name = LinuxAbi.MCAST_JOIN_SOURCE_GROUP; break;
            case MCAST_LEAVE_SOURCE: name = LinuxAbi.MCAST_LEAVE_SOURCE_GROUP; break;
            default: throw new IllegalArgumentException("multicast op " + op);
        }
        boolean v4 = group instanceof java.net.Inet4Address;
        Family f = v4 ? Family.INET : Family.INET6;
        if (name != LinuxAbi.MCAST_JOIN_GROUP && name != LinuxAbi.MCAST_LEAVE_GROUP && source == null) {
            throw new IllegalArgumentException("a source is required for multicast op " + op);
        }
        // struct group_req { u32 interface; (pad) sockaddr_storage group; } and group_source_req
        // { u32 interface; (pad) sockaddr_storage group; sockaddr_storage source; }: rare calls,
        // so a one-off buffer rather than the per-thread scratch
        int ss = LinuxAbi.SOCKADDR_STORAGE_SIZE;
        ByteBuffer b = ByteBuffer.allocateDirect(8 + 2 * ss).order(java.nio.ByteOrder.nativeOrder());
        b.putInt(0, interfaceIndex);
        SockAddrs.encode(b, 8, f, new java.net.InetSocketAddress(group, 0));
        int len = 8 + ss;
        if (source != null) {
            SockAddrs.encode(b, 8 + ss, f, new java.net.InetSocketAddress(source, 0));
            len += ss;
        }
        int level = v4 ? LinuxAbi.IPPROTO_IP : LinuxAbi.IPPROTO_IPV6;
        if (LibC.setsockopt(fd(handle), level, name, directAddress(b), len) < 0) {
            throw error("setsockopt(MCAST op " + op + ")");
        }
    }

    @Override
    public void shutdown(long handle, int how) throws IOException {
        if (LibC.shutdown(fd(handle), how) < 0 && LibC.errno() != LinuxAbi.ENOTCONN) {
            // ENOTCONN: the peer reset the connection; the shutdown is moot, as on the JDK
            throw error("shutdown");
        }
    }

    @Override
    public void unblock(long handle) {
        // shutdown wakes every thread in recv/send/accept/connect/poll on this socket and stays
        // in force, so a thread that enters the kernel afterwards returns at once as well
        LibC.shutdown(fd(handle), SHUT_RDWR);
    }

    @Override
    public void abort(long handle) {
        // connect(AF_UNSPEC) disconnects a TCP socket as a close with SO_LINGER 0 does: it sends
        // the reset and wakes every thread blocked on the socket with an error, without the FIN a
        // shutdown would send first. Anything it does not apply to gets the ordinary wake-up.
        Scratch s = Scratch.get();
        s.buf.putLong(Scratch.SOCKADDR, 0L).putLong(Scratch.SOCKADDR + 8, 0L);
        s.buf.putShort(Scratch.SOCKADDR, (short) LinuxAbi.AF_UNSPEC); // sa_family
        if (LibC.connect(fd(handle), s.address + Scratch.SOCKADDR, 16) < 0) {
            unblock(handle);
        }
    }

    @Override
    public void close(long handle) throws IOException {
        if (LibC.close(fd(handle)) < 0) {
            int errno = LibC.errno();
            if (errno != LinuxAbi.EINTR) { // the descriptor is released even on EINTR (Linux)
                throw NativeErrors.exception("close", Errno.name(errno), errno, Errno.description(errno));
            }
        }
    }

    @Override
    public SocketAddress localAddress(long handle, Family family) throws IOException {
        Scratch s = Scratch.get();
        s.buf.putInt(Scratch.SOCKLEN, LinuxAbi.SOCKADDR_STORAGE_SIZE);
        if (LibC.getsockname(fd(handle), s.address + Scratch.SOCKADDR, s.address + Scratch.SOCKLEN) < 0) {
            throw error("getsockname");
        }
        return SockAddrs.decode(s.buf, Scratch.SOCKADDR, s.buf.getInt(Scratch.SOCKLEN));
    }

    @Override
    public SocketAddress remoteAddress(long handle, Family family) throws IOException {
        Scratch s = Scratch.get();
        s.buf.putInt(Scratch.SOCKLEN, LinuxAbi.SOCKADDR_STORAGE_SIZE);
        if (LibC.getpeername(fd(handle), s.address + Scratch.SOCKADDR, s.address + Scratch.SOCKLEN) < 0) {
            int errno = LibC.errno();
            if (errno == 107) { // ENOTCONN
                return null;
            }
            throw NativeErrors.exception("getpeername", Errno.name(errno), errno, Errno.description(errno));
        }
        return SockAddrs.decode(s.buf, Scratch.SOCKADDR, s.buf.getInt(Scratch.SOCKLEN));
    }

    /** (level << 16 | name), or -1 when Linux has no such option. */
    private static int levelName(SockOpt o) {
        switch (o) {
            case SO_REUSEADDR: return ln(LinuxAbi.SOL_SOCKET, LinuxAbi.SO_REUSEADDR);
            case SO_REUSEPORT: return ln(LinuxAbi.SOL_SOCKET, LinuxAbi.SO_REUSEPORT);
            case SO_KEEPALIVE: return ln(LinuxAbi.SOL_SOCKET, LinuxAbi.SO_KEEPALIVE);
            case SO_LINGER: return ln(LinuxAbi.SOL_SOCKET, LinuxAbi.SO_LINGER);
            case SO_SNDBUF: return ln(LinuxAbi.SOL_SOCKET, LinuxAbi.SO_SNDBUF);
            case SO_RCVBUF: return ln(LinuxAbi.SOL_SOCKET, LinuxAbi.SO_RCVBUF);
            case SO_BROADCAST: return ln(LinuxAbi.SOL_SOCKET, LinuxAbi.SO_BROADCAST);
            case SO_ERROR: return ln(LinuxAbi.SOL_SOCKET, LinuxAbi.SO_ERROR);
            case SO_TYPE: return ln(LinuxAbi.SOL_SOCKET, LinuxAbi.SO_TYPE);
            case SO_PROTOCOL: return ln(LinuxAbi.SOL_SOCKET, LinuxAbi.SO_PROTOCOL);
            case SO_DOMAIN: return ln(LinuxAbi.SOL_SOCKET, LinuxAbi.SO_DOMAIN);
            case SO_ACCEPTCONN: return ln(LinuxAbi.SOL_SOCKET, LinuxAbi.SO_ACCEPTCONN);
            case SO_OOBINLINE: return ln(LinuxAbi.SOL_SOCKET, LinuxAbi.SO_OOBINLINE);
            case SO_RCVLOWAT: return ln(LinuxAbi.SOL_SOCKET, LinuxAbi.SO_RCVLOWAT);
            case SO_SNDLOWAT: return ln(LinuxAbi.SOL_SOCKET, LinuxAbi.SO_SNDLOWAT);
            case SO_INCOMING_NAPI_ID: return ln(LinuxAbi.SOL_SOCKET, LinuxAbi.SO_INCOMING_NAPI_ID);
            case SO_BINDTODEVICE: return ln(LinuxAbi.SOL_SOCKET, LinuxAbi.SO_BINDTODEVICE);
            case SO_PEERCRED: return ln(LinuxAbi.SOL_SOCKET, LinuxAbi.SO_PEERCRED);
            case MPTCP_INFO: return ln(LinuxAbi.SOL_MPTCP, LinuxAbi.MPTCP_INFO);
            case IP_MTU_DISCOVER: return ln(LinuxAbi.IPPROTO_IP, LinuxAbi.IP_MTU_DISCOVER);
            case IPV6_MTU_DISCOVER: return ln(LinuxAbi.IPPROTO_IPV6, LinuxAbi.IPV6_MTU_DISCOVER);
            case TCP_NODELAY: return ln(LinuxAbi.IPPROTO_TCP, LinuxAbi.TCP_NODELAY);
            case TCP_KEEPIDLE: return ln(LinuxAbi.IPPROTO_TCP, LinuxAbi.TCP_KEEPIDLE);
            case TCP_KEEPINTVL: return ln(LinuxAbi.IPPROTO_TCP, LinuxAbi.TCP_KEEPINTVL);
            case TCP_KEEPCNT: return ln(LinuxAbi.IPPROTO_TCP, LinuxAbi.TCP_KEEPCNT);
            case TCP_QUICKACK: return ln(LinuxAbi.IPPROTO_TCP, LinuxAbi.TCP_QUICKACK);
            case TCP_FASTOPEN: return ln(LinuxAbi.IPPROTO_TCP, LinuxAbi.TCP_FASTOPEN);
            case TCP_USER_TIMEOUT: return ln(LinuxAbi.IPPROTO_TCP, LinuxAbi.TCP_USER_TIMEOUT);
            case TCP_NOTSENT_LOWAT: return ln(LinuxAbi.IPPROTO_TCP, LinuxAbi.TCP_NOTSENT_LOWAT);
            case IP_TOS: return ln(LinuxAbi.IPPROTO_IP, LinuxAbi.IP_TOS);
            case IP_TTL: return ln(LinuxAbi.IPPROTO_IP, LinuxAbi.IP_TTL);
            case IP_HDRINCL: return ln(LinuxAbi.IPPROTO_IP, LinuxAbi.IP_HDRINCL);
            case IPV6_HDRINCL: return ln(LinuxAbi.IPPROTO_IPV6, LinuxAbi.IPV6_HDRINCL);
            case IP_MULTICAST_TTL: return ln(LinuxAbi.IPPROTO_IP, LinuxAbi.IP_MULTICAST_TTL);
            case IP_MULTICAST_LOOP: return ln(LinuxAbi.IPPROTO_IP, LinuxAbi.IP_MULTICAST_LOOP);
            case IP_MULTICAST_ALL: return ln(LinuxAbi.IPPROTO_IP, LinuxAbi.IP_MULTICAST_ALL);
            case IPV6_MULTICAST_ALL: return ln(LinuxAbi.IPPROTO_IPV6, LinuxAbi.IPV6_MULTICAST_ALL);
            case IP_FREEBIND: return ln(LinuxAbi.IPPROTO_IP, LinuxAbi.IP_FREEBIND);
            case IP_TRANSPARENT: return ln(LinuxAbi.IPPROTO_IP, LinuxAbi.IP_TRANSPARENT);
            case IPV6_TCLASS: return ln(LinuxAbi.IPPROTO_IPV6, LinuxAbi.IPV6_TCLASS);
            case IPV6_V6ONLY: return ln(LinuxAbi.IPPROTO_IPV6, LinuxAbi.IPV6_V6ONLY);
            case IPV6_UNICAST_HOPS: return ln(LinuxAbi.IPPROTO_IPV6, LinuxAbi.IPV6_UNICAST_HOPS);
            case IPV6_MULTICAST_HOPS: return ln(LinuxAbi.IPPROTO_IPV6, LinuxAbi.IPV6_MULTICAST_HOPS);
            case IPV6_MULTICAST_LOOP: return ln(LinuxAbi.IPPROTO_IPV6, LinuxAbi.IPV6_MULTICAST_LOOP);
            case IP_MULTICAST_IF: return ln(LinuxAbi.IPPROTO_IP, LinuxAbi.IP_MULTICAST_IF);
            case IPV6_MULTICAST_IF: return ln(LinuxAbi.IPPROTO_IPV6, LinuxAbi.IPV6_MULTICAST_IF);
            case UDPLITE_SEND_CSCOV: return ln(LinuxAbi.IPPROTO_UDPLITE, LinuxAbi.UDPLITE_SEND_CSCOV);
            case UDPLITE_RECV_CSCOV: return ln(LinuxAbi.IPPROTO_UDPLITE, LinuxAbi.UDPLITE_RECV_CSCOV);
            case UDP_GRO: return ln(LinuxAbi.SOL_UDP, LinuxAbi.UDP_GRO);
            case UDP_SEGMENT: return ln(LinuxAbi.SOL_UDP, LinuxAbi.UDP_SEGMENT);
            default: return -1;
        }
    }

    private static int ln(int level, int name) {
        return (level << 16) | name;
    }

    @Override
    public boolean hasOption(SockOpt option) {
        return levelName(option) >= 0;
    }

    private static int checkedLevelName(SockOpt option) {
        int ln = levelName(option);
        if (ln < 0) {
            throw new UnsupportedOperationException(option + " is not available on Linux");
        }
        return ln;
    }

    @Override
    public int getIntOption(long handle, SockOpt option) throws IOException {
        int ln = checkedLevelName(option);
        Scratch s = Scratch.get();
        s.buf.putLong(Scratch.OPTVAL, 0L);
        s.buf.putInt(Scratch.OPTLEN, 8);
        if (LibC.getsockopt(fd(handle), ln >>> 16, ln & 0xffff, s.address + Scratch.OPTVAL, s.address + Scratch.OPTLEN) < 0) {
            throw error("getsockopt(" + option + ")");
        }
        if (option == SockOpt.SO_LINGER) {
            return s.buf.getInt(Scratch.OPTVAL) == 0 ? -1 : s.buf.getInt(Scratch.OPTVAL + 4);
        }
        int len = s.buf.getInt(Scratch.OPTLEN);
        int v = len == 1 ? s.buf.get(Scratch.OPTVAL) & 0xff : s.buf.getInt(Scratch.OPTVAL);
        if (option == SockOpt.IP_MULTICAST_IF) {
            return networkOrder(v); // an in_addr: the seam speaks big-endian
        }
        if (option == SockOpt.SO_SNDBUF || option == SockOpt.SO_RCVBUF) {
            // Linux doubles the size on set and reports the doubled value; report what was set,
            // as the JDK does
            v /= 2;
        }
        return v;
    }

    @Override
    public void setIntOption(long handle, SockOpt option, int value) throws IOException {
        int ln = checkedLevelName(option);
        Scratch s = Scratch.get();
        int len = 4;
        if (option == SockOpt.SO_LINGER) {
            s.buf.putInt(Scratch.OPTVAL, value < 0 ? 0 : 1);
            s.buf.putInt(Scratch.OPTVAL + 4, Math.max(value, 0));
            len = 8;
        } else if (option == SockOpt.IP_MULTICAST_IF) {
            s.buf.putInt(Scratch.OPTVAL, networkOrder(value));
        } else {
            s.buf.putInt(Scratch.OPTVAL, value);
        }
        if (LibC.setsockopt(fd(handle), ln >>> 16, ln & 0xffff, s.address + Scratch.OPTVAL, len) < 0) {
            throw optionError("setsockopt(" + option + ")", ln >>> 16, ln & 0xffff);
        }
    }

    /** Swaps a native-order int to or from big-endian (an involution). */
    private static int networkOrder(int v) {
        return java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v);
    }

    @Override
    public int getBytesOption(long handle, SockOpt option, byte[] value) throws IOException {
        int ln = checkedLevelName(option);
        return getRawOption(handle, ln >>> 16, ln & 0xffff, value);
    }

    @Override
    public void setBytesOption(long handle, SockOpt option, byte[] value) throws IOException {
        int ln = checkedLevelName(option);
        setRawOption(handle, ln >>> 16, ln & 0xffff, value);
    }

    /** Raw access to an option whose value is a user-space pointer would let bytes name any memory. */
    private static void refusePointerOption(int level, int name) {
        String known = LinuxAbi.pointerOption(level, name);
        if (known != null) {
            throw new IllegalArgumentException("raw option (" + level + ", " + name + ") is " + known
                    + ", whose value carries a user-space pointer: not accepted as raw bytes");
        }
    }

    @Override
    public int getRawOption(long handle, int level, int name, byte[] value) throws IOException {
        if (value.length > 64) {
            throw new IllegalArgumentException("option value longer than 64 bytes: " + value.length);
        }
        refusePointerOption(level, name);
        Scratch s = Scratch.get();
        // some options read their value as input (IP_MSFILTER): the caller's bytes, never what
        // this thread's last call left in the scratch
        for (int i = 0; i < value.length; i++) {
            s.buf.put(Scratch.OPTVAL + i, value[i]);
        }
        s.buf.putInt(Scratch.OPTLEN, value.length);
        if (LibC.getsockopt(fd(handle), level, name, s.address + Scratch.OPTVAL, s.address + Scratch.OPTLEN) < 0) {
            throw error("getsockopt(" + level + ", " + name + ")");
        }
        int len = Math.min(s.buf.getInt(Scratch.OPTLEN), value.length);
        for (int i = 0; i < len; i++) {
            value[i] = s.buf.get(Scratch.OPTVAL + i);
        }
        return len;
    }

    @Override
    public void setRawOption(long handle, int level, int name, byte[] value) throws IOException {
        if (value.length > 64) {
            throw new IllegalArgumentException("option value longer than 64 bytes: " + value.length);
        }
        refusePointerOption(level, name);
        Scratch s = Scratch.get();
        for (int i = 0; i < value.length; i++) {
            s.buf.put(Scratch.OPTVAL + i, value[i]);
        }
        if (LibC.setsockopt(fd(handle), level, name, s.address + Scratch.OPTVAL, value.length) < 0) {
            throw optionError("setsockopt(" + level + ", " + name + ")", level, name);
        }
    }

    @Override
    public int available(long handle) throws IOException {
        Scratch s = Scratch.get();
        s.buf.putInt(Scratch.OPTVAL, 0);
        if (LibC.ioctl(fd(handle), LinuxAbi.FIONREAD, s.address + Scratch.OPTVAL) < 0) {
            throw error("ioctl(FIONREAD)");
        }
        return s.buf.getInt(Scratch.OPTVAL);
    }

    @Override
    public NativePoller openPoller() throws IOException {
        return new EpollPoller();
    }

    @Override
    public OneShotPoller openOneShotPoller() throws IOException {
        return new EpollOneShotPoller();
    }

    @Override
    public boolean holdsArenas() {
        return LibC.holdsArenas();
    }

    /**
     * {@link Buffers#address} written out rather than called: on JDK 22+ the address comes from a
     * {@code MemorySegment.ofBuffer} whose segment and session C2 removes only when it can inline
     * the whole chain, and every level saved here keeps that chain under {@code MaxInlineLevel}
     * from the channels' I/O methods (docs/architecture.md).
     */
    @Override
    public long directAddress(ByteBuffer direct) {
        return io.wsnio.nativeio.DirectAddress.AVAILABLE ? io.wsnio.nativeio.DirectAddress.of(direct)
                : JnaLibC.directAddress(direct);
    }
}
