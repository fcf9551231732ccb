package io.wsnio.spi.frameworks;

import io.wsnio.testkit.Require;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.wsnio.spi.frameworks.ForkedChild.Mode;
import io.wsnio.spi.frameworks.ForkedChild.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * MPTCP that really uses two paths: two network namespaces joined by two veth pairs, the client's
 * second address an MPTCP {@code subflow} endpoint and the server's a {@code signal} endpoint. An
 * unmodified blocking NIO client and server (wsnio by flag in the server, by services jar in the
 * client, {@code -Dwsnio.stream.protocol=mptcp} in both) exchange 64 MiB; the kernel must show
 * more than one subflow, MP_JOIN handshakes, and traffic on both veth pairs. Aborts with the
 * reason where namespaces cannot be made (no root, no {@code ip}, a container without
 * CAP_NET_ADMIN) or the kernel has no MPTCP path manager.
 */
class MptcpTwoPathsTest {

    private static final String SERVER_NS = "wsnio-mps-" + ProcessHandle.current().pid();
    private static final String CLIENT_NS = "wsnio-mpc-" + ProcessHandle.current().pid();
    private static final int PORT = 5201;
    private static final int MIB = 64;
    private static final List<String> MPTCP = List.of("-Dwsnio.stream.protocol=mptcp");

    @Test
    void unmodifiedNioClientAndServerUseTwoSubflowsOverTwoVethPairs() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "network namespaces are Linux's");
        Require.capability("mptcp", mptcpEnabled(), "MPTCP is off here (net.mptcp.enabled is not 1)");
        String add = ip("netns", "add", SERVER_NS);
        Require.capability("netns", add == null, () -> "cannot make network namespaces here: `ip netns add` said: " + add);
        try {
            setUpOrAbort();
            Path serverOut = Files.createTempFile("wsnio-mptcp-server", ".out");
            List<String> serverCmd = inNamespace(SERVER_NS,
                    ForkedChild.command("MptcpServerMain", Mode.PROVIDER_FLAG, MPTCP, String.valueOf(PORT)));
            Process server = new ProcessBuilder(serverCmd).redirectErrorStream(true)
                    .redirectOutput(serverOut.toFile()).start();
            try {
                waitForListening(server, serverOut);
                Result client = ForkedChild.run(inNamespace(CLIENT_NS, ForkedChild.command("MptcpClientMain",
                        Mode.SERVICES_JAR, MPTCP, "10.231.1.2", String.valueOf(PORT), String.valueOf(MIB))),
                        Mode.SERVICES_JAR);
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    fail("server did not finish\n" + Files.readString(serverOut) + "\nclient:\n" + client.output());
                }
                Result srv = ForkedChild.result(server.exitValue(), serverCmd, Mode.PROVIDER_FLAG,
                        Files.readString(serverOut, StandardCharsets.UTF_8));
                String both = "client:\n" + client.output() + "\nserver:\n" + srv.output();
                client.assertOk();
                srv.assertOk();
                assertEquals(262, client.number("protocol"), both);
                assertEquals(262, srv.number("acceptedProtocol"), both);
                assertEquals((long) MIB << 20, client.number("acknowledged"), both);
                assertTrue(client.number("subflows") >= 2, "the kernel showed " + client.get("subflows")
                        + " subflow(s) for the connection\n" + both);
                assertTrue(client.number("joins") >= 1, "no MP_JOIN handshake completed\n" + both);
                long path1 = txBytes("v1c");
                long path2 = txBytes("v2c");
                System.out.println("MPTCP two paths: subflows=" + client.get("subflows") + " joins="
                        + client.get("joins") + " client tx bytes path1=" + path1 + " path2=" + path2);
                assertTrue(path1 > (1 << 20) && path2 > (1 << 20), "bytes sent by the client on path 1: "
                        + path1 + ", on path 2: " + path2 + " (both should carry part of " + MIB + " MiB)\n" + both);
            } finally {
                server.destroyForcibly();
                server.waitFor(10, TimeUnit.SECONDS);
                Files.deleteIfExists(serverOut);
            }
        } finally {
            ip("netns", "del", SERVER_NS);
            ip("netns", "del", CLIENT_NS);
        }
    }

    private static void setUpOrAbort() throws Exception {
        String s = SERVER_NS;
        String c = CLIENT_NS;
        List<String[]> steps = List.of(
                new String[] {"netns", "add", c},
                new String[] {"link", "add", "v1c", "netns", c, "type", "veth", "peer", "name", "v1s", "netns", s},
                new String[] {"link", "add", "v2c", "netns", c, "type", "veth", "peer", "name", "v2s", "netns", s},
                new String[] {"-n", c, "addr", "add", "10.231.1.1/24", "dev", "v1c"},
                new String[] {"-n", s, "addr", "add", "10.231.1.2/24", "dev", "v1s"},
                new String[] {"-n", c, "addr", "add", "10.231.2.1/24", "dev", "v2c"},
                new String[] {"-n", s, "addr", "add", "10.231.2.2/24", "dev", "v2s"},
                new String[] {"-n", c, "link", "set", "lo", "up"},
                new String[] {"-n", s, "link", "set", "lo", "up"},
                new String[] {"-n", c, "link", "set", "v1c", "up"},
                new String[] {"-n", c, "link", "set", "v2c", "up"},
                new String[] {"-n", s, "link", "set", "v1s", "up"},
                new String[] {"-n", s, "link", "set", "v2s", "up"},
                new String[] {"-n", s, "mptcp", "limits", "set", "subflow", "2", "add_addr_accepted", "2"},
                new String[] {"-n", c, "mptcp", "limits", "set", "subflow", "2", "add_addr_accepted", "2"},
                new String[] {"-n", c, "mptcp", "endpoint", "add", "10.231.2.1", "dev", "v2c", "subflow"},
                new String[] {"-n", s, "mptcp", "endpoint", "add", "10.231.2.2", "dev", "v2s", "signal"});
        for (String[] step : steps) {
            String error = ip(step);
            Require.capability("netns", error == null,
                    () -> "cannot set up the two-path namespaces: `ip " + String.join(" ", step) + "` said: " + error);
        }
    }

    private static List<String> inNamespace(String ns, List<String> cmd) {
        List<String> l = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        l.addAll(cmd);
        return l;
    }

    private static void waitForListening(Process server, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String s = Files.readString(out, StandardCharsets.UTF_8);
            if (s.contains("listening=")) {
                return;
            }
            if (!server.isAlive()) {
                fail("server ended before listening (exit " + server.exitValue() + "):\n" + s);
            }
            Thread.sleep(50);
        }
        fail("server not listening after 30 s:\n" + Files.readString(out, StandardCharsets.UTF_8));
    }

    private static long txBytes(String dev) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", CLIENT_NS, "cat",
                "/sys/class/net/" + dev + "/statistics/tx_bytes").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(10, TimeUnit.SECONDS);
        return Long.parseLong(out);
    }

    /** Runs {@code ip args}; null when it succeeded, else what it printed (or why it could not run). */
    private static String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }

    private static boolean mptcpEnabled() {
        try {
            return Files.readString(Path.of("/proc/sys/net/mptcp/enabled")).trim().equals("1");
        } catch (IOException e) {
            return false;
        }
    }
}
