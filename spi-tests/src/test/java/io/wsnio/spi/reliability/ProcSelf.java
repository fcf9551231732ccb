package io.wsnio.spi.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.wsnio.testkit.OpenSockets;
import io.wsnio.testkit.WindowsHandles;

/**
 * Process facts for the reliability suite: open descriptors, resident memory, the descriptor
 * limit. On Linux from /proc/self and libc; on Windows the "descriptors" are the process's open
 * handles (a socket is one) and resident memory is the working set, from {@link WindowsHandles}.
 */
final class ProcSelf {

    private static final Path FD_DIR = Path.of("/proc/self/fd");
    private static final int RLIMIT_NOFILE = 7; // Linux, every architecture the project builds on
    static final boolean WINDOWS = System.getProperty("os.name").startsWith("Windows");
    /** Set by the Winsock lane (a Windows JVM under Wine): the reliability tests scale down there. */
    static final boolean WINE = Boolean.getBoolean("wsnio.test.wine");

    private ProcSelf() {
    }

    /** Aborts the test unless /proc/self (Linux) is here. */
    static void assumeLinux() {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().startsWith("linux")
                && Files.isDirectory(FD_DIR), "needs Linux /proc/self/fd (os.name " + System.getProperty("os.name") + ")");
    }

    /** Aborts the test unless this process can count its open descriptors (Linux) or handles (Windows). */
    static void assumeDescriptorCount() {
        OpenSockets.assumeCountable();
    }

    /**
     * Every open handle of this process on Windows (sockets, threads, events, files, ...): the JVM
     * moves it by a few as threads come and go, so tests bound its growth instead of requiring
     * it back exactly; on Linux the same as {@link #fdCount()}.
     */
    static int handleCount() {
        return WINDOWS ? WindowsHandles.count() : fdCount();
    }

    /** What {@link #fdCount()} counts, for messages. */
    static String descriptorSource() {
        return OpenSockets.what();
    }

    /**
     * The number of open descriptors of this process (the directory stream's own is not counted);
     * on Windows the number of open handles.
     */
    static int fdCount() {
        return OpenSockets.count();
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
        if (WINDOWS) {
            return WindowsHandles.listing();
        }
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

    /** VmRSS of /proc/self/status in KiB; on Windows the working set. */
    static long vmRssKiB() {
        if (WINDOWS) {
            return WindowsHandles.workingSetKiB();
        }
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

    /** The java launcher of this JVM, for child JVMs. */
    static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", WINDOWS ? "java.exe" : "java").toString();
    }

    /**
     * A class path for a child JVM that runs a main class of this suite: this JVM's class path
     * plus where the suite, wsnio, JNA and JUnit's assertions were loaded from (under the JUnit
     * console launcher java.class.path is the launcher jar only).
     */
    static String childClassPath() {
        java.util.LinkedHashSet<String> entries = new java.util.LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(e);
            }
        }
        for (Class<?> c : new Class<?>[] {ProcSelf.class, OpenSockets.class, io.wsnio.WsnioSelectorProvider.class,
                Native.class, org.junit.jupiter.api.Assertions.class, org.opentest4j.AssertionFailedError.class}) {
            java.security.CodeSource cs = c.getProtectionDomain().getCodeSource();
            if (cs != null && cs.getLocation() != null) {
                try {
                    entries.add(Path.of(cs.getLocation().toURI()).toString());
                } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                    throw new AssertionError("class path entry of " + c + ": " + cs.getLocation(), e);
                }
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
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
        if (WINDOWS) {
            return; // no per-process descriptor limit of that kind (about 16 million handles)
        }
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
