package io.wsnio.backend.winsock;

import static io.wsnio.backend.winsock.WinsockAbi.*;

import io.wsnio.SocketSpec;
import io.wsnio.nativeio.NativeErrors;
import java.io.IOException;

/** Winsock error numbers to their C names and short descriptions, and to the seam's exceptions. */
final class WinsockErrors {
    private WinsockErrors() { }

    private static final int BASE = 10000;
    private static final String[] NAMES = new String[200];
    private static final String[] TEXTS = new String[200];

    private static void put(int code, String name, String text) {
        NAMES[code - BASE] = name;
        TEXTS[code - BASE] = text;
    }

    static {
        put(WSAEINTR, "WSAEINTR", "Interrupted function call");
        put(WSAEBADF, "WSAEBADF", "File handle is not valid");
        put(WSAEACCES, "WSAEACCES", "Permission denied");
        put(WSAEFAULT, "WSAEFAULT", "Bad address");
        put(WSAEINVAL, "WSAEINVAL", "Invalid argument");
        put(WSAEMFILE, "WSAEMFILE", "Too many open sockets");
        put(WSAEWOULDBLOCK, "WSAEWOULDBLOCK", "Resource temporarily unavailable");
        put(WSAEINPROGRESS, "WSAEINPROGRESS", "Operation now in progress");
        put(WSAEALREADY, "WSAEALREADY", "Operation already in progress");
        put(WSAENOTSOCK, "WSAENOTSOCK", "Socket operation on nonsocket");
        put(WSAEDESTADDRREQ, "WSAEDESTADDRREQ", "Destination address required");
        put(WSAEMSGSIZE, "WSAEMSGSIZE", "Message too long");
        put(WSAEPROTOTYPE, "WSAEPROTOTYPE", "Protocol wrong type for socket");
        put(WSAENOPROTOOPT, "WSAENOPROTOOPT", "Bad protocol option");
        put(WSAEPROTONOSUPPORT, "WSAEPROTONOSUPPORT", "Protocol not supported");
        put(WSAESOCKTNOSUPPORT, "WSAESOCKTNOSUPPORT", "Socket type not supported");
        put(WSAEOPNOTSUPP, "WSAEOPNOTSUPP", "Operation not supported");
        put(WSAEPFNOSUPPORT, "WSAEPFNOSUPPORT", "Protocol family not supported");
        put(WSAEAFNOSUPPORT, "WSAEAFNOSUPPORT", "Address family not supported by protocol family");
        put(WSAEADDRINUSE, "WSAEADDRINUSE", "Address already in use");
        put(WSAEADDRNOTAVAIL, "WSAEADDRNOTAVAIL", "Cannot assign requested address");
        put(WSAENETDOWN, "WSAENETDOWN", "Network is down");
        put(WSAENETUNREACH, "WSAENETUNREACH", "Network is unreachable");
        put(WSAENETRESET, "WSAENETRESET", "Network dropped connection on reset");
        put(WSAECONNABORTED, "WSAECONNABORTED", "Software caused connection abort");
        put(WSAECONNRESET, "WSAECONNRESET", "Connection reset by peer");
        put(WSAENOBUFS, "WSAENOBUFS", "No buffer space available");
        put(WSAEISCONN, "WSAEISCONN", "Socket is already connected");
        put(WSAENOTCONN, "WSAENOTCONN", "Socket is not connected");
        put(WSAESHUTDOWN, "WSAESHUTDOWN", "Cannot send after socket shutdown");
        put(WSAETIMEDOUT, "WSAETIMEDOUT", "Connection timed out");
        put(WSAECONNREFUSED, "WSAECONNREFUSED", "Connection refused");
        put(WSAEHOSTDOWN, "WSAEHOSTDOWN", "Host is down");
        put(WSAEHOSTUNREACH, "WSAEHOSTUNREACH", "No route to host");
        put(WSASYSNOTREADY, "WSASYSNOTREADY", "Network subsystem is unavailable");
        put(WSAVERNOTSUPPORTED, "WSAVERNOTSUPPORTED", "Winsock.dll version out of range");
        put(WSANOTINITIALISED, "WSANOTINITIALISED", "Successful WSAStartup not yet performed");
        put(WSAEINVALIDPROCTABLE, "WSAEINVALIDPROCTABLE", "Invalid procedure table from service provider");
        put(WSAEINVALIDPROVIDER, "WSAEINVALIDPROVIDER", "Invalid service provider version number");
        put(WSAEPROVIDERFAILEDINIT, "WSAEPROVIDERFAILEDINIT", "Unable to initialize a service provider");
    }

    /** The C name of a Winsock error, e.g. {@code WSAECONNREFUSED}; {@code WSA<n>} when unnamed. */
    static String name(int code) {
        int i = code - BASE;
        if (i >= 0 && i < NAMES.length && NAMES[i] != null) {
            return NAMES[i];
        }
        if (code == WSA_OPERATION_ABORTED) {
            return "WSA_OPERATION_ABORTED";
        }
        return "WSA" + code;
    }

    static String description(int code) {
        int i = code - BASE;
        if (i >= 0 && i < TEXTS.length && TEXTS[i] != null) {
            return TEXTS[i];
        }
        if (code == WSA_OPERATION_ABORTED) {
            return "The I/O operation has been aborted";
        }
        return "Winsock error " + code;
    }

    /** The seam's exception for {@code code} returned by {@code call}. */
    static IOException exception(String call, int code) {
        return NativeErrors.exception(call, name(code), code, description(code));
    }

    /**
     * The exception for a refused socket() call, naming the triple, the call with Winsock's names
     * and numbers, the error and what the reference says about it ({@link WinsockHints}).
     */
    static IOException socketRefused(SocketSpec spec, int code) {
        return NativeErrors.socketRefused(spec, WinsockHints.nativeCall(spec), name(code), code, description(code),
                WinsockHints.socketHint(spec, code));
    }
}
