package io.wsnio.backend.winsock;

import static io.wsnio.backend.winsock.WinsockBridge.i;
import static io.wsnio.backend.winsock.WinsockBridge.l;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.Set;

/**
 * The Winsock backend's {@code ws2_32.dll} calls through JNA or java.lang.foreign downcalls (JDK 22
 * and later; the multi-release jar puts this class in place of the JNA-only one, with the same
 * methods). JNA ({@link JnaWs2_32}) is the default; {@code -Dwsnio.winsock.bridge=ffm} asks for the
 * downcalls, which are opt-in because they have never run on Windows ({@link WinsockBridge}).
 * {@link #lastError()} is {@code WSAGetLastError()} as the calling thread's last call through this
 * class left it: captured by the linker right after the call on the foreign bridge, JNA's last
 * error otherwise. No call is linked "critical": recv, accept, WSAPoll and the rest may block.
 */
final class Ws2_32 {
    private Ws2_32() { }

    private static final boolean FOREIGN = WinsockBridge.FOREIGN;

    /**
     * The foreign descriptor of every ws2_32 function here, by name, WSARecvMsg's included; one
     * carrier per Java parameter (pointers, {@code SOCKET}s and sizes as {@code JAVA_LONG}).
     * Reading it links nothing.
     */
    static final Map<String, FunctionDescriptor> DESCRIPTORS = Map.ofEntries(
            Map.entry("WSAStartup", i(JAVA_SHORT, JAVA_LONG)),
            Map.entry("WSASocketW", l(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT)),
            Map.entry("ioctlsocket", i(JAVA_LONG, JAVA_INT, JAVA_LONG)),
            Map.entry("WSAIoctl", i(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG,
                    JAVA_LONG, JAVA_LONG)),
            Map.entry("bind", i(JAVA_LONG, JAVA_LONG, JAVA_INT)),
            Map.entry("listen", i(JAVA_LONG, JAVA_INT)),
            Map.entry("accept", l(JAVA_LONG, JAVA_LONG, JAVA_LONG)),
            Map.entry("connect", i(JAVA_LONG, JAVA_LONG, JAVA_INT)),
            Map.entry("recv", i(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT)),
            Map.entry("send", i(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT)),
            Map.entry("WSARecv", i(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG)),
            Map.entry("WSASend", i(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG)),
            Map.entry("recvfrom", i(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG)),
            Map.entry("sendto", i(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT)),
            Map.entry("shutdown", i(JAVA_LONG, JAVA_INT)),
            Map.entry("closesocket", i(JAVA_LONG)),
            Map.entry("getsockname", i(JAVA_LONG, JAVA_LONG, JAVA_LONG)),
            Map.entry("getpeername", i(JAVA_LONG, JAVA_LONG, JAVA_LONG)),
            Map.entry("getsockopt", i(JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG)),
            Map.entry("setsockopt", i(JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT)),
            Map.entry("WSAPoll", i(JAVA_LONG, JAVA_INT, JAVA_INT)),
            Map.entry("WSAEnumProtocolsW", i(JAVA_LONG, JAVA_LONG, JAVA_LONG)),
            Map.entry("WSASendMsg", i(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG)),
            Map.entry("WSARecvMsg", i(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG)));

    private static final WinsockBridge.Linked LINKED = WinsockBridge.linkIfForeign("ws2_32.dll", DESCRIPTORS, Set.of("WSARecvMsg"),
            WinsockBridge.WSA, () -> JnaWs2_32.UNAVAILABILITY_CAUSE);
    /** Why ws2_32.dll could not be bound, or null when it was. */
    static final Throwable UNAVAILABILITY_CAUSE = LINKED.cause();
    private static final Map<String, MethodHandle> HANDLES = LINKED.handles();

    private static final MethodHandle WSA_STARTUP = HANDLES.get("WSAStartup");
    private static final MethodHandle WSA_SOCKET_W = HANDLES.get("WSASocketW");
    private static final MethodHandle IOCTLSOCKET = HANDLES.get("ioctlsocket");
    private static final MethodHandle WSA_IOCTL = HANDLES.get("WSAIoctl");
    private static final MethodHandle BIND = HANDLES.get("bind");
    private static final MethodHandle LISTEN = HANDLES.get("listen");
    private static final MethodHandle ACCEPT = HANDLES.get("accept");
    private static final MethodHandle CONNECT = HANDLES.get("connect");
    private static final MethodHandle RECV = HANDLES.get("recv");
    private static final MethodHandle SEND = HANDLES.get("send");
    private static final MethodHandle WSA_RECV = HANDLES.get("WSARecv");
    private static final MethodHandle WSA_SEND = HANDLES.get("WSASend");
    private static final MethodHandle RECVFROM = HANDLES.get("recvfrom");
    private static final MethodHandle SENDTO = HANDLES.get("sendto");
    private static final MethodHandle SHUTDOWN = HANDLES.get("shutdown");
    private static final MethodHandle CLOSESOCKET = HANDLES.get("closesocket");
    private static final MethodHandle GETSOCKNAME = HANDLES.get("getsockname");
    private static final MethodHandle GETPEERNAME = HANDLES.get("getpeername");
    private static final MethodHandle GETSOCKOPT = HANDLES.get("getsockopt");
    private static final MethodHandle SETSOCKOPT = HANDLES.get("setsockopt");
    private static final MethodHandle WSA_POLL = HANDLES.get("WSAPoll");
    private static final MethodHandle WSA_ENUM_PROTOCOLS_W = HANDLES.get("WSAEnumProtocolsW");
    private static final MethodHandle WSA_SEND_MSG = HANDLES.get("WSASendMsg");

    /** The calling thread's last Winsock error, as its last call through this class left it. */
    static int lastError() {
        return FOREIGN ? WinsockBridge.wsaError() : JnaWs2_32.lastError();
    }

    static int WSAStartup(short wVersionRequested, long lpWSAData) {
        if (!FOREIGN) {
            return JnaWs2_32.WSAStartup(wVersionRequested, lpWSAData);
        }
        try {
            return (int) WSA_STARTUP.invokeExact(WinsockBridge.state(), wVersionRequested, lpWSAData);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static long WSASocketW(int af, int type, int protocol, long lpProtocolInfo, int g, int dwFlags) {
        if (!FOREIGN) {
            return JnaWs2_32.WSASocketW(af, type, protocol, lpProtocolInfo, g, dwFlags);
        }
        try {
            return (long) WSA_SOCKET_W.invokeExact(WinsockBridge.state(), af, type, protocol, lpProtocolInfo, g,
                    dwFlags);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int ioctlsocket(long s, int cmd, long argp) {
        if (!FOREIGN) {
            return JnaWs2_32.ioctlsocket(s, cmd, argp);
        }
        try {
            return (int) IOCTLSOCKET.invokeExact(WinsockBridge.state(), s, cmd, argp);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int WSAIoctl(long s, int dwIoControlCode, long lpvInBuffer, int cbInBuffer, long lpvOutBuffer,
            int cbOutBuffer, long lpcbBytesReturned, long lpOverlapped, long lpCompletionRoutine) {
        if (!FOREIGN) {
            return JnaWs2_32.WSAIoctl(s, dwIoControlCode, lpvInBuffer, cbInBuffer, lpvOutBuffer, cbOutBuffer,
                    lpcbBytesReturned, lpOverlapped, lpCompletionRoutine);
        }
        try {
            return (int) WSA_IOCTL.invokeExact(WinsockBridge.state(), s, dwIoControlCode, lpvInBuffer, cbInBuffer,
                    lpvOutBuffer, cbOutBuffer, lpcbBytesReturned, lpOverlapped, lpCompletionRoutine);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int bind(long s, long name, int namelen) {
        if (!FOREIGN) {
            return JnaWs2_32.bind(s, name, namelen);
        }
        try {
            return (int) BIND.invokeExact(WinsockBridge.state(), s, name, namelen);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int listen(long s, int backlog) {
        if (!FOREIGN) {
            return JnaWs2_32.listen(s, backlog);
        }
        try {
            return (int) LISTEN.invokeExact(WinsockBridge.state(), s, backlog);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static long accept(long s, long addr, long addrlen) {
        if (!FOREIGN) {
            return JnaWs2_32.accept(s, addr, addrlen);
        }
        try {
            return (long) ACCEPT.invokeExact(WinsockBridge.state(), s, addr, addrlen);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int connect(long s, long name, int namelen) {
        if (!FOREIGN) {
            return JnaWs2_32.connect(s, name, namelen);
        }
        try {
            return (int) CONNECT.invokeExact(WinsockBridge.state(), s, name, namelen);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int recv(long s, long buf, int len, int flags) {
        if (!FOREIGN) {
            return JnaWs2_32.recv(s, buf, len, flags);
        }
        try {
            return (int) RECV.invokeExact(WinsockBridge.state(), s, buf, len, flags);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int send(long s, long buf, int len, int flags) {
        if (!FOREIGN) {
            return JnaWs2_32.send(s, buf, len, flags);
        }
        try {
            return (int) SEND.invokeExact(WinsockBridge.state(), s, buf, len, flags);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int WSARecv(long s, long lpBuffers, int dwBufferCount, long lpNumberOfBytesRecvd, long lpFlags,
            long lpOverlapped, long lpCompletionRoutine) {
        if (!FOREIGN) {
            return JnaWs2_32.WSARecv(s, lpBuffers, dwBufferCount, lpNumberOfBytesRecvd, lpFlags, lpOverlapped,
                    lpCompletionRoutine);
        }
        try {
            return (int) WSA_RECV.invokeExact(WinsockBridge.state(), s, lpBuffers, dwBufferCount,
                    lpNumberOfBytesRecvd, lpFlags, lpOverlapped, lpCompletionRoutine);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int WSASend(long s, long lpBuffers, int dwBufferCount, long lpNumberOfBytesSent, int dwFlags,
            long lpOverlapped, long lpCompletionRoutine) {
        if (!FOREIGN) {
            return JnaWs2_32.WSASend(s, lpBuffers, dwBufferCount, lpNumberOfBytesSent, dwFlags, lpOverlapped,
                    lpCompletionRoutine);
        }
        try {
            return (int) WSA_SEND.invokeExact(WinsockBridge.state(), s, lpBuffers, dwBufferCount,
                    lpNumberOfBytesSent, dwFlags, lpOverlapped, lpCompletionRoutine);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int recvfrom(long s, long buf, int len, int flags, long from, long fromlen) {
        if (!FOREIGN) {
            return JnaWs2_32.recvfrom(s, buf, len, flags, from, fromlen);
        }
        try {
            return (int) RECVFROM.invokeExact(WinsockBridge.state(), s, buf, len, flags, from, fromlen);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int sendto(long s, long buf, int len, int flags, long to, int tolen) {
        if (!FOREIGN) {
            return JnaWs2_32.sendto(s, buf, len, flags, to, tolen);
        }
        try {
            return (int) SENDTO.invokeExact(WinsockBridge.state(), s, buf, len, flags, to, tolen);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int shutdown(long s, int how) {
        if (!FOREIGN) {
            return JnaWs2_32.shutdown(s, how);
        }
        try {
            return (int) SHUTDOWN.invokeExact(WinsockBridge.state(), s, how);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int closesocket(long s) {
        if (!FOREIGN) {
            return JnaWs2_32.closesocket(s);
        }
        try {
            return (int) CLOSESOCKET.invokeExact(WinsockBridge.state(), s);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int getsockname(long s, long name, long namelen) {
        if (!FOREIGN) {
            return JnaWs2_32.getsockname(s, name, namelen);
        }
        try {
            return (int) GETSOCKNAME.invokeExact(WinsockBridge.state(), s, name, namelen);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int getpeername(long s, long name, long namelen) {
        if (!FOREIGN) {
            return JnaWs2_32.getpeername(s, name, namelen);
        }
        try {
            return (int) GETPEERNAME.invokeExact(WinsockBridge.state(), s, name, namelen);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int getsockopt(long s, int level, int optname, long optval, long optlen) {
        if (!FOREIGN) {
            return JnaWs2_32.getsockopt(s, level, optname, optval, optlen);
        }
        try {
            return (int) GETSOCKOPT.invokeExact(WinsockBridge.state(), s, level, optname, optval, optlen);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int setsockopt(long s, int level, int optname, long optval, int optlen) {
        if (!FOREIGN) {
            return JnaWs2_32.setsockopt(s, level, optname, optval, optlen);
        }
        try {
            return (int) SETSOCKOPT.invokeExact(WinsockBridge.state(), s, level, optname, optval, optlen);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int WSAPoll(long fdArray, int fds, int timeout) {
        if (!FOREIGN) {
            return JnaWs2_32.WSAPoll(fdArray, fds, timeout);
        }
        try {
            return (int) WSA_POLL.invokeExact(WinsockBridge.state(), fdArray, fds, timeout);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    /** Fills {@code lpProtocolBuffer} with WSAPROTOCOL_INFOW entries: the count, or SOCKET_ERROR (WSAENOBUFS and the needed size in {@code *lpdwBufferLength}). */
    static int WSAEnumProtocolsW(long lpiProtocols, long lpProtocolBuffer, long lpdwBufferLength) {
        if (!FOREIGN) {
            return JnaWs2_32.WSAEnumProtocolsW(lpiProtocols, lpProtocolBuffer, lpdwBufferLength);
        }
        try {
            return (int) WSA_ENUM_PROTOCOLS_W.invokeExact(WinsockBridge.state(), lpiProtocols, lpProtocolBuffer,
                    lpdwBufferLength);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    /** Sends one datagram described by a WSAMSG (buffers, target, control messages). */
    static int WSASendMsg(long s, long lpMsg, int dwFlags, long lpNumberOfBytesSent, long lpOverlapped,
            long lpCompletionRoutine) {
        if (!FOREIGN) {
            return JnaWs2_32.WSASendMsg(s, lpMsg, dwFlags, lpNumberOfBytesSent, lpOverlapped, lpCompletionRoutine);
        }
        try {
            return (int) WSA_SEND_MSG.invokeExact(WinsockBridge.state(), s, lpMsg, dwFlags, lpNumberOfBytesSent,
                    lpOverlapped, lpCompletionRoutine);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    /**
     * {@code WSARecvMsg}, which ws2_32 does not export: {@link #bind} takes the address
     * {@code WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER, WSAID_WSARECVMSG)} gave. On the foreign
     * bridge that address becomes a downcall handle (no allocation per call); on JNA,
     * {@link JnaWs2_32.RecvMsg} says how it is called.
     */
    static final class RecvMsg {
        private RecvMsg() { }

        /** The foreign bridge's downcall, null until {@link #bind}. */
        private static volatile MethodHandle handle;

        static boolean bound() {
            return FOREIGN ? handle != null : JnaWs2_32.RecvMsg.bound();
        }

        /** True when calls allocate nothing (JNA: direct mapping worked; a downcall always). */
        static boolean direct() {
            return FOREIGN ? handle != null : JnaWs2_32.RecvMsg.direct();
        }

        /** Binds the extension function at {@code address} (once; later calls are ignored). */
        static synchronized void bind(long address) {
            if (!FOREIGN) {
                JnaWs2_32.RecvMsg.bind(address);
            } else if (handle == null) {
                handle = WinsockBridge.linkAddress(address, DESCRIPTORS.get("WSARecvMsg"), WinsockBridge.WSA);
            }
        }

        static int WSARecvMsg(long s, long lpMsg, long lpdwNumberOfBytesRecvd, long lpOverlapped,
                long lpCompletionRoutine) {
            if (!FOREIGN) {
                return JnaWs2_32.RecvMsg.call(s, lpMsg, lpdwNumberOfBytesRecvd, lpOverlapped,
                        lpCompletionRoutine);
            }
            try {
                return (int) handle.invokeExact(WinsockBridge.state(), s, lpMsg, lpdwNumberOfBytesRecvd,
                        lpOverlapped, lpCompletionRoutine);
            } catch (Throwable t) {
                throw WinsockBridge.rethrow(t);
            }
        }

        /** Calls WSARecvMsg without overlapped I/O. */
        static int call(long s, long lpMsg, long lpdwNumberOfBytesRecvd) {
            return WSARecvMsg(s, lpMsg, lpdwNumberOfBytesRecvd, 0L, 0L);
        }
    }
}
