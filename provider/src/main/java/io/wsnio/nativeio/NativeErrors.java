package io.wsnio.nativeio;

import io.wsnio.NativeBindException;
import io.wsnio.NativeConnectException;
import io.wsnio.NativeNoRouteToHostException;
import io.wsnio.NativeSocketException;
import io.wsnio.SocketCreationException;
import io.wsnio.SocketSpec;
import java.io.IOException;

/**
 * Turns a symbolic native error into the Java exception the JDK would throw for it. Backends call
 * this with their own spelling ({@code ECONNREFUSED} or {@code WSAECONNREFUSED}); the table keys
 * on the name without the {@code WSA} prefix, so one table serves both.
 */
public final class NativeErrors {

    private NativeErrors() { }

    /** The name with any leading {@code WSA} removed: {@code WSAECONNRESET -> ECONNRESET}. */
    public static String neutral(String name) {
        return name.startsWith("WSA") ? name.substring(3) : name;
    }

    /** The exception for {@code name} raised by {@code call} (e.g. "connect"). */
    public static IOException exception(String call, String name, int code, String description) {
        String message = description + " (" + name + " from " + call + ")";
        switch (neutral(name)) {
            case "ECONNREFUSED":
                return new NativeConnectException("Connection refused (" + name + ")", name, code);
            case "ETIMEDOUT":
                return "connect".equals(call)
                        ? new NativeConnectException("Connection timed out (" + name + ")", name, code)
                        : new NativeSocketException("Connection timed out (" + name + ")", name, code);
            case "EADDRINUSE":
            case "EADDRNOTAVAIL":
                return new NativeBindException(message, name, code);
            case "EACCES":
                return "bind".equals(call) ? new NativeBindException(message, name, code)
                        : new NativeSocketException(message, name, code);
            case "EHOSTUNREACH":
                // as the JDK: only EHOSTUNREACH is NoRouteToHost; ENETUNREACH is a SocketException
                return new NativeNoRouteToHostException(message, name, code);
            case "ECONNRESET":
                return new NativeSocketException("Connection reset (" + name + ")", name, code);
            case "EPIPE":
                return new NativeSocketException("Broken pipe (" + name + ")", name, code);
            default:
                return new NativeSocketException(message, name, code);
        }
    }

    /** The exception for a refused {@code socket()} call; the message names the triple. */
    public static SocketCreationException socketRefused(SocketSpec spec, String name, int code, String description, String hint) {
        return socketRefused(spec, null, name, code, description, hint);
    }

    /**
     * The exception for a refused {@code socket()} call; the message names the triple and, when
     * {@code nativeCall} is given, the call as the platform saw it with its C names and numbers
     * (for example {@code socket(AF_PACKET 17, SOCK_DGRAM 2, 0)}), so that a native triple written
     * with the other platform's numbers shows what it meant here.
     */
    public static SocketCreationException socketRefused(SocketSpec spec, String nativeCall, String name, int code,
            String description, String hint) {
        StringBuilder sb = new StringBuilder("socket ").append(spec);
        if (nativeCall != null) {
            sb.append(" = ").append(nativeCall);
        }
        sb.append(" refused: ").append(name).append(" (").append(description).append(')');
        if (hint != null && !hint.isEmpty()) {
            sb.append(": ").append(hint);
        }
        return new SocketCreationException(sb.toString(), name, code, spec);
    }
}
