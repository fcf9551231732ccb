package io.wsnio.backend.posix;

/**
 * The POSIX backend's libc calls: static methods taking {@code int} and {@code long} only (addresses
 * as {@code long}), each returning what the C symbol returns, and {@link #errno()} for the calling
 * thread's errno after a failing one. This version hands every call to {@link JnaLibC} (JNA direct
 * mapping; the JIT inlines the hop). On JDK 22 and later the multi-release jar replaces this class
 * with one that calls through java.lang.foreign downcalls (src/main/java22) unless
 * {@code -Dwsnio.posix.bridge=jna}.
 */
final class LibC {
    private LibC() { }

    /** The errno the calling thread's last call left. */
    static int errno() {
        return JnaLibC.errno();
    }

    /** The size of a C pointer in bytes (the ABI check at backend start). */
    static int pointerSize() {
        return JnaLibC.pointerSize();
    }

    /** Which bridge carries the calls, for diagnostics: "jna". */
    static String bridge() {
        return "jna";
    }

    static int socket(int domain, int type, int protocol) {
        return JnaLibC.socket(domain, type, protocol);
    }

    static int socketpair(int domain, int type, int protocol, long sv) {
        return JnaLibC.socketpair(domain, type, protocol, sv);
    }

    static int bind(int fd, long addr, int len) {
        return JnaLibC.bind(fd, addr, len);
    }

    static int listen(int fd, int backlog) {
        return JnaLibC.listen(fd, backlog);
    }

    static int accept4(int fd, long addr, long lenPtr, int flags) {
        return JnaLibC.accept4(fd, addr, lenPtr, flags);
    }

    static int connect(int fd, long addr, int len) {
        return JnaLibC.connect(fd, addr, len);
    }

    static long read(int fd, long buf, long count) {
        return JnaLibC.read(fd, buf, count);
    }

    /** Whether the owner-taking calls hold a MemorySegment-backed buffer's arena: never through JNA. */
    static boolean holdsArenas() {
        return false;
    }

    /**
     * read(2) into memory of the direct buffer {@code owner}. Through JNA nothing holds a
     * MemorySegment-backed buffer's arena during the call (the JDK 22 class does on the foreign
     * bridge): callers check it is open just before.
     */
    static long read(int fd, long buf, long count, java.nio.ByteBuffer owner) {
        return JnaLibC.read(fd, buf, count);
    }

    /** send(2) from memory of the direct buffer {@code owner}; see {@link #read(int, long, long, java.nio.ByteBuffer)}. */
    static long send(int fd, long buf, long count, int flags, java.nio.ByteBuffer owner) {
        return JnaLibC.send(fd, buf, count, flags);
    }

    static long send(int fd, long buf, long count, int flags) {
        return JnaLibC.send(fd, buf, count, flags);
    }

    static long readv(int fd, long iov, int iovcnt) {
        return JnaLibC.readv(fd, iov, iovcnt);
    }

    static long sendmsg(int fd, long msg, int flags) {
        return JnaLibC.sendmsg(fd, msg, flags);
    }

    static int sendmmsg(int fd, long msgvec, int vlen, int flags) {
        return JnaLibC.sendmmsg(fd, msgvec, vlen, flags);
    }

    static int recvmmsg(int fd, long msgvec, int vlen, int flags, long timeout) {
        return JnaLibC.recvmmsg(fd, msgvec, vlen, flags, timeout);
    }

    static long recvmsg(int fd, long msg, int flags) {
        return JnaLibC.recvmsg(fd, msg, flags);
    }

    static long sendto(int fd, long buf, long count, int flags, long addr, int addrLen) {
        return JnaLibC.sendto(fd, buf, count, flags, addr, addrLen);
    }

    static long recvfrom(int fd, long buf, long count, int flags, long addr, long addrLenPtr) {
        return JnaLibC.recvfrom(fd, buf, count, flags, addr, addrLenPtr);
    }

    /** sendto(2) from memory of {@code owner}; see {@link #read(int, long, long, java.nio.ByteBuffer)}. */
    static long sendto(int fd, long buf, long count, int flags, long addr, int addrLen, java.nio.ByteBuffer owner) {
        return JnaLibC.sendto(fd, buf, count, flags, addr, addrLen);
    }

    /** recvfrom(2) into memory of {@code owner}; see {@link #read(int, long, long, java.nio.ByteBuffer)}. */
    static long recvfrom(int fd, long buf, long count, int flags, long addr, long addrLenPtr, java.nio.ByteBuffer owner) {
        return JnaLibC.recvfrom(fd, buf, count, flags, addr, addrLenPtr);
    }

    static int shutdown(int fd, int how) {
        return JnaLibC.shutdown(fd, how);
    }

    static int close(int fd) {
        return JnaLibC.close(fd);
    }

    static int getsockopt(int fd, int level, int name, long value, long lenPtr) {
        return JnaLibC.getsockopt(fd, level, name, value, lenPtr);
    }

    static int setsockopt(int fd, int level, int name, long value, int len) {
        return JnaLibC.setsockopt(fd, level, name, value, len);
    }

    static int getsockname(int fd, long addr, long lenPtr) {
        return JnaLibC.getsockname(fd, addr, lenPtr);
    }

    static int getpeername(int fd, long addr, long lenPtr) {
        return JnaLibC.getpeername(fd, addr, lenPtr);
    }

    static int ioctl(int fd, long request, long argp) {
        return JnaLibC.ioctl(fd, request, argp);
    }

    static int poll(long fds, long nfds, int timeout) {
        return JnaLibC.poll(fds, nfds, timeout);
    }

    static int epoll_create1(int flags) {
        return JnaLibC.epoll_create1(flags);
    }

    static int epoll_ctl(int epfd, int op, int fd, long event) {
        return JnaLibC.epoll_ctl(epfd, op, fd, event);
    }

    static int epoll_wait(int epfd, long events, int maxEvents, int timeout) {
        return JnaLibC.epoll_wait(epfd, events, maxEvents, timeout);
    }

    static int eventfd(int initval, int flags) {
        return JnaLibC.eventfd(initval, flags);
    }

    static long write(int fd, long buf, long count) {
        return JnaLibC.write(fd, buf, count);
    }
}
