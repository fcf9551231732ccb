package io.wsnio.channels;

import java.net.SocketAddress;

/**
 * JFR events for wsnio sockets ({@code io.wsnio.SocketRead}, {@code io.wsnio.SocketWrite}), the
 * counterparts of the JDK's {@code jdk.SocketRead}/{@code jdk.SocketWrite} with the same fields and
 * default threshold (20 ms), plus the socket's triple and the protocol the kernel reports.
 *
 * <p>This class names no {@code jdk.jfr} type, so a runtime without the {@code jdk.jfr} module (a
 * jlinked image) loads it and gets {@code null} from every {@code begin} method: the event classes
 * ({@link JfrSocketEvents}) are loaded only when the module is present. With no recording asking
 * for an event, {@code begin} reads one flag and returns {@code null}; nothing is allocated. With
 * one, a channel makes one event object per direction and begins it again for every operation
 * (the JFR instrumentation's begin, end and commit set the start and duration each time).
 * {@code -Dwsnio.jfr=false} turns the events off for good.
 */
final class SocketEvents {
    private static final boolean AVAILABLE = !"false".equals(System.getProperty("wsnio.jfr"))
            && ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    private SocketEvents() {
    }

    /**
     * A started read event, or null when no recording wants one: {@code reuse} (an event an earlier
     * call returned, which has ended) begun again, or a new one when {@code reuse} is null.
     */
    static Object readBegin(Object reuse) {
        return AVAILABLE ? JfrSocketEvents.readBegin(reuse) : null;
    }

    /** A started write event, or null when no recording wants one, as {@link #readBegin}. */
    static Object writeBegin(Object reuse) {
        return AVAILABLE ? JfrSocketEvents.writeBegin(reuse) : null;
    }

    /**
     * Ends {@code event} (from {@link #readBegin}; no-op for null) after a read of {@code n} bytes
     * ({@code -1}: end of stream) from {@code peer} on {@code channel}; commits it when it lasted
     * past the threshold.
     */
    static void readEnd(Object event, WsnioSocketChannel channel, SocketAddress peer, long n, long timeoutMillis) {
        if (event != null) {
            JfrSocketEvents.readEnd(event, channel, peer, n, timeoutMillis);
        }
    }

    /** Ends a write event of {@code n} bytes, as {@link #readEnd}. */
    static void writeEnd(Object event, WsnioSocketChannel channel, SocketAddress peer, long n) {
        if (event != null) {
            JfrSocketEvents.writeEnd(event, channel, peer, n);
        }
    }
}
