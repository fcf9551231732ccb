package io.wsnio.backend.winsock;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * JNA direct mapping of {@code ws2_32.dll}, loaded by its absolute System32 path. Arguments are
 * primitives and {@code long} addresses only ({@code SOCKET} is a {@code long}); no method declares
 * {@code LastErrorException}: callers check the return value and then read
 * {@link Native#getLastError()} on the same thread.
 */
final class Ws2_32 {
    private Ws2_32() { }

    /** Why ws2_32.dll could not be bound, or null when it was. */
    static final Throwable UNAVAILABILITY_CAUSE;

    static {
        Throwable cause = null;
        try {
            Native.register(Ws2_32.class, NativeLibrary.getInstance(SystemDlls.path("ws2_32.dll")));
        } catch (Throwable t) {
            cause = t;
        }
        UNAVAILABILITY_CAUSE = cause;
    }

    static native int WSAStartup(short wVersionRequested, long lpWSAData);

    static native long WSASocketW(int af, int type, int protocol, long lpProtocolInfo, int g, int dwFlags);

    static native int ioctlsocket(long s, int cmd, long argp);

    static native int WSAIoctl(long s, int dwIoControlCode, long lpvInBuffer, int cbInBuffer,
            long lpvOutBuffer, int cbOutBuffer, long lpcbBytesReturned, long lpOverlapped, long lpCompletionRoutine);

    static native int bind(long s, long name, int namelen);

    static native int listen(long s, int backlog);

    static native long accept(long s, long addr, long addrlen);

    static native int connect(long s, long name, int namelen);

    static native int recv(long s, long buf, int len, int flags);

    static native int send(long s, long buf, int len, int flags);

    static native int WSARecv(long s, long lpBuffers, int dwBufferCount, long lpNumberOfBytesRecvd,
            long lpFlags, long lpOverlapped, long lpCompletionRoutine);

    static native int WSASend(long s, long lpBuffers, int dwBufferCount, long lpNumberOfBytesSent,
            int dwFlags, long lpOverlapped, long lpCompletionRoutine);

    static native int recvfrom(long s, long buf, int len, int flags, long from, long fromlen);

    static native int sendto(long s, long buf, int len, int flags, long to, int tolen);

    static native int shutdown(long s, int how);

    static native int closesocket(long s);

    static native int getsockname(long s, long name, long namelen);

    static native int getpeername(long s, long name, long namelen);

    static native int getsockopt(long s, int level, int optname, long optval, long optlen);

    static native int setsockopt(long s, int level, int optname, long optval, int optlen);

    static native int WSAPoll(long fdArray, int fds, int timeout);

    /** Fills {@code lpProtocolBuffer} with WSAPROTOCOL_INFOW entries: the count, or SOCKET_ERROR (WSAENOBUFS and the needed size in {@code *lpdwBufferLength}). */
    static native int WSAEnumProtocolsW(long lpiProtocols, long lpProtocolBuffer, long lpdwBufferLength);
}
