package io.wsnio.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.WsnioSelectorProvider;
import io.wsnio.testkit.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The provider jar a user gets: multi-release, executable, carrying its licence, and allowed
 * native access when run with {@code java -jar} (so {@code selftest} prints no restricted-method
 * warning on JDK 22+).
 */
class ReleaseJarTest {

    /** The jar the build made (provider/target), else the one on the class path. */
    private static Path providerJar() throws Exception {
        String built = System.getProperty("wsnio.provider.jar");
        Path p = built != null && Files.isRegularFile(Path.of(built)) ? Path.of(built)
                : Path.of(WsnioSelectorProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Assumptions.assumeTrue(Files.isRegularFile(p), "the provider is on the class path as " + p
                + ", not as its jar (run through mvn verify)");
        return p;
    }

    @Test
    void theJarIsMultiReleaseExecutableLicensedAndAllowedNativeAccess() throws Exception {
        try (JarFile jar = new JarFile(providerJar().toFile())) {
            Attributes a = jar.getManifest().getMainAttributes();
            assertEquals("true", a.getValue("Multi-Release"));
            assertEquals("ALL-UNNAMED", a.getValue("Enable-Native-Access"));
            assertEquals("io.wsnio.cli.Main", a.getValue("Main-Class"));
            assertNotNull(jar.getEntry("META-INF/LICENSE"), "the Apache licence text is in the jar");
            if (Runtime.version().feature() >= 22) {
                assertNotNull(jar.getEntry("META-INF/versions/22/io/wsnio/backend/posix/LibC.class"),
                        "a jar built on JDK 22+ carries the foreign bridge");
            }
        }
    }

    @Test
    void selftestByJavaJarPrintsNoNativeAccessWarning() throws Exception {
        // the layout the jar's Class-Path expects: the jar, and JNA in lib/ beside it
        Path dir = Files.createTempDirectory("wsnio-jar");
        Path jar = Files.copy(providerJar(), dir.resolve("wsnio-provider.jar"));
        Path jna = Path.of(System.getProperty("wsnio.jna.jar"));
        Files.createDirectory(dir.resolve("lib"));
        Files.copy(jna, dir.resolve("lib").resolve(jna.getFileName()));
        String javaBin = Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name").startsWith("Windows") ? "java.exe" : "java").toString();
        ChildProcess.Result r = ChildProcess.run(List.of(javaBin, "-jar", jar.toString(), "selftest"), 120);
        assertEquals(0, r.exit(), r::toString);
        assertFalse(r.output().contains("restricted method"), r::toString);
        assertTrue(r.output().toLowerCase().contains("selftest") || r.output().contains("OK"), r::toString);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
