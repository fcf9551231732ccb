package io.wsnio.spi.triples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The provider jar's CLI, run as users run it: {@code java -jar wsnio-provider.jar <command>} (JNA from lib/). */
class CliTest {

    private static Forks.Run cli(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Forks.java(), "-jar", Forks.artifact("wsnio.provider.jar").toString()));
        cmd.addAll(List.of(args));
        return Forks.run(cmd, 120);
    }

    @Test
    void selftestPassesOrSkipsWithAReasonAndExitsZero() throws Exception {
        Triples.assumeLinux();
        Forks.Run run = cli("selftest");
        assertEquals(0, run.exit, run.toString());
        assertFalse(run.output.contains("\nFAIL "), run.toString());
        assertTrue(run.output.contains("PASS TCP/IPv4 echo through a selector"), run.toString());
        assertTrue(run.output.contains("PASS UNIX seqpacket keeps message boundaries"), run.toString());
        for (String line : run.output.split("\\R")) {
            if (line.startsWith("SKIP ")) {
                assertTrue(line.contains("refused:") || line.contains("no loopback"), "a skip says why: " + line);
            }
        }
        assertTrue(run.output.matches("(?s).*selftest: \\d+ passed, 0 failed, \\d+ skipped.*"), run.toString());
    }

    @Test
    void catalogPrintsATableOfAcceptedAndRefusedTriples() throws Exception {
        Triples.assumeLinux();
        Forks.Run run = cli("catalog");
        assertEquals(0, run.exit, run.toString());
        assertTrue(run.output.matches("(?s).*TCP/IPv4 +\\(INET, STREAM, TCP\\) +socket\\(AF_INET 2, SOCK_STREAM 1, IPPROTO_TCP 6\\) +accepted.*"), run.toString());
        assertTrue(run.output.matches("(?s).*NetBIOS datagram +\\(NETBIOS, DGRAM, DEFAULT\\) +\\S.*EAFNOSUPPORT +.*does not exist on Linux.*"),
                run.toString());
        assertTrue(run.output.matches("(?s).*\\d+ of \\d+ triples accepted.*"), run.toString());
    }

    @Test
    void helpAndUnknownCommands() throws Exception {
        Triples.assumeLinux(); // forked `java -jar` of the built jar: the POSIX lanes
        Forks.Run help = cli("help");
        assertEquals(0, help.exit, help.toString());
        assertTrue(help.output.contains("selftest") && help.output.contains("catalog") && help.output.contains("ping <host>"), help.toString());
        Forks.Run bad = cli("frobnicate");
        assertEquals(2, bad.exit, bad.toString());
        assertTrue(bad.output.contains("unknown command: frobnicate"), bad.toString());
    }

    @Test
    void pingLoopbackOverRawSockets() throws Exception {
        Triples.assumeLinux();
        try (java.nio.channels.DatagramChannel probe = Triples.openDatagramOrAbort(
                io.wsnio.SocketSpec.of(io.wsnio.SocketSpec.Family.INET, io.wsnio.SocketSpec.Type.RAW, io.wsnio.SocketSpec.Protocol.ICMP))) {
            // privileged here: the child is too
        }
        for (String host : List.of("127.0.0.1", "::1")) {
            Forks.Run run = cli("ping", host, "-c", "1");
            assertEquals(0, run.exit, run.toString());
            assertTrue(run.output.contains("reply from " + (host.equals("::1") ? "0:0:0:0:0:0:0:1" : host) + ": icmp_seq=1"), run.toString());
            assertTrue(run.output.contains("1 sent, 1 received"), run.toString());
        }
    }
}
