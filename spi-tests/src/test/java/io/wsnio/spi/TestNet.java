package io.wsnio.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Assumptions;

/** Loopback addresses, timeouts and small I/O helpers shared by the contract suites. */
public final class TestNet {

    public static final Inet4Address LOOPBACK4 = (Inet4Address) address("127.0.0.1");
    public static final Inet6Address LOOPBACK6 = (Inet6Address) address("::1");

    /** Upper bound for anything that should finish promptly; a hang fails instead of blocking the build. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    /**
     * How much longer than its time-out a timed call (select, SO_TIMEOUT) may take: scheduling on a
     * loaded 2-core machine and Wine's server round trips, well short of any time-out a hung call
     * could fall back on.
     */
    public static final long LATE_MILLIS = 2_000;

    private TestNet() {
    }

    /**
     * Asserts that a call with a time-out of {@code timeoutMillis} returned after {@code tookMillis}:
     * not early (at least three quarters of it, for coarse clocks) and not more than
     * {@link #LATE_MILLIS} late.
     */
    public static void assertWaitedAbout(long timeoutMillis, long tookMillis, String what) {
        assertTrue(tookMillis >= timeoutMillis * 3 / 4,
                what + " returned after " + tookMillis + " ms, before its " + timeoutMillis + " ms time-out");
        assertTrue(tookMillis < timeoutMillis + LATE_MILLIS,
                what + " returned after " + tookMillis + " ms, more than " + LATE_MILLIS + " ms after its "
                        + timeoutMillis + " ms time-out");
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Aborts the JDK's variant of a test under Wine ({@code -Dwsnio.test.wine}), where the JDK oracle
     * fails for a reason of Wine's ({@code why}); wsnio's variant still runs there.
     */
    public static void assumeNotTheJdkUnderWine(java.nio.channels.spi.SelectorProvider p, String why) {
        Assumptions.assumeFalse(Providers.isJdk(p) && Boolean.getBoolean("wsnio.test.wine"), why);
    }

    /**
     * Aborts a test under Wine ({@code -Dwsnio.test.wine}) where Wine itself makes the JDK oracle and
     * wsnio fail alike ({@code why} says how each fails); real Windows runs it.
     */
    public static void assumeNotUnderWine(String why) {
        Assumptions.assumeFalse(Boolean.getBoolean("wsnio.test.wine"), why);
    }

    /**
     * A JDK listener on loopback with backlog 1 whose accept queue is full, so a connect to it stays
     * pending (Linux drops the SYNs and the client retransmits after 1 s, 3 s, ...); the filler
     * connections are added to {@code fillers} for the caller to close. Aborts on Windows, where a
     * full queue refuses connections instead.
     */
    public static ServerSocketChannel fullListener(java.util.List<AutoCloseable> fillers) throws IOException {
        Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows"),
                "a full accept queue refuses connections on Windows instead of dropping their SYNs");
        ServerSocketChannel full = Providers.jdk().openServerSocketChannel().bind(new InetSocketAddress(LOOPBACK4, 0), 1);
        fillers.add(full);
        fillers.addAll(fillAcceptQueue(full));
        return full;
    }

    /** Aborts the test unless the JDK can listen on ::1 here. */
    public static void assumeIpv6Loopback() {
        boolean ok;
        try (ServerSocketChannel s = Providers.jdk().openServerSocketChannel()) {
            s.bind(new InetSocketAddress(LOOPBACK6, 0));
            ok = true;
        } catch (IOException | RuntimeException e) {
            ok = false;
        }
        Assumptions.assumeTrue(ok, "IPv6 loopback ::1 is not usable on this machine");
    }

    /** A loopback port nothing listens on: bound by a listener that is then closed. */
    public static InetSocketAddress refusedAddress(InetAddress loopback) throws IOException {
        InetSocketAddress a;
        try (ServerSocketChannel s = Providers.jdk().openServerSocketChannel()) {
            s.bind(new InetSocketAddress(loopback, 0));
            a = (InetSocketAddress) s.getLocalAddress();
        }
        return new InetSocketAddress(loopback, a.getPort());
    }

    /** Deterministic pseudo-random bytes. */
    public static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes all of {@code buf} to a blocking channel. */
    public static void writeFully(WritableByteChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.write(buf);
            assertTrue(n >= 0, "write returned " + n);
        }
    }

    /** Reads exactly {@code n} bytes from a blocking channel; fails on premature end of stream. */
    public static byte[] readFully(ReadableByteChannel ch, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            int r = ch.read(buf);
            if (r < 0) {
                throw new AssertionError("end of stream after " + buf.position() + " of " + n + " bytes");
            }
        }
        return buf.array();
    }

    /** Asserts the next read reports end of stream. */
    public static void assertEndOfStream(ReadableByteChannel ch) throws IOException {
        assertEquals(-1, ch.read(ByteBuffer.allocate(16)), "expected end of stream");
    }

    /** Closes {@code c}, failing instead of hanging if close waits for a thread blocked in it. */
    public static void closeBounded(java.io.Closeable c) {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), c::close,
                "close() did not return while another thread was blocked on the channel");
    }

    /** Asserts {@code actual} is an {@code expected}; on mismatch the actual one is the cause. */
    public static void assertKind(Class<? extends Throwable> expected, Throwable actual) {
        if (!expected.isInstance(actual)) {
            throw new AssertionError("expected " + expected.getName() + " but was " + actual, actual);
        }
    }

    /** Wraps a string's bytes. */
    public static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /**
     * Fills the accept queue of {@code full} (a listener with backlog 1) with non-blocking connects
     * from the JDK's provider until one stays pending: the listener then drops SYNs, so a blocking
     * connect to it waits (the client retransmits after 1 s, 3 s, ...). Returns the fillers to close.
     */
    public static java.util.List<java.nio.channels.SocketChannel> fillAcceptQueue(ServerSocketChannel full)
            throws IOException {
        java.nio.channels.spi.SelectorProvider jdk = Providers.jdk();
        java.util.List<java.nio.channels.SocketChannel> fillers = new java.util.ArrayList<>();
        try (java.nio.channels.Selector s = jdk.openSelector()) {
            for (int i = 0; i < 16; i++) {
                java.nio.channels.SocketChannel f = jdk.openSocketChannel();
                fillers.add(f);
                f.configureBlocking(false);
                if (!f.connect(full.getLocalAddress())) {
                    f.register(s, java.nio.channels.SelectionKey.OP_CONNECT);
                    if (s.select(300) == 0) {
                        return fillers;
                    }
                    s.selectedKeys().clear();
                    f.finishConnect();
                    f.keyFor(s).cancel();
                    s.selectNow();
                }
            }
        }
        throw new AssertionError("the accept queue of a listener with backlog 1 never filled up");
    }
}
