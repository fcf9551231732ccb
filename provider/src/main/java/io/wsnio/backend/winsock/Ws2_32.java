package io.wsnio.backend.winsock;

/**
 * The Winsock backend's {@code ws2_32.dll} calls: static methods taking primitives and {@code long}
 * addresses ({@code SOCKET} is a {@code long}), each returning what the function returns, and
 * {@link #lastError()} for the calling thread's {@code WSAGetLastError()} after a failing one.
 * This version hands every call to {@link JnaWs2_32} (JNA direct mapping). On JDK 22 and later the
 * multi-release jar replaces this class with one that can call through java.lang.foreign downcalls
 * instead ({@code -Dwsnio.winsock.bridge=ffm}, opt-in: src/main/java22).
 */
final class Ws2_32 {
    private Ws2_32() { }

    /** Why ws2_32.dll could not be bound, or null when it was. */
    static final Throwable UNAVAILABILITY_CAUSE = JnaWs2_32.UNAVAILABILITY_CAUSE;

    /** The calling thread's last Winsock error, as its last call through this class left it. */
    static int lastError() {
        return JnaWs2_32.lastError();
    }

    static int WSAStartup(short wVersionRequested, long lpWSAData) {
        return JnaWs2_32.WSAStartup(wVersionRequested, lpWSAData);
    }

    static long WSASocketW(int af, int type, int protocol, long lpProtocolInfo, int g, int dwFlags) {
        return JnaWs2_32.WSASocketW(af, type, protocol, lpProtocolInfo, g, dwFlags);
    }

    static int ioctlsocket(long s, int cmd, long argp) {
        return JnaWs2_32.ioctlsocket(s, cmd, argp);
    }

    static int WSAIoctl(long s, int dwIoControlCode, long lpvInBuffer, int cbInBuffer,
            long lpvOutBuffer, int cbOutBuffer, long lpcbBytesReturned, long lpOverlapped, long lpCompletionRoutine) {
        return JnaWs2_32.WSAIoctl(s, dwIoControlCode, lpvInBuffer, cbInBuffer, lpvOutBuffer, cbOutBuffer,
                lpcbBytesReturned, lpOverlapped, lpCompletionRoutine);
    }

    static int bind(long s, long name, int namelen) {
        return JnaWs2_32.bind(s, name, namelen);
    }

    static int listen(long s, int backlog) {
        return JnaWs2_32.listen(s, backlog);
    }

    static long accept(long s, long addr, long addrlen) {
        return JnaWs2_32.accept(s, addr, addrlen);
    }

    static int connect(long s, long name, int namelen) {
        return JnaWs2_32.connect(s, name, namelen);
    }

    static int recv(long s, long buf, int len, int flags) {
        return JnaWs2_32.recv(s, buf, len, flags);
    }

    static int send(long s, long buf, int len, int flags) {
        return JnaWs2_32.send(s, buf, len, flags);
    }

    static int WSARecv(long s, long lpBuffers, int dwBufferCount, long lpNumberOfBytesRecvd,
            long lpFlags, long lpOverlapped, long lpCompletionRoutine) {
        return JnaWs2_32.WSARecv(s, lpBuffers, dwBufferCount, lpNumberOfBytesRecvd, lpFlags, lpOverlapped,
                lpCompletionRoutine);
    }

    static int WSASend(long s, long lpBuffers, int dwBufferCount, long lpNumberOfBytesSent,
            int dwFlags, long lpOverlapped, long lpCompletionRoutine) {
        return JnaWs2_32.WSASend(s, lpBuffers, dwBufferCount, lpNumberOfBytesSent, dwFlags, lpOverlapped,
                lpCompletionRoutine);
    }

    static int recvfrom(long s, long buf, int len, int flags, long from, long fromlen) {
        return JnaWs2_32.recvfrom(s, buf, len, flags, from, fromlen);
    }

    static int sendto(long s, long buf, int len, int flags, long to, int tolen) {
        return JnaWs2_32.sendto(s, buf, len, flags, to, tolen);
    }

    static int shutdown(long s, int how) {
        return JnaWs2_32.shutdown(s, how);
    }

    static int closesocket(long s) {
        return JnaWs2_32.closesocket(s);
    }

    static int getsockname(long s, long name, long namelen) {
        return JnaWs2_32.getsockname(s, name, namelen);
    }

    static int getpeername(long s, long name, long namelen) {
        return JnaWs2_32.getpeername(s, name, namelen);
    }

    static int getsockopt(long s, int level, int optname, long optval, long optlen) {
        return JnaWs2_32.getsockopt(s, level, optname, optval, optlen);
    }

    static int setsockopt(long s, int level, int optname, long optval, int optlen) {
        return JnaWs2_32.setsockopt(s, level, optname, optval, optlen);
    }

    static int WSAPoll(long fdArray, int fds, int timeout) {
        return JnaWs2_32.WSAPoll(fdArray, fds, timeout);
    }

    /** Fills {@code lpProtocolBuffer} with WSAPROTOCOL_INFOW entries: the count, or SOCKET_ERROR (WSAENOBUFS and the needed size in {@code *lpdwBufferLength}). */
    static int WSAEnumProtocolsW(long lpiProtocols, long lpProtocolBuffer, long lpdwBufferLength) {
        return JnaWs2_32.WSAEnumProtocolsW(lpiProtocols, lpProtocolBuffer, lpdwBufferLength);
    }

    /** Sends one datagram described by a WSAMSG (buffers, target, control messages). */
    static int WSASendMsg(long s, long lpMsg, int dwFlags, long lpNumberOfBytesSent, long lpOverlapped,
            long lpCompletionRoutine) {
        return JnaWs2_32.WSASendMsg(s, lpMsg, dwFlags, lpNumberOfBytesSent, lpOverlapped, lpCompletionRoutine);
    }

    /**
     * {@code WSARecvMsg}, which ws2_32 does not export: {@link #bind} takes the address
     * {@code WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER, WSAID_WSARECVMSG)} gave
     * ({@link JnaWs2_32.RecvMsg} says how JNA calls it).
     */
    static final class RecvMsg {
        private RecvMsg() { }

        static boolean bound() {
            return JnaWs2_32.RecvMsg.bound();
        }

        /** True when calls allocate nothing (JNA: direct mapping worked). */
        static boolean direct() {
            return JnaWs2_32.RecvMsg.direct();
        }

        /** Binds the extension function at {@code address} (once; later calls are ignored). */
        static void bind(long address) {
            JnaWs2_32.RecvMsg.bind(address);
        }

        static int WSARecvMsg(long s, long lpMsg, long lpdwNumberOfBytesRecvd, long lpOverlapped,
                long lpCompletionRoutine) {
            return JnaWs2_32.RecvMsg.call(s, lpMsg, lpdwNumberOfBytesRecvd, lpOverlapped, lpCompletionRoutine);
        }

        /** Calls WSARecvMsg without overlapped I/O. */
        static int call(long s, long lpMsg, long lpdwNumberOfBytesRecvd) {
            return WSARecvMsg(s, lpMsg, lpdwNumberOfBytesRecvd, 0L, 0L);
        }
    }
}
