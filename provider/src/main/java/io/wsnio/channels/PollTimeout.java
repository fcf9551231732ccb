package io.wsnio.channels;

import io.wsnio.nativeio.IOStatus;
import io.wsnio.nativeio.NativeNet;
import java.io.IOException;
import java.nio.channels.Channel;

/** The socket adaptors' SO_TIMEOUT wait: a poll that a signal (EINTR) neither ends early nor stretches. */
final class PollTimeout {

    private PollTimeout() {
    }

    /**
     * Polls {@code handle} for {@code events} up to {@code millis} ms, waiting again for the rest of
     * the time after a signal; returns true when the time ran out with nothing ready (false when the
     * handle is ready, or the channel was closed meanwhile: the call that follows reports that).
     */
    static boolean await(NativeNet net, long handle, int events, int millis, Channel ch) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        int wait = millis;
        for (;;) {
            int r = net.poll(handle, events, wait);
            if (r != IOStatus.INTERRUPTED) {
                return r == 0;
            }
            if (!ch.isOpen()) {
                return false;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            wait = (int) Math.min(Integer.MAX_VALUE, (left + 999_999L) / 1_000_000L); // never early
        }
    }
}
