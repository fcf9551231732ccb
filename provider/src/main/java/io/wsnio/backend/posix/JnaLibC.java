package io.wsnio.backend.posix;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * libc through JNA direct mapping: primitive and {@code long} arguments only, so a call costs a JNI
 * transition and JNA's dispatch, nothing else. Each method returns what the C symbol returns;
 * {@link #errno()} gives the calling thread's errno of its last call here. Called only through
 * {@link LibC}.
 */
final class JnaLibC {
    static {
        Native.register(JnaLibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private JnaLibC() { }

    /** The errno the calling thread's last call through this class left (JNA saves it per call). */
    static int errno() {
        return Native.getLastError();
    }

    /** A direct buffer's base address through JNA (allocates a Pointer per call). */
    static long directAddress(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    /** The size of a C pointer in bytes. */
    static int pointerSize() {
        return Native.POINTER_SIZE;
    }

    static native int socket(int domain, int type, int protocol);

    static native int socketpair(int domain, int type, int protocol, long sv);

    static native int bind(int fd, long addr, int len);

    static native int listen(int fd, int backlog);

    static native int accept4(int fd, long addr, long lenPtr, int flags);

    static native int connect(int fd, long addr, int len);

    static native long read(int fd, long buf, long count);

    static native long send(int fd, long buf, long count, int flags);

    static native long readv(int fd, long iov, int iovcnt);

    static native long sendmsg(int fd, long msg, int flags);

    static native int sendmmsg(int fd, long msgvec, int vlen, int flags);

    static native int recvmmsg(int fd, long msgvec, int vlen, int flags, long timeout);

    static native long recvmsg(int fd, long msg, int flags);

    static native long sendto(int fd, long buf, long count, int flags, long addr, int addrLen);

    static native long recvfrom(int fd, long buf, long count, int flags, long addr, long addrLenPtr);

    static native int shutdown(int fd, int how);

    static native int close(int fd);

    static native int getsockopt(int fd, int level, int name, long value, long lenPtr);

    static native int setsockopt(int fd, int level, int name, long value, int len);

    static native int getsockname(int fd, long addr, long lenPtr);

    static native int getpeername(int fd, long addr, long lenPtr);

    static native int ioctl(int fd, long request, long argp);

    static native int poll(long fds, long nfds, int timeout);

    static native int epoll_create1(int flags);

    static native int epoll_ctl(int epfd, int op, int fd, long event);

    static native int epoll_wait(int epfd, long events, int maxEvents, int timeout);

    static native int eventfd(int initval, int flags);

    static native long write(int fd, long buf, long count);
}
