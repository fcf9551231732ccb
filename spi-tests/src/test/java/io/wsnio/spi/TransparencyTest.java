package io.wsnio.spi;

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

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Unmodified NIO code in a forked JVM is served by wsnio when the provider flag is given or the
 * services jar is on the class path, and by the JDK otherwise.
 */
class TransparencyTest {

    private static final long CHILD_TIMEOUT_SECONDS = 60;
    private static final String WSNIO_PROVIDER = "io.wsnio.WsnioSelectorProvider";

    /** What a child printed and how it ended. */
    private record Run(int exitCode, String output, Map<String, String> values) {
        String get(String key) {
            String v = values.get(key);
            assertNotNull(v, "the child printed no '" + key + "=' line; output:\n" + output);
            return v;
        }
    }

    @BeforeAll
    static void onlyInThePosixLanes() {
        // the Windows lane runs the JUnit launcher without surefire's jar properties; on Linux a
        // missing property still fails loudly in jar()
        Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows"),
                "forked-JVM transparency tests run in the POSIX lanes");
    }

    private static Path jar(String property) {
        String p = System.getProperty(property);
        if (p == null || p.isBlank()) {
            fail("system property " + property + " is not set (spi-tests/pom.xml's surefire"
                    + " configuration sets it): run `mvn verify` from the project root");
        }
        Path path = Path.of(p);
        if (!Files.isRegularFile(path)) {
            fail(path + " (" + property + ") does not exist: run `mvn verify` from the project root"
                    + " so the provider and services jars are built");
        }
        return path;
    }

    private static Path testClasses() throws Exception {
        return Path.of(TransparencyMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Path javaExecutable() {
        boolean windows = System.getProperty("os.name").startsWith("Windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
    }

    private static Run fork(List<Path> classPath, String... jvmArgs) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable().toString());
        cmd.addAll(List.of(jvmArgs));
        cmd.add("-cp");
        StringBuilder cp = new StringBuilder();
        for (Path p : classPath) {
            if (cp.length() > 0) {
                cp.append(File.pathSeparatorChar);
            }
            cp.append(p);
        }
        cmd.add(cp.toString());
        cmd.add(TransparencyMain.class.getName());

        ChildProcess.Result child = ChildProcess.run(cmd, CHILD_TIMEOUT_SECONDS);
        String output = child.output();
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : output.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith(" ") && !line.startsWith("\t")) {
                values.putIfAbsent(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        Run run = new Run(child.exit(), "command: " + cmd + "\n" + output, values);
        assertEquals(0, run.exitCode(), "child JVM failed:\n" + run.output());
        assertEquals("OK", run.get("echo"), run.output());
        return run;
    }

    private static void assertServedByWsnio(Run run) {
        assertEquals(WSNIO_PROVIDER, run.get("provider"), run.output());
        for (String key : List.of("selector", "server", "client", "accepted")) {
            assertTrue(run.get(key).startsWith("io.wsnio."),
                    key + " is " + run.get(key) + ", not a wsnio class\n" + run.output());
        }
    }

    @Test
    void providerFlagMakesPlainNioCodeRunOnWsnio() throws Exception {
        Run run = fork(List.of(testClasses(), jar("wsnio.provider.jar"), jar("wsnio.jna.jar")),
                "-Djava.nio.channels.spi.SelectorProvider=" + WSNIO_PROVIDER);
        assertServedByWsnio(run);
    }

    @Test
    void servicesJarOnTheClassPathMakesPlainNioCodeRunOnWsnio() throws Exception {
        Run run = fork(List.of(testClasses(), jar("wsnio.services.jar"), jar("wsnio.provider.jar"),
                jar("wsnio.jna.jar")));
        assertServedByWsnio(run);
    }

    @Test
    void withoutFlagOrServicesJarTheJdkServesPlainNioCode() throws Exception {
        Run run = fork(List.of(testClasses(), jar("wsnio.provider.jar")));
        assertTrue(run.get("provider").startsWith("sun.nio.ch."), run.output());
        for (String key : List.of("selector", "server", "client", "accepted")) {
            assertTrue(run.get(key).startsWith("sun.nio.ch."),
                    key + " is " + run.get(key) + ", expected the JDK's\n" + run.output());
        }
    }
}
