package io.wsnio.spi.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** Linux process facts for the reliability suite: open descriptors, resident memory, the descriptor limit. */
final class ProcSelf {

    private static final Path FD_DIR = Path.of("/proc/self/fd");
    private static final int RLIMIT_NOFILE = 7; // Linux, every architecture the project builds on

    private ProcSelf() {
    }

    /** Aborts the test unless /proc/self (Linux) is here. */
    static void assumeLinux() {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().startsWith("linux")
                && Files.isDirectory(FD_DIR), "needs Linux /proc/self/fd (os.name " + System.getProperty("os.name") + ")");
    }

    /** The number of open descriptors of this process (the directory stream's own is not counted). */
    static int fdCount() {
        try (Stream<Path> s = Files.list(FD_DIR)) {
            return (int) s.count() - 1;
        } catch (IOException e) {
            throw new AssertionError("cannot list " + FD_DIR, e);
        }
    }

    /** Waits (bounded) for the descriptor count to come back to at most {@code baseline}; returns the last count. */
    static int awaitFdCountAtMost(int baseline, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        int n = fdCount();
        while (n > baseline && System.nanoTime() < deadline) {
            Thread.sleep(20);
            n = fdCount();
        }
        return n;
    }

    /** The descriptors this process has open, as "fd -> target" lines (for failure messages). */
    static String fdListing() {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.list(FD_DIR)) {
            s.forEach(p -> {
                try {
                    sb.append('\n').append(p.getFileName()).append(" -> ").append(Files.readSymbolicLink(p));
                } catch (IOException e) {
                    // closed while listing
                }
            });
        } catch (IOException e) {
            sb.append(e);
        }
        return sb.toString();
    }

    /** VmRSS of /proc/self/status in KiB. */
    static long vmRssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no VmRSS in /proc/self/status");
    }

    /** libc's getrlimit/setrlimit (struct rlimit is two rlim_t = two longs on 64-bit Linux). */
    interface LibC extends Library {
        int getrlimit(int resource, long[] rlim);

        int setrlimit(int resource, long[] rlim);
    }

    /** {soft, hard} RLIMIT_NOFILE. */
    static long[] nofile() {
        long[] r = new long[2];
        if (libc().getrlimit(RLIMIT_NOFILE, r) != 0) {
            throw new AssertionError("getrlimit failed, errno " + Native.getLastError());
        }
        return r;
    }

    /**
     * Raises RLIMIT_NOFILE (soft and, if needed and privileged, hard) to at least {@code needed};
     * aborts the test with the reason when this process may not.
     */
    static void ensureNofile(long needed) {
        long[] r = nofile();
        if (r[0] >= needed) {
            return;
        }
        long[] want = {needed, Math.max(needed, r[1])};
        int rc = libc().setrlimit(RLIMIT_NOFILE, want);
        int errno = rc == 0 ? 0 : Native.getLastError();
        long[] now = nofile();
        Assumptions.assumeTrue(now[0] >= needed, () -> "needs RLIMIT_NOFILE >= " + needed + " but it is "
                + r[0] + " (hard " + r[1] + ") and setrlimit to " + needed + " failed with errno " + errno
                + " (raising the hard limit needs CAP_SYS_RESOURCE; or run under `ulimit -n " + needed + "`)");
    }

    private static volatile LibC libc;

    private static LibC libc() {
        LibC l = libc;
        if (l == null) {
            l = libc = Native.load("c", LibC.class);
        }
        return l;
    }
}
