package io.wsnio.spi.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.testkit.ChildProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The provider jar as the named module {@code io.wsnio} in forked JVMs: found by the
 * {@code java.nio.channels.spi.SelectorProvider} property and by {@code ServiceLoader} alone
 * ({@code provides}), exporting only {@code io.wsnio} (an implementation class's public method is
 * refused to code outside), its public {@link io.wsnio.WsnioChannel} answering instead; on JDK 22+
 * the multi-release foreign bridge, the default there, loads from the module too (and JNA when
 * asked for), and granting native access to the module leaves no warning.
 */
class ModulePathTest {

    private static Path artifact(String property) {
        String v = System.getProperty(property);
        Assumptions.assumeTrue(v != null && Files.isRegularFile(Path.of(v)), property + " is not a built jar: " + v
                + " (run through mvn verify)");
        return Path.of(v);
    }

    private static Map<String, String> run(List<String> jvmArgs) throws Exception {
        Path testClasses = Path.of(ModuleMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--module-path");
        cmd.add(artifact("wsnio.provider.jar") + File.pathSeparator + artifact("wsnio.jna.jar"));
        cmd.add("--add-modules");
        cmd.add("io.wsnio");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(testClasses.toString());
        cmd.add(ModuleMain.class.getName());
        ChildProcess.Result r = ChildProcess.run(cmd, 60);
        assertEquals(0, r.exit(), r::toString);
        Map<String, String> out = new LinkedHashMap<>(r.values());
        out.put("output", r.output());
        return out;
    }

    private static void assertServedByTheModule(Map<String, String> out) {
        assertEquals("io.wsnio.WsnioSelectorProvider", out.get("provider"), out.get("output"));
        assertEquals("io.wsnio", out.get("module"), "loaded as the named module: " + out.get("output"));
        assertEquals("OK", out.get("echo"), out.get("output"));
        assertTrue(out.get("public.spec").contains("STREAM"), out.get("output"));
        assertEquals("6", out.get("public.protocol"), out.get("output"));
        assertEquals("refused", out.get("internal"), "io.wsnio.channels must not be exported: " + out.get("output"));
    }

    @Test
    void foundByTheProviderProperty() throws Exception {
        assertServedByTheModule(run(List.of("-Djava.nio.channels.spi.SelectorProvider=io.wsnio.WsnioSelectorProvider")));
    }

    @Test
    void foundByServiceLoaderAlone() throws Exception {
        assertServedByTheModule(run(List.of()));
    }

    @Test
    void theForeignBridgeLoadsFromTheModuleByDefaultWithoutWarnings() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 22, "the foreign bridge needs JDK 22+; this is "
                + Runtime.version());
        Map<String, String> out = run(List.of("--enable-native-access=io.wsnio"));
        assertServedByTheModule(out);
        assertEquals("posix-epoll-ffm", out.get("backend"), out.get("output"));
        assertFalse(out.get("output").contains("restricted method"), out.get("output"));
    }

    @Test
    void jnaOnRequestFromTheModule() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 22, "JDK 17-21 run on JNA anyway; this is "
                + Runtime.version());
        Map<String, String> out = run(List.of("--enable-native-access=io.wsnio,com.sun.jna", "-Dwsnio.posix.bridge=jna"));
        assertServedByTheModule(out);
        assertEquals("posix-epoll-jna", out.get("backend"), out.get("output"));
        assertFalse(out.get("output").contains("restricted method"), out.get("output"));
    }
}
