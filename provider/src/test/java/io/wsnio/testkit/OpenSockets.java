package io.wsnio.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Counts what a leak test must see come back: this process's open descriptors on Linux
 * ({@code /proc/self/fd}), its open socket handles on Windows (and under Wine, where the Linux
 * descriptors belong to the wineserver, not to the Windows process), through {@link WindowsHandles}.
 */
public final class OpenSockets {
    private static final Path FD_DIR = Path.of("/proc/self/fd");
    private static final boolean WINDOWS = System.getProperty("os.name").startsWith("Windows");

    private OpenSockets() { }

    /** Aborts the test, naming why, unless {@link #count()} works here. */
    public static void assumeCountable() {
        if (WINDOWS) {
            Throwable why = null;
            try {
                WindowsHandles.socketCount();
            } catch (Throwable t) {
                why = t;
            }
            Throwable cause = why;
            Assumptions.assumeTrue(cause == null, () -> "cannot count this process's socket handles: " + cause);
            return;
        }
        Assumptions.assumeTrue(Files.isDirectory(FD_DIR), "counting descriptors needs /proc/self/fd (os.name "
                + System.getProperty("os.name") + ")");
    }

    /** Open descriptors (Linux; the listing's own not counted) or open socket handles (Windows). */
    public static int count() {
        if (WINDOWS) {
            return WindowsHandles.socketCount();
        }
        try (Stream<Path> s = Files.list(FD_DIR)) {
            return (int) s.count() - 1;
        } catch (IOException e) {
            throw new AssertionError("cannot list " + FD_DIR, e);
        }
    }

    /**
     * {@link #count()} once it has stopped moving (the same over 100 ms, within 5 s): descriptors an
     * earlier test's threads or selectors are still releasing would otherwise be counted in a
     * baseline and then go away, making a later count look short.
     */
    public static int settledCount() throws InterruptedException {
        int last = count();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
            int now = count();
            if (now == last) {
                return now;
            }
            last = now;
        }
        return last;
    }

    /** What {@link #count()} counts, for messages. */
    public static String what() {
        return WINDOWS ? "socket handles (" + WindowsHandles.source() + ", getsockopt)" : "descriptors (/proc/self/fd)";
    }
}
