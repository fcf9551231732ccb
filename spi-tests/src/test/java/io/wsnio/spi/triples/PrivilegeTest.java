package io.wsnio.spi.triples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A raw socket without CAP_NET_RAW fails with a message naming the privilege and the triple. The
 * child JVM runs with the capability dropped: {@code setpriv} (util-linux) or {@code capsh}
 * (libcap2-bin) when this process has it, as is.
 */
class PrivilegeTest {
    private static final int CAP_NET_RAW = 13;

    private static boolean hasNetRaw(String capEffHex) {
        return new BigInteger(capEffHex.trim(), 16).testBit(CAP_NET_RAW);
    }

    private static String ownCapEff() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                return line.substring(7).trim();
            }
        }
        throw new AssertionError("no CapEff in /proc/self/status");
    }

    private static String onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool).toString();
            }
        }
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool).toString();
            }
        }
        return null;
    }

    private static final int CAP_NET_ADMIN = 12;

    /**
     * Setting IP_TRANSPARENT (CAP_NET_ADMIN or CAP_NET_RAW) and changing SO_BINDTODEVICE
     * (CAP_NET_RAW) without the capabilities fails with a message naming them, as a refused
     * socket() does.
     */
    @Test
    void optionsWithoutTheirCapabilityNameIt() throws Exception {
        Triples.assumeLinux();
        List<String> cmd = new ArrayList<>();
        BigInteger eff = new BigInteger(ownCapEff(), 16);
        if (eff.testBit(CAP_NET_RAW) || eff.testBit(CAP_NET_ADMIN)) {
            String setpriv = onPath("setpriv");
            Assumptions.assumeTrue(setpriv != null, "this process has CAP_NET_RAW or CAP_NET_ADMIN and no setpriv"
                    + " (util-linux) is installed to drop them for the child");
            cmd.addAll(List.of(setpriv, "--inh-caps=-net_raw,-net_admin", "--bounding-set=-net_raw,-net_admin", "--"));
        }
        cmd.add(Forks.java());
        cmd.add("-cp");
        cmd.add(Forks.classPath(Forks.testClasses(), Forks.artifact("wsnio.provider.jar"), Forks.artifact("wsnio.jna.jar")));
        cmd.add(OptionPrivilegeMain.class.getName());
        Forks.Run run = Forks.run(cmd, 60);
        assertEquals(0, run.exit, run.toString());
        BigInteger childEff = new BigInteger(run.get("capeff"), 16);
        assertTrue(!childEff.testBit(CAP_NET_RAW) && !childEff.testBit(CAP_NET_ADMIN),
                "the child runs without CAP_NET_RAW and CAP_NET_ADMIN\n" + run);
        String transparent = run.get("transparent");
        assertTrue(transparent.contains("EPERM") && transparent.contains("CAP_NET_ADMIN"),
                "IP_TRANSPARENT's refusal names the capability: " + run);
        Assumptions.assumeTrue("set".equals(run.get("bindtodevice.first")),
                "binding to a device without CAP_NET_RAW needs Linux 5.7+: " + run.get("bindtodevice.first"));
        String bind = run.get("bindtodevice");
        assertTrue(bind.contains("EPERM") && bind.contains("CAP_NET_RAW"),
                "SO_BINDTODEVICE's refusal names the capability: " + run);
    }

    @Test
    void rawSocketWithoutCapNetRawNamesThePrivilegeAndTheTriple() throws Exception {
        Triples.assumeLinux();
        List<String> cmd = new ArrayList<>();
        if (hasNetRaw(ownCapEff())) {
            String setpriv = onPath("setpriv");
            String capsh = onPath("capsh");
            if (setpriv != null) {
                cmd.addAll(List.of(setpriv, "--inh-caps=-net_raw", "--bounding-set=-net_raw", "--"));
            } else if (capsh != null) {
                cmd.addAll(List.of(capsh, "--drop=cap_net_raw", "--", "-c", "exec \"$0\" \"$@\""));
            } else {
                Assumptions.abort("this process has CAP_NET_RAW and neither setpriv (util-linux) nor capsh"
                        + " (libcap2-bin) is installed to drop it for the child");
            }
        }
        cmd.add(Forks.java());
        cmd.add("-cp");
        cmd.add(Forks.classPath(Forks.testClasses(), Forks.artifact("wsnio.provider.jar"), Forks.artifact("wsnio.jna.jar")));
        cmd.add(RawProbeMain.class.getName());
        Forks.Run run = Forks.run(cmd, 60);
        assertEquals(0, run.exit, run.toString());
        String capeff = run.get("capeff");
        assertTrue(capeff != null && !hasNetRaw(capeff), "the child runs without CAP_NET_RAW\n" + run);
        assertEquals("io.wsnio.SocketCreationException", run.get("result"), run.toString());
        assertEquals("EPERM", run.get("error"), run.toString());
        assertEquals("(INET, RAW, ICMP)", run.get("spec"), run.toString());
        String message = run.get("message");
        assertTrue(message.contains("CAP_NET_RAW"), "names the privilege: " + message);
        assertTrue(message.contains("(INET, RAW, ICMP)"), "names the triple: " + message);
        assertTrue(message.contains("EPERM"), "names the error: " + message);
    }
}
