package io.wsnio.spi.triples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * wsnio where JNA cannot work: a runtime without the java.logging module ({@code --limit-modules
 * java.base}, as a jlink image may be; JNA needs java.util.logging), or no JNA on the class path.
 * On JDK 17-21 the provider cannot load its backend, and the error must say which module is missing
 * and what to do, not a bare NoClassDefFoundError. On JDK 22 and later the foreign bridge needs
 * nothing but java.base: the provider works there and loads no JNA class at all.
 */
class RuntimeWithoutJavaLoggingTest {

    private static List<String> javaLimitedTo(String modules) {
        io.wsnio.spi.TestNet.assumeNotUnderWine("forks a JVM from the built jars, which the Wine lane does not pass"
                + " (the jlinked Windows JRE has java.logging)");
        List<String> cmd = new ArrayList<>(List.of(Forks.java()));
        if (modules != null) {
            cmd.add("--limit-modules");
            cmd.add(modules);
        }
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        return cmd;
    }

    @Test
    void withoutJavaLoggingBeforeJdk22TheErrorNamesTheMissingModule() throws Exception {
        List<String> cmd = javaLimitedTo("java.base");
        Assumptions.assumeTrue(Runtime.version().feature() < 22, "JDK 22+ runs on the foreign bridge without java.logging");
        cmd.addAll(List.of("-cp", Forks.classPath(Forks.testClasses(), Forks.artifact("wsnio.provider.jar"),
                Forks.artifact("wsnio.jna.jar")), NoLoggingMain.class.getName()));
        Forks.Run r = Forks.run(cmd, 60);
        assertEquals(0, r.exit, r.toString());
        assertEquals("false", r.get("logging"), "the child runs without java.logging: " + r);
        String error = r.get("error");
        assertNotNull(error, "the channel opened without java.logging: " + r);
        assertTrue(error.contains("java.logging") && error.contains("JNA"),
                "the error names the missing module and why: " + r);
    }

    @Test
    void withoutJavaLoggingOnJdk22TheForeignBridgeWorksAndNoJnaClassLoads() throws Exception {
        List<String> cmd = javaLimitedTo("java.base");
        Assumptions.assumeTrue(Runtime.version().feature() >= 22, "the foreign bridge needs JDK 22 (this is "
                + Runtime.version().feature() + ")");
        Path classLog = Files.createTempFile("wsnio-classes", ".log");
        try {
            cmd.add("-Xlog:class+load=info:file=" + classLog);
            cmd.addAll(List.of("-cp", Forks.classPath(Forks.testClasses(), Forks.artifact("wsnio.provider.jar"),
                    Forks.artifact("wsnio.jna.jar")), NoLoggingMain.class.getName()));
            Forks.Run r = Forks.run(cmd, 60);
            assertEquals(0, r.exit, r.toString());
            assertEquals("false", r.get("logging"), "the child runs without java.logging: " + r);
            assertEquals("posix-epoll-ffm", r.get("backend"), r.toString());
            assertEquals("hello without JNA", r.get("echo"), r.toString());
            String classes = Files.readString(classLog);
            assertTrue(classes.contains("io.wsnio.backend.posix.LibC "), "the class log lists wsnio's classes");
            assertTrue(!classes.contains("com.sun.jna."), "a JNA class was loaded: "
                    + classes.lines().filter(l -> l.contains("com.sun.jna.")).findFirst().orElse(""));
        } finally {
            Files.deleteIfExists(classLog);
        }
    }

    @Test
    void withoutJnaOnTheClassPathOnJdk22TheForeignBridgeWorks() throws Exception {
        List<String> cmd = javaLimitedTo(null);
        Assumptions.assumeTrue(Runtime.version().feature() >= 22, "the foreign bridge needs JDK 22 (this is "
                + Runtime.version().feature() + ")");
        // the jar alone in a directory: its manifest's Class-Path (lib/jna-*.jar) then finds nothing
        Path dir = Files.createTempDirectory("wsnio-nojna");
        Path jar = Files.copy(Forks.artifact("wsnio.provider.jar"), dir.resolve("wsnio-provider.jar"));
        try {
            cmd.addAll(List.of("-cp", Forks.classPath(Forks.testClasses(), jar), NoLoggingMain.class.getName()));
            Forks.Run r = Forks.run(cmd, 60);
            assertEquals(0, r.exit, r.toString());
            assertEquals("true", r.get("logging"), r.toString());
            assertEquals("posix-epoll-ffm", r.get("backend"), r.toString());
            assertEquals("hello without JNA", r.get("echo"), r.toString());
        } finally {
            Files.deleteIfExists(jar);
            Files.deleteIfExists(dir);
        }
    }
}
