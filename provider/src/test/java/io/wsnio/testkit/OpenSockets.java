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

    /** What {@link #count()} counts, for messages. */
    public static String what() {
        return WINDOWS ? "socket handles (" + WindowsHandles.source() + ", getsockopt)" : "descriptors (/proc/self/fd)";
    }
}
