package io.wsnio.cli;

import io.wsnio.NativeError;
import io.wsnio.SocketCreationException;
import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.SocketSpec.Protocol;
import io.wsnio.SocketSpec.Type;
import io.wsnio.WsnioSelectorProvider;
import io.wsnio.WsnioSocketOptions;
import io.wsnio.WsnioChannel;
import io.wsnio.nativeio.NativeErrors;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A quick conformance check on the user's machine: one line per capability, PASS, FAIL or SKIP
 * with the reason. A triple the kernel refuses (missing module, no privilege) is a SKIP naming
 * why; anything else that goes wrong is a FAIL.
 */
final class SelfTest {
    enum Outcome { PASS, FAIL, SKIP }

    /** A check's result line. */
    static final class Result {
        final String name;
        final Outcome outcome;
        final String detail;

        Result(String name, Outcome outcome, String detail) {
            this.name = name;
            this.outcome = outcome;
            this.detail = detail;
        }
    }

    /** Thrown by a check that cannot run here. */
    static final class Skip extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Skip(String reason) {
            super(reason, null, false, false);
        }
    }

    interface Check {
        /** Runs the check; returns a short detail for the PASS line. */
        String run() throws Exception;
    }

    private static final int TIMEOUT_SECONDS = 10;
    private static final byte[] HELLO = "hello wsnio".getBytes(StandardCharsets.US_ASCII);

    private final WsnioSelectorProvider provider = new WsnioSelectorProvider();

    /** The checks, in display order. */
    Map<String, Check> checks() {
        Map<String, Check> m = new LinkedHashMap<>();
        m.put("TCP/IPv4 echo through a selector", () -> streamEcho(SocketSpec.TCP_V4, loopback(false)));
        m.put("TCP/IPv6 echo through a selector", () -> streamEcho(SocketSpec.TCP_V6, loopback(true)));
        m.put("UNIX stream echo", () -> streamEcho(SocketSpec.UNIX_STREAM, unixAddress()));
        m.put("Pipe through a selector", this::pipe);
        m.put("UDP/IPv4 exchange", () -> datagram(SocketSpec.UDP_V4, "protocol " + 17));
        m.put("UDP-Lite/IPv4 exchange with checksum coverage",
                () -> datagram(SocketSpec.of(Family.INET, Type.DGRAM, Protocol.UDPLITE), "SO_PROTOCOL 136"));
        m.put("MPTCP/IPv4 echo", this::mptcp);
        m.put("UNIX seqpacket keeps message boundaries", this::seqpacket);
        m.put("raw ICMP/IPv4 echo to 127.0.0.1", () -> ping(InetAddress.getByName("127.0.0.1")));
        m.put("raw ICMPv6 echo to ::1", () -> ping(InetAddress.getByName("::1")));
        m.put("TIPC RDM", () -> opens(SocketSpec.of(Family.TIPC, Type.RDM, Protocol.DEFAULT),
                "opens (TIPC addresses are not supported by wsnio yet: no exchange)"));
        m.put("SCTP/IPv4 stream echo", () -> streamEcho(SocketSpec.of(Family.INET, Type.STREAM, Protocol.SCTP), loopback(false)));
        return m;
    }

    /** Runs every check, printing a line each and a summary; returns the number of failures. */
    int run(PrintStream out) {
        out.println("wsnio selftest on " + provider.backendName() + ", Java " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        List<Result> results = new ArrayList<>();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "wsnio-selftest");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Map.Entry<String, Check> e : checks().entrySet()) {
                Result r = runOne(pool, e.getKey(), e.getValue());
                results.add(r);
                out.printf("%-4s %-48s %s%n", r.outcome, r.name, r.detail);
            }
        } finally {
            pool.shutdownNow();
        }
        long fail = results.stream().filter(r -> r.outcome == Outcome.FAIL).count();
        long skip = results.stream().filter(r -> r.outcome == Outcome.SKIP).count();
        out.println("selftest: " + (results.size() - fail - skip) + " passed, " + fail + " failed, " + skip + " skipped");
        return (int) fail;
    }

    static Result runOne(ExecutorService pool, String name, Check check) {
        Future<String> f = pool.submit(check::run);
        try {
            return new Result(name, Outcome.PASS, f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Result(name, Outcome.FAIL, "no result within " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(name, Outcome.FAIL, "interrupted");
        } catch (ExecutionException e) {
            return classify(name, e.getCause());
        }
    }

    /** A refused triple (missing protocol or privilege) or an explicit {@link Skip} is SKIP; the rest FAIL. */
    static Result classify(String name, Throwable t) {
        if (t instanceof Skip) {
            return new Result(name, Outcome.SKIP, t.getMessage());
        }
        if (t instanceof SocketCreationException) {
            String err = NativeErrors.neutral(((NativeError) t).errorName());
            switch (err) {
                case "EPROTONOSUPPORT": case "EAFNOSUPPORT": case "ESOCKTNOSUPPORT": case "EPFNOSUPPORT":
                case "EPERM": case "EACCES": case "EINVAL":
                    return new Result(name, Outcome.SKIP, t.getMessage());
                default:
                    break;
            }
        }
        return new Result(name, Outcome.FAIL, String.valueOf(t));
    }

    // -- checks

    private static SocketAddress loopback(boolean v6) throws IOException {
        return new InetSocketAddress(InetAddress.getByName(v6 ? "::1" : "127.0.0.1"), 0);
    }

    private static SocketAddress unixAddress() throws IOException {
        Path dir = Files.createTempDirectory("wsnio-selftest");
        dir.toFile().deleteOnExit();
        Path p = dir.resolve("s");
        p.toFile().deleteOnExit();
        return UnixDomainSocketAddress.of(p);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /** Client connects and writes through a selector; the accepted side echoes; the client reads it back. */
    private String streamEcho(SocketSpec spec, SocketAddress local) throws IOException {
        try (ServerSocketChannel server = provider.openServerSocketChannel(spec);
                SocketChannel client = provider.openSocketChannel(spec);
                Selector sel = provider.openSelector()) {
            try {
                server.bind(local);
            } catch (IOException e) {
                if (e instanceof NativeError && "EADDRNOTAVAIL".equals(NativeErrors.neutral(((NativeError) e).errorName()))) {
                    throw new Skip("no loopback address for " + spec + ": " + e.getMessage());
                }
                throw e;
            }
            client.configureBlocking(false);
            if (!client.connect(server.getLocalAddress())) {
                client.register(sel, SelectionKey.OP_CONNECT);
                check(sel.select(5000) == 1, "OP_CONNECT did not fire");
                sel.selectedKeys().clear();
                check(client.finishConnect(), "finishConnect false after OP_CONNECT");
            }
            try (SocketChannel accepted = server.accept()) {
                client.write(ByteBuffer.wrap(HELLO));
                ByteBuffer b = ByteBuffer.allocate(64);
                while (b.position() < HELLO.length) {
                    check(accepted.read(b) > 0, "accepted side read end of stream");
                }
                b.flip();
                accepted.write(b);
                client.register(sel, SelectionKey.OP_READ);
                ByteBuffer r = ByteBuffer.allocate(64);
                while (r.position() < HELLO.length) {
                    check(sel.select(5000) > 0, "OP_READ did not fire for the echo");
                    sel.selectedKeys().clear();
                    check(client.read(r) >= 0, "client read end of stream");
                }
                check(ByteBuffer.wrap(HELLO).equals(r.flip()), "echo differs");
            }
            String proto = "";
            if (client instanceof WsnioChannel && spec.family() != Family.UNIX) {
                proto = ", SO_PROTOCOL " + ((WsnioChannel) client).protocolInUse();
            }
            return spec + proto;
        }
    }

    private String mptcp() throws IOException {
        SocketSpec spec = SocketSpec.of(Family.INET, Type.STREAM, Protocol.MPTCP);
        String detail = streamEcho(spec, loopback(false));
        check(detail.endsWith("SO_PROTOCOL 262"), "SO_PROTOCOL is not 262 (MPTCP): " + detail);
        return detail;
    }

    private String pipe() throws IOException {
        Pipe p = provider.openPipe();
        try (Pipe.SourceChannel source = p.source(); Pipe.SinkChannel sink = p.sink(); Selector sel = provider.openSelector()) {
            source.configureBlocking(false);
            source.register(sel, SelectionKey.OP_READ);
            check(sel.selectNow() == 0, "OP_READ before anything was written");
            sink.write(ByteBuffer.wrap(HELLO));
            check(sel.select(5000) == 1, "OP_READ did not fire");
            ByteBuffer b = ByteBuffer.allocate(64);
            source.read(b);
            check(ByteBuffer.wrap(HELLO).equals(b.flip()), "pipe data differs");
            return "socket pair";
        }
    }

    private String datagram(SocketSpec spec, String detail) throws IOException {
        try (DatagramChannel a = provider.openDatagramChannel(spec); DatagramChannel b = provider.openDatagramChannel(spec);
                Selector sel = provider.openSelector()) {
            a.bind(loopback(false));
            b.bind(loopback(false));
            boolean lite = spec.protocolValue() == Protocol.UDPLITE.value();
            if (lite) {
                a.setOption(WsnioSocketOptions.UDPLITE_SEND_CSCOV, 8);
                b.setOption(WsnioSocketOptions.UDPLITE_RECV_CSCOV, 8);
                check(a.getOption(WsnioSocketOptions.UDPLITE_SEND_CSCOV) == 8, "UDPLITE_SEND_CSCOV does not read back 8");
            }
            b.configureBlocking(false);
            b.register(sel, SelectionKey.OP_READ);
            a.send(ByteBuffer.wrap(HELLO), b.getLocalAddress());
            check(sel.select(5000) == 1, "OP_READ did not fire");
            ByteBuffer r = ByteBuffer.allocate(64);
            SocketAddress from = b.receive(r);
            check(a.getLocalAddress().equals(from), "sender " + from + " is not " + a.getLocalAddress());
            check(ByteBuffer.wrap(HELLO).equals(r.flip()), "datagram differs");
            int proto = ((WsnioChannel) a).protocolInUse();
            check(proto == spec.protocolValue(), "SO_PROTOCOL " + proto + ", expected " + spec.protocolValue());
            return spec + ", " + detail + (lite ? ", coverage 8" : "");
        }
    }

    private String seqpacket() throws IOException {
        SocketSpec spec = SocketSpec.UNIX_SEQPACKET;
        try (ServerSocketChannel server = provider.openServerSocketChannel(spec);
                SocketChannel client = provider.openSocketChannel(spec)) {
            server.bind(unixAddress());
            client.connect(server.getLocalAddress());
            try (SocketChannel accepted = server.accept()) {
                client.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                client.write(ByteBuffer.wrap(new byte[] {4, 5, 6, 7, 8}));
                ByteBuffer b = ByteBuffer.allocate(64);
                int first = accepted.read(b);
                b.clear();
                int second = accepted.read(b);
                check(first == 3 && second == 5, "reads of " + first + " and " + second + " bytes, expected 3 and 5");
                client.close();
                b.clear();
                int eof = accepted.read(b);
                check(eof == -1, "read after the peer closed gave " + eof + ", expected -1");
            }
            return spec + ", 3 + 5 bytes, then end of stream";
        }
    }

    private String ping(InetAddress target) throws IOException {
        try (Selector sel = provider.openSelector(); DatagramChannel ch = Ping.open(provider, target, sel)) {
            int id = (int) (System.nanoTime() & 0xffff);
            long rtt = Ping.echo(provider, ch, sel, target, id, 1, 3000);
            check(rtt >= 0, "no echo reply from " + target.getHostAddress());
            return ((WsnioChannel) ch).spec() + String.format(", %.3f ms", rtt / 1e6);
        }
    }

    private String opens(SocketSpec spec, String detail) throws IOException {
        try (DatagramChannel ch = provider.openDatagramChannel(spec); Selector sel = provider.openSelector()) {
            ch.configureBlocking(false);
            ch.register(sel, SelectionKey.OP_READ);
            return spec + " " + detail;
        }
    }
}
