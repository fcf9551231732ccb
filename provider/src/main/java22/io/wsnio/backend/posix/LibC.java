package io.wsnio.backend.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * libc through java.lang.foreign downcalls or JNA (JDK 22 and later; the multi-release jar puts this
 * class in place of the JNA-only one, with the same methods). The foreign downcalls are the default;
 * with {@code -Dwsnio.posix.bridge=jna} every call goes to {@link JnaLibC} instead ({@link #FOREIGN};
 * why the default: docs/architecture.md). Every pointer,
 * {@code size_t} and {@code ssize_t} is described as {@code JAVA_LONG}: on the 64-bit ABIs the
 * project supports they travel in the same registers as C pointers, so no {@code MemorySegment} of
 * ours is made per call. errno is captured by the linker right after each call into a small
 * per-thread segment ({@link Linker.Option#captureCallState}) and read back by {@link #errno()}.
 *
 * <p>The linker copies that segment on every call ({@code SharedUtils.checkCaptureSegment}:
 * {@code asSlice}) and hands the copy to {@code SharedUtils.checkNative}; neither JDK method is
 * {@code @ForceInline}, so C2 inlines them, and scalar-replaces the 40-byte copy, only where the
 * call sites have a profile. A caller compiled before they had one (a loop's back-edges can get
 * {@code PosixNet.receiveMany} compiled after ~800 calls) kept the copy allocated for good in about
 * 1 JVM run of 6. {@link #warmUp} gives them that profile when this class initializes. Measured,
 * not guaranteed: the profile is written only while these methods run interpreted or as tier-3 C1
 * code, and a JVM whose C2 queue is long compiles them at tier 2 (no call-site profile) first; 1,000
 * warm-up calls ended inside that phase in 5 of 24 JVMs, which then allocated as before; 3,000 left
 * a profile in 48 of 48 (docs/architecture.md).
 *
 * <p>A read or write into a direct buffer backed by a MemorySegment ({@code MemorySegment.asByteBuffer()})
 * passes that buffer's memory as a {@code MemorySegment} argument of a second handle of the same
 * function ({@code ADDRESS} instead of {@code JAVA_LONG}): the linker acquires the segment's
 * session for the call, so its arena cannot be closed while the kernel may write or read it (a
 * shared arena's {@code close()} throws IllegalStateException, as with the JDK's channels, and a
 * closed one fails the call before it starts). Ordinary direct buffers keep the {@code long} path:
 * telling them apart costs one {@code MemorySegment.ofBuffer} whose segment and session C2
 * scalar-replaces, as in {@code DirectAddress}.
 *
 * <p>No call is linked "critical": read, accept, connect, epoll_wait and the rest may block, and a
 * critical call would hold up every safepoint while it does.
 */
final class LibC {
    /**
     * The foreign downcalls unless {@code -Dwsnio.posix.bridge=jna} asks for JNA: they are the
     * default on JDK 22 and later (why: docs/architecture.md, "The libc bridge"). On this bridge no
     * JNA class is loaded at all, so it also runs where JNA cannot (a runtime without java.logging,
     * JNA not on the class path). Any other value is refused with an error naming it.
     */
    static final boolean FOREIGN = foreign(System.getProperty("wsnio.posix.bridge", ""));

    private static boolean foreign(String choice) {
        return switch (choice) {
            case "", "ffm" -> true;
            case "jna" -> false;
            default -> throw new IllegalArgumentException("-Dwsnio.posix.bridge=" + choice
                    + ": unknown libc bridge (ffm, the default on JDK 22+, or jna)");
        };
    }
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final ThreadLocal<MemorySegment> CALL_STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(STATE));

    private static MethodHandle link(String name, FunctionDescriptor fd, Linker.Option... extra) {
        if (!FOREIGN) {
            return null; // not linked: every call goes to JnaLibC
        }
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(extra, 0, options, 1, extra.length);
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    private static FunctionDescriptor i(java.lang.foreign.MemoryLayout... args) {
        return FunctionDescriptor.of(JAVA_INT, args);
    }

    private static FunctionDescriptor l(java.lang.foreign.MemoryLayout... args) {
        return FunctionDescriptor.of(JAVA_LONG, args);
    }

    private static final MethodHandle SOCKET = link("socket", i(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SOCKETPAIR = link("socketpair", i(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle BIND = link("bind", i(JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle LISTEN = link("listen", i(JAVA_INT, JAVA_INT));
    private static final MethodHandle ACCEPT4 = link("accept4", i(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CONNECT = link("connect", i(JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle READ = link("read", l(JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle WRITE = link("write", l(JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle SEND = link("send", l(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle READ_HELD = link("read", l(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle SEND_HELD = link("send", l(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SENDTO_HELD =
            link("sendto", l(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle RECVFROM_HELD =
            link("recvfrom", l(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle READV = link("readv", l(JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SENDMSG = link("sendmsg", l(JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle RECVMSG = link("recvmsg", l(JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SENDMMSG = link("sendmmsg", i(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT));
    private static final MethodHandle RECVMMSG = link("recvmmsg", i(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle SENDTO =
            link("sendto", l(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle RECVFROM =
            link("recvfrom", l(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle SHUTDOWN = link("shutdown", i(JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = link("close", i(JAVA_INT));
    private static final MethodHandle GETSOCKOPT =
            link("getsockopt", i(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle SETSOCKOPT =
            link("setsockopt", i(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle GETSOCKNAME = link("getsockname", i(JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle GETPEERNAME = link("getpeername", i(JAVA_INT, JAVA_LONG, JAVA_LONG));
    /** ioctl(int, unsigned long, ...): the third argument is variadic. */
    private static final MethodHandle IOCTL =
            link("ioctl", i(JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle POLL = link("poll", i(JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle EPOLL_CREATE1 = link("epoll_create1", i(JAVA_INT));
    private static final MethodHandle EPOLL_CTL = link("epoll_ctl", i(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle EPOLL_WAIT = link("epoll_wait", i(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT));
    private static final MethodHandle EVENTFD = link("eventfd", i(JAVA_INT, JAVA_INT));

    /**
     * Calls made by {@link #warmUp} through every handle before the first real one (property
     * {@code wsnio.posix.ffmWarmup}, for measurements; 0 turns it off).
     */
    private static final int WARM_UP_CALLS = Integer.getInteger("wsnio.posix.ffmWarmup", 3_000);

    static {
        if (FOREIGN) {
            warmUp(WARM_UP_CALLS);
        }
    }

    private LibC() { }

    /**
     * Runs every downcall {@code calls} times with arguments the kernel rejects before it reads any
     * memory (descriptor -1: EBADF; invalid flags: EINVAL; {@code poll} of no descriptors with no
     * time-out returns 0), so that the linker's code on the errno-capture path has a profile
     * before C2 compiles a caller of these methods. Without one, C2 refuses to inline two JDK
     * methods on that path that are not {@code @ForceInline}, {@code SharedUtils.checkNative}
     * ("too big") and {@code AbstractMemorySegmentImpl.asSlice} ("low call site frequency"), and
     * the capture segment's per-call copy escapes into them: 40 bytes per call for the life of
     * that compiled code (docs/architecture.md).
     */
    private static void warmUp(int calls) {
        for (int i = 0; i < calls; i++) {
            socket(-1, -1, -1);
            socketpair(-1, -1, -1, 0L);
            bind(-1, 0L, 0);
            listen(-1, 0);
            accept4(-1, 0L, 0L, 0);
            connect(-1, 0L, 0);
            read(-1, 0L, 0L);
            write(-1, 0L, 0L);
            send(-1, 0L, 0L, 0);
            readv(-1, 0L, 0);
            sendmsg(-1, 0L, 0);
            recvmsg(-1, 0L, 0);
            sendmmsg(-1, 0L, 0, 0);
            recvmmsg(-1, 0L, 0, 0, 0L);
            sendto(-1, 0L, 0L, 0, 0L, 0);
            recvfrom(-1, 0L, 0L, 0, 0L, 0L);
            shutdown(-1, 0);
            close(-1);
            getsockopt(-1, 0, 0, 0L, 0L);
            setsockopt(-1, 0, 0, 0L, 0);
            getsockname(-1, 0L, 0L);
            getpeername(-1, 0L, 0L);
            ioctl(-1, 0L, 0L);
            poll(0L, 0L, 0);
            epoll_create1(-1);
            epoll_ctl(-1, 0, -1, 0L);
            epoll_wait(-1, 0L, 1, 0);
            eventfd(0, -1);
            errno();
        }
    }

    private static MemorySegment state() {
        return CALL_STATE.get();
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    /** The errno the calling thread's last call through this class left. */
    static int errno() {
        return FOREIGN ? (int) ERRNO.get(state(), 0L) : JnaLibC.errno();
    }

    /** The size of a C pointer in bytes (the ABI check at backend start). */
    static int pointerSize() {
        return FOREIGN ? (int) java.lang.foreign.ValueLayout.ADDRESS.byteSize() : JnaLibC.pointerSize();
    }

    /** Which bridge carries the calls, for diagnostics: "ffm" or "jna". */
    static String bridge() {
        return FOREIGN ? "ffm" : "jna";
    }

    static int socket(int domain, int type, int protocol) {
        if (!FOREIGN) {
            return JnaLibC.socket(domain, type, protocol);
        }
        try {
            return (int) SOCKET.invokeExact(state(), domain, type, protocol);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int socketpair(int domain, int type, int protocol, long sv) {
        if (!FOREIGN) {
            return JnaLibC.socketpair(domain, type, protocol, sv);
        }
        try {
            return (int) SOCKETPAIR.invokeExact(state(), domain, type, protocol, sv);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int bind(int fd, long addr, int len) {
        if (!FOREIGN) {
            return JnaLibC.bind(fd, addr, len);
        }
        try {
            return (int) BIND.invokeExact(state(), fd, addr, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int listen(int fd, int backlog) {
        if (!FOREIGN) {
            return JnaLibC.listen(fd, backlog);
        }
        try {
            return (int) LISTEN.invokeExact(state(), fd, backlog);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int accept4(int fd, long addr, long lenPtr, int flags) {
        if (!FOREIGN) {
            return JnaLibC.accept4(fd, addr, lenPtr, flags);
        }
        try {
            return (int) ACCEPT4.invokeExact(state(), fd, addr, lenPtr, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int connect(int fd, long addr, int len) {
        if (!FOREIGN) {
            return JnaLibC.connect(fd, addr, len);
        }
        try {
            return (int) CONNECT.invokeExact(state(), fd, addr, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long read(int fd, long buf, long count) {
        if (!FOREIGN) {
            return JnaLibC.read(fd, buf, count);
        }
        try {
            return (long) READ.invokeExact(state(), fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Whether the owner-taking calls hold a MemorySegment-backed buffer's arena: on the foreign bridge. */
    static boolean holdsArenas() {
        return FOREIGN;
    }

    /**
     * An ordinary direct buffer's session class ({@link io.wsnio.nativeio.DirectAddress#BUFFER_SESSION}).
     * The calls below compare it with {@code ofBuffer} written out in place (not through
     * {@code DirectAddress.segmentBacked}): C2 removes that segment and session only when the whole
     * chain inlines, and the two extra levels pushed {@code Object.<init>} past {@code MaxInlineLevel}
     * ("inlining too deep") from {@code StreamIo.write}, leaving 128 B per blocking round trip
     * allocated in JMH's {@code TcpPingPong} (docs/architecture.md).
     */
    private static final Class<?> BUFFER_SESSION = io.wsnio.nativeio.DirectAddress.BUFFER_SESSION;

    /**
     * The {@code count} bytes at {@code address} inside {@code owner} as a segment of the owner's
     * arena (its session is what the linker acquires). A duplicate from index 0 to capacity first
     * (not {@code slice(0, capacity)}, which is bounds-checked against the limit and threw for a
     * buffer framed inside its capacity), so a position or limit another thread moves does not
     * matter; the slice is bounds-checked.
     */
    private static MemorySegment held(ByteBuffer owner, long address, long count) {
        MemorySegment whole = MemorySegment.ofBuffer(owner.duplicate().clear());
        return whole.asSlice(address - whole.address(), count);
    }

    /** read(2) into memory of {@code owner}: a MemorySegment-backed buffer's arena is held for the call on this bridge. */
    static long read(int fd, long buf, long count, ByteBuffer owner) {
        if (!FOREIGN || owner == null || MemorySegment.ofBuffer(owner).scope().getClass() == BUFFER_SESSION) {
            return read(fd, buf, count);
        }
        try {
            return (long) READ_HELD.invokeExact(state(), fd, held(owner, buf, count), count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** send(2) from memory of {@code owner}: a MemorySegment-backed buffer's arena is held for the call on this bridge. */
    static long send(int fd, long buf, long count, int flags, ByteBuffer owner) {
        if (!FOREIGN || owner == null || MemorySegment.ofBuffer(owner).scope().getClass() == BUFFER_SESSION) {
            return send(fd, buf, count, flags);
        }
        try {
            return (long) SEND_HELD.invokeExact(state(), fd, held(owner, buf, count), count, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** sendto(2) from memory of {@code owner}: a MemorySegment-backed buffer's arena is held for the call on this bridge. */
    static long sendto(int fd, long buf, long count, int flags, long addr, int addrLen, ByteBuffer owner) {
        if (!FOREIGN || owner == null || MemorySegment.ofBuffer(owner).scope().getClass() == BUFFER_SESSION) {
            return sendto(fd, buf, count, flags, addr, addrLen);
        }
        try {
            return (long) SENDTO_HELD.invokeExact(state(), fd, held(owner, buf, count), count, flags, addr, addrLen);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** recvfrom(2) into memory of {@code owner}: a MemorySegment-backed buffer's arena is held for the call on this bridge. */
    static long recvfrom(int fd, long buf, long count, int flags, long addr, long addrLenPtr, ByteBuffer owner) {
        if (!FOREIGN || owner == null || MemorySegment.ofBuffer(owner).scope().getClass() == BUFFER_SESSION) {
            return recvfrom(fd, buf, count, flags, addr, addrLenPtr);
        }
        try {
            return (long) RECVFROM_HELD.invokeExact(state(), fd, held(owner, buf, count), count, flags, addr, addrLenPtr);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long write(int fd, long buf, long count) {
        if (!FOREIGN) {
            return JnaLibC.write(fd, buf, count);
        }
        try {
            return (long) WRITE.invokeExact(state(), fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long send(int fd, long buf, long count, int flags) {
        if (!FOREIGN) {
            return JnaLibC.send(fd, buf, count, flags);
        }
        try {
            return (long) SEND.invokeExact(state(), fd, buf, count, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long readv(int fd, long iov, int iovcnt) {
        if (!FOREIGN) {
            return JnaLibC.readv(fd, iov, iovcnt);
        }
        try {
            return (long) READV.invokeExact(state(), fd, iov, iovcnt);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long sendmsg(int fd, long msg, int flags) {
        if (!FOREIGN) {
            return JnaLibC.sendmsg(fd, msg, flags);
        }
        try {
            return (long) SENDMSG.invokeExact(state(), fd, msg, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long recvmsg(int fd, long msg, int flags) {
        if (!FOREIGN) {
            return JnaLibC.recvmsg(fd, msg, flags);
        }
        try {
            return (long) RECVMSG.invokeExact(state(), fd, msg, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int sendmmsg(int fd, long msgvec, int vlen, int flags) {
        if (!FOREIGN) {
            return JnaLibC.sendmmsg(fd, msgvec, vlen, flags);
        }
        try {
            return (int) SENDMMSG.invokeExact(state(), fd, msgvec, vlen, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int recvmmsg(int fd, long msgvec, int vlen, int flags, long timeout) {
        if (!FOREIGN) {
            return JnaLibC.recvmmsg(fd, msgvec, vlen, flags, timeout);
        }
        try {
            return (int) RECVMMSG.invokeExact(state(), fd, msgvec, vlen, flags, timeout);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long sendto(int fd, long buf, long count, int flags, long addr, int addrLen) {
        if (!FOREIGN) {
            return JnaLibC.sendto(fd, buf, count, flags, addr, addrLen);
        }
        try {
            return (long) SENDTO.invokeExact(state(), fd, buf, count, flags, addr, addrLen);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long recvfrom(int fd, long buf, long count, int flags, long addr, long addrLenPtr) {
        if (!FOREIGN) {
            return JnaLibC.recvfrom(fd, buf, count, flags, addr, addrLenPtr);
        }
        try {
            return (long) RECVFROM.invokeExact(state(), fd, buf, count, flags, addr, addrLenPtr);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int shutdown(int fd, int how) {
        if (!FOREIGN) {
            return JnaLibC.shutdown(fd, how);
        }
        try {
            return (int) SHUTDOWN.invokeExact(state(), fd, how);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int close(int fd) {
        if (!FOREIGN) {
            return JnaLibC.close(fd);
        }
        try {
            return (int) CLOSE.invokeExact(state(), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int getsockopt(int fd, int level, int name, long value, long lenPtr) {
        if (!FOREIGN) {
            return JnaLibC.getsockopt(fd, level, name, value, lenPtr);
        }
        try {
            return (int) GETSOCKOPT.invokeExact(state(), fd, level, name, value, lenPtr);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int setsockopt(int fd, int level, int name, long value, int len) {
        if (!FOREIGN) {
            return JnaLibC.setsockopt(fd, level, name, value, len);
        }
        try {
            return (int) SETSOCKOPT.invokeExact(state(), fd, level, name, value, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int getsockname(int fd, long addr, long lenPtr) {
        if (!FOREIGN) {
            return JnaLibC.getsockname(fd, addr, lenPtr);
        }
        try {
            return (int) GETSOCKNAME.invokeExact(state(), fd, addr, lenPtr);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int getpeername(int fd, long addr, long lenPtr) {
        if (!FOREIGN) {
            return JnaLibC.getpeername(fd, addr, lenPtr);
        }
        try {
            return (int) GETPEERNAME.invokeExact(state(), fd, addr, lenPtr);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int ioctl(int fd, long request, long argp) {
        if (!FOREIGN) {
            return JnaLibC.ioctl(fd, request, argp);
        }
        try {
            return (int) IOCTL.invokeExact(state(), fd, request, argp);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int poll(long fds, long nfds, int timeout) {
        if (!FOREIGN) {
            return JnaLibC.poll(fds, nfds, timeout);
        }
        try {
            return (int) POLL.invokeExact(state(), fds, nfds, timeout);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int epoll_create1(int flags) {
        if (!FOREIGN) {
            return JnaLibC.epoll_create1(flags);
        }
        try {
            return (int) EPOLL_CREATE1.invokeExact(state(), flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int epoll_ctl(int epfd, int op, int fd, long event) {
        if (!FOREIGN) {
            return JnaLibC.epoll_ctl(epfd, op, fd, event);
        }
        try {
            return (int) EPOLL_CTL.invokeExact(state(), epfd, op, fd, event);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int epoll_wait(int epfd, long events, int maxEvents, int timeout) {
        if (!FOREIGN) {
            return JnaLibC.epoll_wait(epfd, events, maxEvents, timeout);
        }
        try {
            return (int) EPOLL_WAIT.invokeExact(state(), epfd, events, maxEvents, timeout);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int eventfd(int initval, int flags) {
        if (!FOREIGN) {
            return JnaLibC.eventfd(initval, flags);
        }
        try {
            return (int) EVENTFD.invokeExact(state(), initval, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
