package io.wsnio.channels;

import io.wsnio.nativeio.SockOpt;
import java.io.IOException;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Opt-in diagnostic ({@code -Dwsnio.statistics.protocols=true}): counts, per kind of channel
 * ({@code stream}, {@code server}, {@code accepted}, {@code datagram}), the protocol the kernel
 * reports for each socket wsnio opens or accepts ({@code SO_PROTOCOL}). Costs one
 * {@code getsockopt} per channel when on and nothing when off. It lets a program that cannot reach
 * the channels a framework opened (an HTTP server's accepted sockets) show what protocol served it.
 */
public final class ProtocolTally {
    private static final boolean ENABLED = Boolean.getBoolean("wsnio.statistics.protocols");
    private static final Map<String, LongAdder> COUNTS = new ConcurrentSkipListMap<>();

    private ProtocolTally() {
    }

    /** Whether {@code wsnio.statistics.protocols} was {@code true} when wsnio loaded. */
    public static boolean enabled() {
        return ENABLED;
    }

    static void record(String kind, NativeCore core) {
        if (!ENABLED) {
            return;
        }
        String key;
        try {
            key = kind + ":" + core.net.getIntOption(core.handle, SockOpt.SO_PROTOCOL);
        } catch (IOException | RuntimeException e) {
            key = kind + ":unknown";
        }
        COUNTS.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** For example {@code accepted:262=50 server:262=1 stream:262=50}; empty when off or none yet. */
    public static String snapshot() {
        StringJoiner j = new StringJoiner(" ");
        COUNTS.forEach((k, v) -> j.add(k + "=" + v.sum()));
        return j.toString();
    }
}
