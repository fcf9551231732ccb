package io.wsnio.spi.triples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * wsnio in a runtime without the java.logging module ({@code --limit-modules java.base}, as a
 * jlink image may be): JNA needs java.util.logging, so the provider cannot load its backend, and
 * the error must say which module is missing and what to do, not a bare NoClassDefFoundError.
 */
class RuntimeWithoutJavaLoggingTest {

    @Test
    void withoutJavaLoggingTheErrorNamesTheMissingModule() throws Exception {
        io.wsnio.spi.TestNet.assumeNotUnderWine("forks a JVM from the built jars, which the Wine lane does not pass"
                + " (the jlinked Windows JRE has java.logging)");
        List<String> cmd = new ArrayList<>(List.of(Forks.java(), "--limit-modules", "java.base"));
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.add("-cp");
        cmd.add(Forks.classPath(Forks.testClasses(), Forks.artifact("wsnio.provider.jar"), Forks.artifact("wsnio.jna.jar")));
        cmd.add(NoLoggingMain.class.getName());
        Forks.Run r = Forks.run(cmd, 60);
        assertEquals(0, r.exit, r.toString());
        assertEquals("false", r.get("logging"), "the child runs without java.logging: " + r);
        String error = r.get("error");
        assertNotNull(error, "the channel opened without java.logging: " + r);
        assertTrue(error.contains("java.logging") && error.contains("JNA"),
                "the error names the missing module and why: " + r);
    }
}
