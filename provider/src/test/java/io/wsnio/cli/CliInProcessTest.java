package io.wsnio.cli;

import io.wsnio.testkit.Require;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.SocketCreationException;
import io.wsnio.SocketSpec;
import io.wsnio.WsnioSelectorProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The command line run in-process on whichever backend this JVM has: on Linux the forked
 * {@code java -jar} tests in spi-tests cover the packaging; this one is what the Winsock lane runs
 * (a Windows JVM under Wine), so {@code selftest}, {@code catalog} and {@code ping} are checked on
 * Winsock too.
 */
class CliInProcessTest {
    private static final boolean WINDOWS = System.getProperty("os.name").startsWith("Windows");

    private static final class Run {
        final int exit;
        final String output;

        Run(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }

        @Override
        public String toString() {
            return "exit " + exit + ":\n" + output;
        }
    }

    private static Run cli(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int exit = Main.run(args, ps, ps);
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    @Test
    void selftestPassesOrSkipsWithAReason() {
        Run run = cli("selftest");
        assertEquals(0, run.exit, run.toString());
        assertFalse(run.output.contains("\nFAIL "), run.toString());
        assertTrue(run.output.contains("PASS TCP/IPv4 echo through a selector"), run.toString());
        for (String line : run.output.split("\n")) {
            if (line.startsWith("SKIP ")) {
                assertTrue(line.contains("refused:") || line.contains("no loopback") || line.contains("not on"),
                        "a skip says why: " + line);
            }
        }
        assertTrue(run.output.matches("(?s).*selftest: \\d+ passed, 0 failed, \\d+ skipped.*"), run.toString());
    }

    @Test
    void catalogNamesItsSourceAndAcceptsTcpAndUdp() {
        Run run = cli("catalog");
        assertEquals(0, run.exit, run.toString());
        String backend = new WsnioSelectorProvider().backendName();
        assertTrue(run.output.startsWith("wsnio protocol catalog on " + backend), run.toString());
        if (WINDOWS) {
            // from WSAEnumProtocolsW: the installed providers' own entries, each accepted
            // with Winsock's numbers: AF_INET6 is 23 there
            assertTrue(run.output.matches("(?s).*\\(INET, STREAM, TCP\\) +socket\\(AF_INET 2, SOCK_STREAM 1, IPPROTO_TCP 6\\) +accepted.*"),
                    run.toString());
            assertTrue(run.output.matches("(?s).*\\(INET6, DGRAM, UDP\\) +socket\\(AF_INET6 23, SOCK_DGRAM 2, IPPROTO_UDP 17\\) +accepted.*"),
                    run.toString());
        } else {
            assertTrue(run.output.matches("(?s).*TCP/IPv4 +\\(INET, STREAM, TCP\\) +socket\\(AF_INET 2, SOCK_STREAM 1, IPPROTO_TCP 6\\) +accepted.*"),
                    run.toString());
            assertTrue(run.output.matches("(?s).*TCP/IPv6 +\\(INET6, STREAM, TCP\\) +socket\\(AF_INET6 10, SOCK_STREAM 1, IPPROTO_TCP 6\\) +accepted.*"),
                    run.toString());
        }
        assertTrue(run.output.matches("(?s).*\\d+ of \\d+ triples accepted.*"), run.toString());
    }

    @Test
    void helpAndAnUnknownCommand() {
        Run help = cli("help");
        assertEquals(0, help.exit, help.toString());
        assertTrue(help.output.contains("selftest") && help.output.contains("ping <host>"), help.toString());
        Run bad = cli("frobnicate");
        assertEquals(2, bad.exit, bad.toString());
        assertTrue(bad.output.contains("unknown command: frobnicate"), bad.toString());
        Run noHost = cli("ping");
        assertEquals(2, noHost.exit, noHost.toString());
    }

    @Test
    void pingsIpv4LoopbackOverARawSocket() throws Exception {
        try (DatagramChannel probe = new WsnioSelectorProvider().openDatagramChannel(
                SocketSpec.of(SocketSpec.Family.INET, SocketSpec.Type.RAW, SocketSpec.Protocol.ICMP))) {
            // privileged here (root, CAP_NET_RAW, or Administrator)
        } catch (SocketCreationException e) {
            String n = e.errorName().replaceFirst("^WSA", "");
            Require.capability("root", !(n.equals("EPERM") || n.equals("EACCES")),
                    "raw ICMP needs root, CAP_NET_RAW or Administrator: " + e.getMessage());
            throw e;
        }
        Run run = cli("ping", "127.0.0.1", "-c", "2");
        assertEquals(0, run.exit, run.toString());
        assertTrue(run.output.contains("reply from 127.0.0.1: icmp_seq=1"), run.toString());
        assertTrue(run.output.contains("reply from 127.0.0.1: icmp_seq=2"), run.toString());
        assertTrue(run.output.contains("2 sent, 2 received"), run.toString());
    }
}
