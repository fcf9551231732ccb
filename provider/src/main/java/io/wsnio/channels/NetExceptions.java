package io.wsnio.channels;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;

/**
 * The socket adaptors speak {@code java.net}: a channel's exception becomes what a
 * {@code java.net.Socket}, {@code ServerSocket} or {@code DatagramSocket} throws, with the
 * messages the JDK's adaptors use, and the channel's exception as the cause.
 */
final class NetExceptions {
    private NetExceptions() { }

    /**
     * JDK 24 (JDK-8343791) changed the JDK's socket adaptor: a connect to an unresolved address
     * closes the socket, and AlreadyConnectedException becomes SocketException("Already
     * connected"). wsnio's adaptors do what the running JDK's do.
     */
    static final boolean JDK24_CONNECT_RULES = Runtime.version().feature() >= 24;

    /** Any channel exception as a SocketException (option calls and the like). */
    static SocketException toSocketException(Exception x) {
        if (x instanceof SocketException se) {
            return se;
        }
        String message;
        if (x instanceof ClosedChannelException) {
            message = "Socket is closed";
        } else if (x instanceof NotYetConnectedException) {
            message = "Socket is not connected";
        } else if (x instanceof AlreadyBoundException) {
            message = "Already bound";
        } else if (x instanceof AlreadyConnectedException && JDK24_CONNECT_RULES) {
            message = "Already connected";
        } else if (x instanceof NotYetBoundException) {
            message = "Socket is not bound yet";
        } else if (x instanceof UnsupportedAddressTypeException) {
            message = "Unsupported address type";
        } else if (x instanceof UnresolvedAddressException) {
            message = "Unresolved address";
        } else if (x instanceof IOException) {
            message = x.getMessage();
        } else if (x instanceof RuntimeException re) {
            // AlreadyConnectedException before JDK 24, IllegalBlockingModeException, ...
            throw re;
        } else {
            throw new IllegalStateException("unexpected exception from a channel", x);
        }
        SocketException se = new SocketException(message);
        se.initCause(x);
        return se;
    }

    /**
     * For operations that throw IOException: an IOException passes unchanged (the JDK's adaptors
     * let ClosedChannelException through there), the channel's unchecked exceptions become
     * SocketExceptions as in {@link #toSocketException}, any other unchecked exception passes.
     */
    static IOException translate(Exception x) {
        if (x instanceof IOException ioe) {
            return ioe;
        }
        return toSocketException(x);
    }
}
