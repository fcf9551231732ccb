package io.wsnio.testkit;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Capabilities a lane requires: {@code -Dwsnio.test.require=root,netns,mptcp,udplite,gcc,bluez} (what
 * {@code .ci/run} passes on the POSIX lanes). A test that needs a capability the machine lacks aborts
 * with the reason, unless the lane requires that capability: then the absence is a failure, so a
 * missing capability (or a wsnio error that looks like one) cannot turn a lane green by skipping.
 */
public final class Require {
    /** The capabilities a lane may require. */
    public static final Set<String> KNOWN = Set.of("root", "netns", "mptcp", "udplite", "gcc", "bluez");

    private static final Set<String> REQUIRED = parse(System.getProperty("wsnio.test.require", ""));

    private Require() { }

    private static Set<String> parse(String list) {
        Set<String> out = new TreeSet<>();
        for (String s : list.split(",")) {
            String c = s.trim();
            if (c.isEmpty()) {
                continue;
            }
            if (!KNOWN.contains(c)) {
                throw new IllegalArgumentException("wsnio.test.require names an unknown capability " + c
                        + " (known: " + new TreeSet<>(KNOWN) + ")");
            }
            out.add(c);
        }
        return out;
    }

    /** Whether this lane requires the capability. */
    public static boolean required(String capability) {
        if (!KNOWN.contains(capability)) {
            throw new IllegalArgumentException("unknown capability " + capability + " (known: " + new TreeSet<>(KNOWN) + ")");
        }
        return REQUIRED.contains(capability);
    }

    /**
     * Continues when {@code present}; otherwise fails when the lane requires {@code capability},
     * else aborts the test with {@code why}.
     */
    public static void capability(String capability, boolean present, Supplier<String> why) {
        if (present) {
            return;
        }
        if (required(capability)) {
            Assertions.fail("this lane requires " + capability + " (wsnio.test.require="
                    + String.join(",", REQUIRED) + ") but: " + why.get());
        }
        Assumptions.abort(why.get());
    }

    /** As {@link #capability(String, boolean, Supplier)} with a fixed reason. */
    public static void capability(String capability, boolean present, String why) {
        capability(capability, present, () -> why);
    }

    /** Whether this process runs as root (uid 0 in /proc/self/status; false off Linux). */
    public static boolean isRoot() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** Linux and a kernel of at least major.minor (from os.version, e.g. "6.8.0-45-generic"). */
    public static boolean linuxKernelAtLeast(int major, int minor) {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return false;
        }
        int[] v = Arrays.stream(System.getProperty("os.version", "0.0").split("[^0-9]+", 3))
                .limit(2).mapToInt(p -> p.isEmpty() ? 0 : Integer.parseInt(p)).toArray();
        int maj = v.length > 0 ? v[0] : 0;
        int min = v.length > 1 ? v[1] : 0;
        return maj > major || maj == major && min >= minor;
    }
}
