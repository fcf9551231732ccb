package io.wsnio.backend.winsock;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * JNA direct mapping of {@code ws2_32.dll}, loaded by its absolute System32 path. Arguments are
 * primitives and {@code long} addresses only ({@code SOCKET} is a {@code long}); no method declares
 * {@code LastErrorException}: callers check the return value and then read {@link #lastError()}
 * on the same thread. The backend calls these through {@link Ws2_32}, which on JDK 22 and later
 * can carry them over java.lang.foreign instead ({@code -Dwsnio.winsock.bridge=ffm}).
 */
final class JnaWs2_32 {
    private JnaWs2_32() { }

    /** Why ws2_32.dll could not be bound, or null when it was. */
    static final Throwable UNAVAILABILITY_CAUSE;

    static {
        Throwable cause = null;
        try {
            Native.register(JnaWs2_32.class, NativeLibrary.getInstance(SystemDlls.path("ws2_32.dll")));
        } catch (Throwable t) {
            cause = t;
        }
        UNAVAILABILITY_CAUSE = cause;
    }

    /** The calling thread's last error, as the last call through JNA left it. */
    static int lastError() {
        return Native.getLastError();
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

    /** Sends one datagram described by a WSAMSG (buffers, target, control messages); exported since Vista. */
    static native int WSASendMsg(long s, long lpMsg, int dwFlags, long lpNumberOfBytesSent, long lpOverlapped,
            long lpCompletionRoutine);

    /**
     * {@code WSARecvMsg}, which ws2_32 does not export: its address comes from
     * {@code WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER, WSAID_WSARECVMSG)}. {@link #bind} makes it a
     * JNA direct-mapped method (no allocation per call) by handing {@link Native#register} a
     * {@link com.sun.jna.Function} for that address; where this JNA's internals do not allow it,
     * calls go through {@link com.sun.jna.Function#invokeInt}, which allocates its argument array.
     */
    static final class RecvMsg {
        private RecvMsg() { }

        /** 1 direct, 2 through Function.invokeInt, 0 not bound yet. Written once under RecvMsg.class. */
        private static volatile int mode;
        private static com.sun.jna.Function function;
        private static final System.Logger LOG = System.getLogger(RecvMsg.class.getName());

        static native int WSARecvMsg(long s, long lpMsg, long lpdwNumberOfBytesRecvd, long lpOverlapped,
                long lpCompletionRoutine);

        static boolean bound() {
            return mode != 0;
        }

        /** True when calls are direct-mapped (allocation-free). */
        static boolean direct() {
            return mode == 1;
        }

        /** Binds the extension function at {@code address} (once; later calls are ignored). */
        static synchronized void bind(long address) {
            if (mode != 0) {
                return;
            }
            com.sun.jna.Function f = com.sun.jna.Function.getFunction(new com.sun.jna.Pointer(address));
            try {
                NativeLibrary lib = NativeLibrary.getInstance(SystemDlls.path("ws2_32.dll"));
                java.lang.reflect.Field functions = NativeLibrary.class.getDeclaredField("functions");
                java.lang.reflect.Field callFlags = NativeLibrary.class.getDeclaredField("callFlags");
                java.lang.reflect.Field encoding = NativeLibrary.class.getDeclaredField("encoding");
                java.lang.reflect.Method key = NativeLibrary.class.getDeclaredMethod("functionKey",
                        String.class, int.class, String.class);
                functions.setAccessible(true);
                callFlags.setAccessible(true);
                encoding.setAccessible(true);
                key.setAccessible(true);
                int flags = callFlags.getInt(lib);
                String enc = (String) encoding.get(lib);
                @SuppressWarnings("unchecked")
                java.util.Map<String, com.sun.jna.Function> map = (java.util.Map<String, com.sun.jna.Function>) functions.get(lib);
                synchronized (map) {
                    map.put((String) key.invoke(null, "WSARecvMsg", flags, enc), f);
                }
                // the lookup Native.register makes must now find exactly this function
                if (lib.getFunction("WSARecvMsg", flags, enc) != f) {
                    throw new IllegalStateException("NativeLibrary's function cache did not take WSARecvMsg");
                }
                Native.register(RecvMsg.class, lib);
                mode = 1;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.DEBUG, "WSARecvMsg is called through Function.invokeInt"
                        + " (allocates per call): " + e);
                function = f;
                mode = 2;
            }
        }

        /** Calls WSARecvMsg the way {@link #bind} bound it. */
        static int call(long s, long lpMsg, long lpdwNumberOfBytesRecvd, long lpOverlapped, long lpCompletionRoutine) {
            if (mode == 1) {
                return WSARecvMsg(s, lpMsg, lpdwNumberOfBytesRecvd, lpOverlapped, lpCompletionRoutine);
            }
            return function.invokeInt(new Object[] {s, lpMsg, lpdwNumberOfBytesRecvd, lpOverlapped, lpCompletionRoutine});
        }
    }
}
