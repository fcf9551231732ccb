package io.wsnio.spi.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.testkit.ChildProcess;
import java.nio.charset.StandardCharsets;
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
 * Socket activation in forked JVMs: a perl launcher (perl-base is part of every Debian system)
 * creates sockets of several triples, puts them on stdin or on descriptors 3, 4, ... with systemd's
 * LISTEN_PID/LISTEN_FDS/LISTEN_FDNAMES, and execs the JVM; {@link InheritedMain} reports what it
 * got and proves each channel works. The JDK's provider is the oracle for what it handles (an
 * internet listener on stdin); wsnio also takes UNIX SEQPACKET listeners, UNIX and UDP sockets.
 */
class SocketActivationTest {
    private static final String LAUNCHER = String.join("\n",
            "use strict; use warnings; use Socket qw(:all); use POSIX ();",
            "my ($where, $list, $dir) = splice(@ARGV, 0, 3);",
            "# placeholders on 3..19 so no socket lands on a descriptor it is dup2'ed to",
            "my @ph; for (1..17) { open(my $h, '>&', \\*STDERR) or die \"dup: $!\"; push @ph, $h; }",
            "my $fd = $where eq 'stdin' ? 0 : 3; my @names; my @keep;",
            "for my $item (split /,/, $list) {",
            "  my ($kind, $name) = split /=/, $item; my $s; unlink(\"$dir/\" . ($name // 'x') . '.sock');",
            "  if ($kind eq 'tcp-listen') { socket($s, AF_INET, SOCK_STREAM, 0) or die \"socket: $!\";",
            "    bind($s, pack_sockaddr_in(0, inet_aton('127.0.0.1'))) or die \"bind: $!\"; listen($s, 16) or die \"listen: $!\"; }",
            "  elsif ($kind eq 'udp') { socket($s, AF_INET, SOCK_DGRAM, 0) or die \"socket: $!\";",
            "    bind($s, pack_sockaddr_in(0, inet_aton('127.0.0.1'))) or die \"bind: $!\"; }",
            "  elsif ($kind eq 'unix-seqpacket-listen') { socket($s, AF_UNIX, SOCK_SEQPACKET, 0) or die \"socket: $!\";",
            "    bind($s, pack_sockaddr_un(\"$dir/$name.sock\")) or die \"bind: $!\"; listen($s, 16) or die \"listen: $!\"; }",
            "  elsif ($kind eq 'unix-dgram') { socket($s, AF_UNIX, SOCK_DGRAM, 0) or die \"socket: $!\";",
            "    bind($s, pack_sockaddr_un(\"$dir/$name.sock\")) or die \"bind: $!\"; }",
            "  else { die \"unknown kind $kind\"; }",
            "  POSIX::dup2(fileno($s), $fd) or die \"dup2: $!\"; push @keep, $s; $fd++; push @names, ($name // 'unknown');",
            "}",
            "if ($where ne 'stdin') { $ENV{LISTEN_PID} = $$; $ENV{LISTEN_FDS} = scalar(@names);",
            "  $ENV{LISTEN_FDNAMES} = join(':', @names); }",
            "exec(@ARGV) or die \"exec: $!\";",
            "");

    private static Path dir;

    @BeforeAll
    static void needPerlAndLinux() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"),
                "descriptor passing by number is POSIX; the JDK returns no inherited channel on Windows");
        dir = Files.createTempDirectory("wsnio-activation");
        Files.writeString(dir.resolve("launch.pl"), LAUNCHER, StandardCharsets.UTF_8);
    }

    private static Map<String, String> run(String where, String sockets, boolean wsnio) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("perl", dir.resolve("launch.pl").toString(), where, sockets,
                dir.toString()));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (wsnio) {
            cmd.add("-Djava.nio.channels.spi.SelectorProvider=io.wsnio.WsnioSelectorProvider");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(InheritedMain.class.getName());
        cmd.add(where);
        ChildProcess.Result r = ChildProcess.run(cmd, 60);
        assertEquals(0, r.exit(), r::toString);
        Map<String, String> out = new LinkedHashMap<>(r.values());
        assertEquals("OK", out.get("done"), r::toString);
        for (Path p : Files.newDirectoryStream(dir, "*.sock")) {
            Files.delete(p);
        }
        return out;
    }

    @Test
    void anInternetListenerOnStdinIsAServerSocketChannelAsOnTheJdk() throws Exception {
        Map<String, String> jdk = run("stdin", "tcp-listen", false);
        Map<String, String> wsnio = run("stdin", "tcp-listen", true);
        assertEquals("server", jdk.get("stdin.kind"), jdk::toString);
        assertEquals("server", wsnio.get("stdin.kind"), wsnio::toString);
        assertEquals("yes", jdk.get("stdin.works"));
        assertEquals("yes", wsnio.get("stdin.works"));
        assertEquals("true", wsnio.get("stdin.wsnio"), "a wsnio channel: " + wsnio);
        assertTrue(wsnio.get("stdin.local").startsWith("/127.0.0.1:"), wsnio::toString);
        assertTrue(wsnio.get("stdin.triple").contains("INET") && wsnio.get("stdin.triple").contains("STREAM"),
                wsnio::toString);
        assertEquals("true", wsnio.get("stdin.again"), "the same channel on every call");
    }

    @Test
    void aUnixSeqpacketListenerOnStdinIsAWsnioServerSocketChannel() throws Exception {
        Map<String, String> wsnio = run("stdin", "unix-seqpacket-listen=ctl", true);
        assertEquals("server", wsnio.get("stdin.kind"), wsnio::toString);
        assertTrue(wsnio.get("stdin.triple").contains("SEQPACKET"), wsnio::toString);
        assertEquals(dir.resolve("ctl.sock").toString(), wsnio.get("stdin.local"));
        assertEquals("yes", wsnio.get("stdin.works"), wsnio::toString);
    }

    @Test
    void stdinThatIsNotASocketGivesNoChannelAsOnTheJdk() throws Exception {
        // the launcher with no sockets leaves the child's stdin as the test's (not a socket)
        Map<String, String> jdk = run("stdin", "", false);
        Map<String, String> wsnio = run("stdin", "", true);
        assertEquals("null", jdk.get("stdin.kind"), jdk::toString);
        assertEquals("null", wsnio.get("stdin.kind"), wsnio::toString);
    }

    @Test
    void listenFdsOfSeveralTriplesBecomeNamedWsnioChannels() throws Exception {
        Map<String, String> out = run("fds", "tcp-listen=web,udp=dns,unix-seqpacket-listen=ctl,unix-dgram=log", true);
        assertEquals("4", out.get("count"), out::toString);
        assertEquals("server", out.get("web.kind"));
        assertEquals("datagram", out.get("dns.kind"));
        assertEquals("server", out.get("ctl.kind"));
        assertEquals("datagram", out.get("log.kind"));
        for (String name : new String[] {"web", "dns", "ctl", "log"}) {
            assertEquals("yes", out.get(name + ".works"), name + ": " + out);
        }
        assertTrue(out.get("dns.local").startsWith("/127.0.0.1:") && !out.get("dns.local").endsWith(":0"),
                "bound as the socket is: " + out);
        assertTrue(out.get("ctl.triple").contains("UNIX") && out.get("ctl.triple").contains("SEQPACKET"), out::toString);
        assertTrue(out.get("log.triple").contains("UNIX") && out.get("log.triple").contains("DGRAM"), out::toString);
        assertEquals(dir.resolve("log.sock").toString(), out.get("log.local"));
    }
}
