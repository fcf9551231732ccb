package io.wsnio.spi.reliability;

import io.wsnio.testkit.Require;
import static io.wsnio.spi.TestNet.LOOPBACK4;
import static io.wsnio.spi.TestNet.ascii;
import static io.wsnio.spi.TestNet.readFully;
import static io.wsnio.spi.TestNet.writeFully;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.testkit.ChildProcess;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.wsnio.spi.Closer;
import io.wsnio.spi.ConnectedPair;
import io.wsnio.spi.Providers;
import io.wsnio.spi.TestNet;

/**
 * Faults caused by the peer or the network, on wsnio channels (the peer is the JDK's).
 */
@Timeout(value = 60)
class PeerFaultTest extends Closer {

    private ConnectedPair pair() throws IOException {
        // wsnio client, JDK listener and accepted peer
        return closeLater(ConnectedPair.open(Providers.wsnio(), Providers.jdk(), LOOPBACK4));
    }

    @Test
    void resetByPeerIsConnectionReset() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("wsnio.test.wine"),
                "Wine: a read after the peer's SO_LINGER-0 close does not fail (the JDK oracle fails the same contract test there)");
        ConnectedPair p = pair();
        p.server().setOption(StandardSocketOptions.SO_LINGER, 0);
        p.server().close(); // RST
        Thread.sleep(50);
        IOException e = assertThrows(IOException.class, () -> p.client().read(ByteBuffer.allocate(16)));
        assertTrue(String.valueOf(e.getMessage()).contains("Connection reset"), "message: " + e);
        // like the JDK, the channel stays open and a later read reports end of stream or the reset again
        assertTrue(p.client().isOpen());
    }

    @Test
    void resetByPeerFailsAWrite() throws Exception {
        ConnectedPair p = pair();
        p.server().setOption(StandardSocketOptions.SO_LINGER, 0);
        p.server().close();
        Thread.sleep(50);
        IOException e = assertThrows(IOException.class, () -> {
            for (int i = 0; i < 100; i++) {
                p.client().write(ByteBuffer.allocate(1024));
            }
        });
        assertTrue(String.valueOf(e.getMessage()).matches("(?s).*(Connection reset|Broken pipe).*"), "message: " + e);
    }

    @Test
    void halfCloseClientToServer() throws Exception {
        ConnectedPair p = pair();
        writeFully(p.client(), ascii("last words"));
        p.client().shutdownOutput();
        assertArrayEquals("last words".getBytes(), readFully(p.server(), 10));
        TestNet.assertEndOfStream(p.server());
        // the other direction still works
        writeFully(p.server(), ascii("reply"));
        assertArrayEquals("reply".getBytes(), readFully(p.client(), 5));
        assertThrows(java.nio.channels.ClosedChannelException.class, () -> p.client().write(ascii("x")));
    }

    @Test
    void halfCloseServerToClient() throws Exception {
        ConnectedPair p = pair();
        writeFully(p.server(), ascii("bye"));
        p.server().shutdownOutput();
        assertArrayEquals("bye".getBytes(), readFully(p.client(), 3));
        TestNet.assertEndOfStream(p.client());
        TestNet.assertEndOfStream(p.client()); // stays at end of stream
        writeFully(p.client(), ascii("still here"));
        assertArrayEquals("still here".getBytes(), readFully(p.server(), 10));
    }

    @Test
    void shutdownInputLocallyReadsEndOfStream() throws Exception {
        ConnectedPair p = pair();
        p.client().shutdownInput();
        TestNet.assertEndOfStream(p.client());
        writeFully(p.client(), ascii("ok"));
        assertArrayEquals("ok".getBytes(), readFully(p.server(), 2));
    }

    @Test
    void connectionRefusedBlockingAndNonBlocking() throws Exception {
        InetSocketAddress refused = TestNet.refusedAddress(LOOPBACK4);
        SocketChannel a = closeLater(Providers.wsnio().openSocketChannel());
        assertThrows(ConnectException.class, () -> a.connect(refused));
        assertTrue(!a.isOpen(), "a failed connect closes the channel, as the JDK's does");

        SocketChannel b = closeLater(Providers.wsnio().openSocketChannel());
        b.configureBlocking(false);
        Selector sel = closeLater(Providers.wsnio().openSelector());
        if (!b.connect(refused)) {
            b.register(sel, SelectionKey.OP_CONNECT);
            assertEquals(1, sel.select(TestNet.TIMEOUT.toMillis()));
            assertThrows(ConnectException.class, b::finishConnect);
        }
    }

    @Test
    void portUnreachableOnAConnectedDatagramChannel() throws Exception {
        Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows"),
                "Winsock: SIO_UDP_CONNRESET is turned off on UDP sockets (as the JDK does), so no port-unreachable error surfaces");
        InetSocketAddress nobody;
        try (DatagramChannel probe = Providers.jdk().openDatagramChannel()) {
            probe.bind(new InetSocketAddress(LOOPBACK4, 0));
            nobody = (InetSocketAddress) probe.getLocalAddress();
        }
        DatagramChannel d = closeLater(Providers.wsnio().openDatagramChannel());
        d.connect(nobody);
        d.write(ascii("anyone?"));
        Thread.sleep(50); // the ICMP port unreachable comes back through loopback
        d.configureBlocking(false);
        assertThrows(PortUnreachableException.class, () -> d.read(ByteBuffer.allocate(16)));
        // the error is consumed: the channel is still usable
        assertEquals(0, d.read(ByteBuffer.allocate(16)));
        assertTrue(d.isOpen());
    }

    @Test
    void slowReaderMakesNonBlockingWritesPartialThenProgress() throws Exception {
        ConnectedPair p = pair();
        p.client().setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
        p.client().configureBlocking(false);
        ByteBuffer big = ByteBuffer.allocateDirect(8 << 20);
        int first = p.client().write(big);
        assertTrue(first > 0 && first < (8 << 20), "first write " + first + " of " + (8 << 20));
        int more;
        int total = first;
        int tries = 0;
        while ((more = p.client().write(big)) > 0 && tries++ < 1000) {
            total += more;
        }
        assertEquals(0, more, "a full send path makes a non-blocking write return 0");
        // the reader drains some; the writer makes progress again
        ByteBuffer sink = ByteBuffer.allocate(256 * 1024);
        int drained = 0;
        while (drained < total / 2 + 1) {
            int r = p.server().read(sink.clear());
            assertTrue(r > 0);
            drained += r;
        }
        Selector sel = closeLater(Providers.wsnio().openSelector());
        p.client().register(sel, SelectionKey.OP_WRITE);
        assertEquals(1, sel.select(TestNet.TIMEOUT.toMillis()), "writable after the reader drained");
        int after = p.client().write(big);
        assertTrue(after > 0, "write after the drain made no progress");
        System.out.printf("[reliability] slow reader: %d bytes accepted before 0, %d after draining %d%n", total,
                after, drained);
    }

    /**
     * Connects from a child JVM in a fresh network namespace (unshare -n) where only loopback is up
     * and 10.9.9.0/24 has an "unreachable" route, and 192.0.2.1 has no route at all: wsnio gives the
     * JDK's exception types (NoRouteToHostException for EHOSTUNREACH, SocketException
     * "Network is unreachable" for ENETUNREACH).
     */
    @Test
    void unreachableHostAndNetworkInAFreshNamespace() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"),
                "needs a Linux network namespace (unshare -n) with no route");
        String why = probe(List.of("unshare", "-n", "true"));
        Require.capability("netns", why == null, () -> "cannot create a network namespace here (unshare -n): " + why);
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        String script = "ip link set lo up && ip route add unreachable 10.9.9.0/24 && "
                + "exec \"$0\" -cp \"$1\" " + UnreachableMain.class.getName();
        List<String> cmd = new ArrayList<>(List.of("unshare", "-n", "sh", "-c", script, java, cp));
        ChildProcess.Result child = ChildProcess.run(cmd, 50);
        String text = child.output();
        assertEquals(0, child.exit(), text);
        // the child prints provider:target=ExceptionClass < superclasses: message; the JDK (the oracle)
        // must itself see the fault the namespace sets up, and wsnio must match it
        assertTrue(line(text, "jdk:host=").startsWith("java.net.NoRouteToHostException <"),
                "the JDK's connect to a host behind an unreachable route: " + text);
        assertTrue(line(text, "jdk:net=").startsWith("java.net.SocketException <")
                && line(text, "jdk:net=").contains("unreachable"),
                "the JDK's connect to an address with no route: " + text);
        for (String target : new String[] {"host", "net"}) {
            String jdk = line(text, "jdk:" + target + "=");
            String ws = line(text, "wsnio:" + target + "=");
            String jdkClass = jdk.split("[ :]")[0];
            assertTrue((ws.split(":")[0] + " <").contains(jdkClass + " <") || ws.split(":")[0].contains("< " + jdkClass),
                    target + ": wsnio's exception is no " + jdkClass + ": " + ws + "\n" + text);
        }
        System.out.println("[reliability] unreachable in a fresh netns:\n" + text.strip());
    }

    private static String line(String text, String prefix) {
        for (String l : text.split("\\R")) {
            if (l.startsWith(prefix)) {
                return l.substring(prefix.length());
            }
        }
        throw new AssertionError("no " + prefix + " line in\n" + text);
    }

    private static String probe(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String o = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + o.strip();
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }
}
