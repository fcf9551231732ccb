package io.wsnio.spi.triples;

import static org.junit.jupiter.api.Assertions.fail;

import io.wsnio.testkit.ChildProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a child process with a bound (through {@link ChildProcess}) and reads its key=value lines. */
final class Forks {
    private Forks() { }

    static final class Run {
        final int exit;
        final String output;
        final List<String> command;

        Run(int exit, String output, List<String> command) {
            this.exit = exit;
            this.output = output;
            this.command = command;
        }

        /** The first {@code key=value} line's value, or null. */
        String get(String key) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String line : output.split("\\R")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    m.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return m.get(key);
        }

        @Override
        public String toString() {
            return "command: " + command + "\nexit " + exit + "\n" + output;
        }
    }

    static Run run(List<String> command, int timeoutSeconds) throws Exception {
        ChildProcess.Result r = ChildProcess.run(command, timeoutSeconds);
        return new Run(r.exit(), r.output(), command);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A build artifact named by a surefire system property (see spi-tests/pom.xml). */
    static Path artifact(String property) {
        String p = System.getProperty(property);
        if (p == null || !Files.isRegularFile(Path.of(p))) {
            fail(property + " (" + p + ") does not exist: run `mvn verify` from the project root");
        }
        return Path.of(p);
    }

    static String classPath(Path... parts) {
        StringBuilder sb = new StringBuilder();
        for (Path p : parts) {
            if (sb.length() > 0) {
                sb.append(File.pathSeparatorChar);
            }
            sb.append(p);
        }
        return sb.toString();
    }

    static Path testClasses() throws Exception {
        return Path.of(Forks.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
