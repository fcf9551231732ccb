package io.wsnio.spi.frameworks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.wsnio.testkit.ChildProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a framework program in a child JVM with wsnio installed one of the two ways a user
 * installs it, and reads back its {@code key=value} lines. The child's class path is this (the
 * surefire) JVM's {@code java.class.path} minus anything named wsnio-services, plus what the mode
 * needs; the services jar is never on the surefire JVM's own class path (it would replace the JDK
 * oracle there).
 */
final class ForkedChild {

    static final String WSNIO_PROVIDER = "io.wsnio.WsnioSelectorProvider";
    /** The test waits this long; children also stop themselves earlier ({@link ChildSupport#watchdog}). */
    private static final long TIMEOUT_SECONDS = 75;

    /** How wsnio is installed in the child. */
    enum Mode {
        /** {@code -Djava.nio.channels.spi.SelectorProvider=io.wsnio.WsnioSelectorProvider}. */
        PROVIDER_FLAG,
        /** Only the wsnio-services jar on the class path (ServiceLoader finds the provider). */
        SERVICES_JAR
    }

    /** What a child printed and how it ended. */
    record Result(int exitCode, String output, Map<String, String> values) {
        String get(String key) {
            String v = values.get(key);
            assertNotNull(v, "the child printed no '" + key + "=' line; output:\n" + output);
            return v;
        }

        long number(String key) {
            return Long.parseLong(get(key));
        }

        /** Exit 0, {@code result=OK}, and wsnio's provider installed. */
        Result assertOk() {
            assertEquals("OK", values.getOrDefault("result", "(no result line)"), output);
            assertEquals(0, exitCode, "child exit code; output:\n" + output);
            assertEquals(WSNIO_PROVIDER, get("provider"), output);
            return this;
        }

        /** The named wsnio counter is above zero: wsnio opened such channels for the framework. */
        Result assertCounted(String... keys) {
            for (String k : keys) {
                assertTrue(number(k) > 0, k + " is " + get(k) + ": wsnio did not serve the framework\n" + output);
            }
            return this;
        }
    }

    /** Parses a child's output into its {@code key=value} lines (the first of each key counts). */
    static Result result(int exitCode, List<String> cmd, Mode mode, String output) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : output.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[A-Za-z][A-Za-z0-9.]*")) {
                values.putIfAbsent(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        return new Result(exitCode, "mode: " + mode + "\ncommand: " + cmd + "\n" + output, values);
    }

    private ForkedChild() {
    }

    static Path requiredFile(String property) {
        String p = System.getProperty(property);
        if (p == null || p.isBlank()) {
            fail("system property " + property + " is not set (spi-tests/pom.xml's surefire configuration"
                    + " sets it): run `mvn verify` from the project root");
        }
        Path path = Path.of(p);
        if (!Files.isRegularFile(path)) {
            fail(path + " (" + property + ") does not exist: run `mvn verify` from the project root");
        }
        return path;
    }

    /**
     * The surefire JVM's class path without the services jar (it must never be there, but make
     * sure), with the build's own outputs (anything under a {@code target} folder) replaced by a
     * private copy: classes load lazily in the children, and a concurrent build in the same tree
     * would otherwise make them vanish mid-run.
     */
    static List<String> baseClassPath() {
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty() && !Path.of(e).getFileName().toString().contains("wsnio-services")) {
                cp.add(snapshot(Path.of(e)).toString());
            }
        }
        return cp;
    }

    private static final Map<Path, Path> SNAPSHOTS = new LinkedHashMap<>();
    private static Path snapshotRoot;

    /** A private copy of {@code p} when it is a build output, else {@code p}. */
    static synchronized Path snapshot(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        boolean buildOutput = false;
        for (Path part : abs) {
            buildOutput |= part.toString().equals("target");
        }
        if (!buildOutput || !Files.exists(abs)) {
            return p;
        }
        Path copy = SNAPSHOTS.get(abs);
        if (copy != null) {
            return copy;
        }
        try {
            if (snapshotRoot == null) {
                snapshotRoot = Files.createTempDirectory("wsnio-children");
                Path root = snapshotRoot;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
            }
            copy = snapshotRoot.resolve(SNAPSHOTS.size() + "-" + abs.getFileName());
            Path target = copy;
            try (var files = Files.walk(abs)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path to = target.resolve(abs.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(f, to);
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not copy " + abs + " for the child JVMs", e);
        }
        SNAPSHOTS.put(abs, copy);
        return copy;
    }

    private static void deleteTree(Path root) {
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException ignored) {
            // best effort at exit
        }
    }

    /** Runs the program {@code main} (a simple class name in this package) in a child JVM. */
    static Result run(String main, Mode mode, List<String> jvmArgs, String... args) throws Exception {
        return run(command(main, mode, jvmArgs, args), mode);
    }

    /** The command line of a child JVM running {@code main} with wsnio installed as {@code mode} says. */
    static List<String> command(String main, Mode mode, List<String> jvmArgs, String... args) {
        List<String> cp = baseClassPath();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");   // short programs: C1 only starts faster on 2 cores
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");   // JNA
        }
        if (mode == Mode.PROVIDER_FLAG) {
            cmd.add("-Djava.nio.channels.spi.SelectorProvider=" + WSNIO_PROVIDER);
        } else {
            cp.add(0, snapshot(requiredFile("wsnio.services.jar")).toString());
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, cp));
        // by name: the test JVM never loads the programs (nor, through them, the frameworks)
        cmd.add(ForkedChild.class.getPackageName() + "." + main);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs {@code cmd} (a {@link #command} line, perhaps behind a prefix) to its end or the timeout. */
    static Result run(List<String> cmd, Mode mode) throws Exception {
        ChildProcess.Result r = ChildProcess.run(cmd, TIMEOUT_SECONDS);
        return result(r.exit(), cmd, mode, r.output());
    }
}
