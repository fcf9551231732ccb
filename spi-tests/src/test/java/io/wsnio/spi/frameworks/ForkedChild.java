package io.wsnio.spi.frameworks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

    /** The surefire JVM's class path without the services jar (it must never be there, but make sure). */
    static List<String> baseClassPath() {
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty() && !Path.of(e).getFileName().toString().contains("wsnio-services")) {
                cp.add(e);
            }
        }
        return cp;
    }

    static Result run(Class<?> main, Mode mode, List<String> jvmArgs, String... args) throws Exception {
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
            cp.add(0, requiredFile("wsnio.services.jar").toString());
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, cp));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));

        Path out = Files.createTempFile("wsnio-framework", ".out");
        try {
            Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!proc.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                proc.waitFor(10, TimeUnit.SECONDS);
                fail("child JVM did not finish in " + TIMEOUT_SECONDS + " s\ncommand: " + cmd + "\noutput:\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : output.split("\\R")) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(0, eq).matches("[A-Za-z][A-Za-z0-9.]*")) {
                    values.putIfAbsent(line.substring(0, eq), line.substring(eq + 1).trim());
                }
            }
            return new Result(proc.exitValue(), "mode: " + mode + "\ncommand: " + cmd + "\n" + output, values);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
