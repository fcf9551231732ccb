package io.wsnio.bench;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * Fixed thread placement: pins the calling thread to one CPU with {@code sched_setaffinity(0, ...)}
 * (on Linux, pid 0 means the calling thread). Ping-pong latency on a 2-core VM moves by 2x with
 * placement, so every benchmark pins its measuring thread and its peer thread (echo, drain) to the
 * same CPUs for both providers.
 *
 * <p>The placement comes from {@code -Dwsnio.bench.cpus=MAIN,PEER}; {@code -Dwsnio.bench.cpus=off}
 * leaves placement to the scheduler (then only an outer {@code taskset} constrains it). The default
 * {@code 0,0} puts the benchmark thread and its peer on the same CPU, leaving the other one to the JIT
 * and GC threads: on the 2-vCPU VM this project runs on, a cross-CPU wake-up costs tens of
 * microseconds (JDK TCP 1-byte ping-pong: ~15 us/op on one CPU, ~70 us/op across two), which would
 * bury the per-call costs of the providers being compared. {@code 0,1} measures the cross-CPU case.
 */
public final class Affinity {

    private static final int MAIN_CPU;
    private static final int PEER_CPU;
    private static final boolean ENABLED;
    private static final Throwable UNAVAILABLE;
    private static volatile boolean told;

    static {
        String spec = System.getProperty("wsnio.bench.cpus", "0,0").trim();
        int main = -1, peer = -1;
        boolean enabled = !spec.equals("off");
        if (enabled) {
            String[] parts = spec.split(",");
            if (parts.length != 2) {
                throw new IllegalArgumentException("wsnio.bench.cpus must be MAIN,PEER or off, not " + spec);
            }
            main = Integer.parseInt(parts[0].trim());
            peer = Integer.parseInt(parts[1].trim());
        }
        Throwable cause = null;
        if (enabled) {
            try {
                if (!Platform.isLinux()) {
                    throw new UnsupportedOperationException("sched_setaffinity is Linux-only");
                }
                Native.register(Affinity.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
            } catch (Throwable t) {
                cause = t;
            }
        }
        MAIN_CPU = main;
        PEER_CPU = peer;
        ENABLED = enabled;
        UNAVAILABLE = cause;
    }

    private static native int sched_setaffinity(int pid, long cpusetsize, long[] mask);

    private static native int sched_getaffinity(int pid, long cpusetsize, long[] mask);

    private Affinity() {
    }

    /** Pins the calling thread (the JMH worker running the benchmark method) to the main CPU. */
    public static void pinMain() {
        pin(MAIN_CPU, "benchmark");
    }

    /** Pins the calling thread (an echo or drain thread) to the peer CPU. */
    public static void pinPeer() {
        pin(PEER_CPU, "peer");
    }

    private static void pin(int cpu, String role) {
        if (!ENABLED) {
            tellOnce("[affinity] off (-Dwsnio.bench.cpus=off): threads float inside the JVM's CPU set");
            return;
        }
        if (UNAVAILABLE != null) {
            tellOnce("[affinity] cannot pin threads (" + UNAVAILABLE + "); results are unpinned");
            return;
        }
        long[] mask = new long[16]; // 1024 CPUs, the size glibc's cpu_set_t has
        if (cpu < 0 || cpu >= mask.length * 64) {
            throw new IllegalArgumentException("CPU " + cpu + " out of range");
        }
        mask[cpu / 64] = 1L << (cpu % 64);
        if (sched_setaffinity(0, mask.length * 8L, mask) != 0) {
            int errno = Native.getLastError();
            throw new IllegalStateException("sched_setaffinity(cpu " + cpu + ") for the " + role
                    + " thread failed, errno " + errno + "; the allowed CPUs are " + allowed()
                    + " (choose others with -Dwsnio.bench.cpus=MAIN,PEER or pass off)");
        }
        tellOnce("[affinity] benchmark thread on CPU " + MAIN_CPU + ", peer threads on CPU " + PEER_CPU);
    }

    /** The CPUs the calling thread may run on, as a list like {@code 0,1}. */
    public static String allowed() {
        if (UNAVAILABLE != null || !ENABLED) {
            return "unknown";
        }
        long[] mask = new long[16];
        if (sched_getaffinity(0, mask.length * 8L, mask) < 0) {
            return "unknown (errno " + Native.getLastError() + ")";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < mask.length * 64; i++) {
            if ((mask[i / 64] & (1L << (i % 64))) != 0) {
                sb.append(sb.length() == 0 ? "" : ",").append(i);
            }
        }
        return sb.toString();
    }

    private static void tellOnce(String message) {
        if (!told) {
            told = true;
            System.out.println(message);
        }
    }
}
