package io.wsnio.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.testkit.ChildProcess;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Multicast on the Winsock backend beyond a loopback join: the Windows JVM under Wine runs
 * {@link MulticastNamespaceMain} inside a network namespace whose veth interface carries the
 * group route and two senders per family (the same set-up as {@link MulticastNamespaceTest}),
 * once with the JDK's {@code WindowsSelectorProvider} and once with wsnio. Wine makes the sockets
 * in its wineserver, so the wineserver is started inside the namespace (and stopped after). Every
 * check line of wsnio must equal the JDK's: where the JDK passes, wsnio passes the same way; where
 * the JDK fails under Wine (Wine's limits: which source address it reports, joins of a second
 * source it refuses), wsnio fails identically. Run by the Wine lane's Linux step
 * ({@code .ci/wine-lane.sh} passes {@code -Dwsnio.test.windowsClassPath}); aborts elsewhere.
 */
class WineMulticastNamespaceTest {

    private static final String NS = "wsnio-wmc-" + ProcessHandle.current().pid();

    @Test
    void multicastInANamespaceMatchesTheJdkUnderWine() throws Exception {
        String winJava = System.getenv("WSNIO_WIN_JAVA");
        String classPath = System.getProperty("wsnio.test.windowsClassPath");
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux") && winJava != null && classPath != null,
                "drives the Windows JVM under Wine from Linux: the winsock-wine lane's Linux step runs it");
        String add = MulticastNamespaceTest.ip("netns", "add", NS);
        assertEquals(null, add, "ip netns add " + NS);
        try {
            MulticastNamespaceTest.setUpOrAbort(NS);
            String jdk = runUnderWine("jdk", classPath);
            String wsnio = runUnderWine("wsnio", classPath);
            List<String> jdkChecks = MulticastNamespaceTest.checks(jdk);
            List<String> wsnioChecks = MulticastNamespaceTest.checks(wsnio);
            long jdkPassed = jdkChecks.stream().filter(l -> l.contains(" PASS ")).count();
            System.out.println("multicast under Wine: " + jdkChecks.size() + " checks, the JDK passes " + jdkPassed);
            assertTrue(jdk.contains("provider=sun.nio.ch.WindowsSelectorProvider"), jdk);
            assertTrue(wsnio.contains("provider=io.wsnio.WsnioSelectorProvider"), wsnio);
            assertTrue(jdkPassed >= 30, "the JDK oracle passes too few checks under Wine:\n" + jdk);
            assertTrue(jdkChecks.contains("check v4.join.anySource PASS valid=true source=null"), jdk);
            assertEquals(String.join("\n", jdkChecks), String.join("\n", wsnioChecks),
                    "wsnio's multicast under Wine differs from the JDK's");
        } finally {
            ChildProcess.run(List.of("ip", "netns", "exec", NS, "wineserver", "-k"), 30);
            MulticastNamespaceTest.ip("netns", "del", NS);
        }
    }

    /** The child on the Windows JVM, in the namespace, with a wineserver of its own started there. */
    private static String runUnderWine(String provider, String classPath) throws Exception {
        List<String> cmd = List.of("ip", "netns", "exec", NS, "sh", "-c",
                "wineserver -k 2>/dev/null; exec wine \"$WSNIO_WIN_JAVA\""
                        + " -Djava.nio.channels.spi.SelectorProvider=sun.nio.ch.WindowsSelectorProvider"
                        + " -cp \"$0\" io.wsnio.spi.MulticastNamespaceMain \"$1\" " + MulticastNamespaceTest.IF,
                classPath, provider);
        ChildProcess.Result child = ChildProcess.run(cmd, 120);
        System.out.println("multicast child under Wine (" + provider + "), exit " + child.exit() + ":\n" + child.output());
        return "exit " + child.exit() + "\n" + child.output();
    }
}
