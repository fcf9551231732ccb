package io.wsnio.backend.winsock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.wsnio.NativeConnectException;
import io.wsnio.NativeError;
import io.wsnio.ProtocolCatalog;
import io.wsnio.SocketCreationException;
import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.nativeio.IOStatus;
import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.NativePoller;
import io.wsnio.nativeio.Readiness;
import io.wsnio.nativeio.SockOpt;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Smoke tests of the Winsock backend through the seam alone (no channels): they run on a Windows
 * JVM, in practice the Wine lane ({@code .ci/wine-lane.sh}).
 */
class WinsockNetTest {
    private static NativeNet net;
    private final List<Long> open = new ArrayList<>();

    @BeforeAll
    static void windowsOnly() {
        Assumptions.assumeTrue(System.getProperty("os.name", "").startsWith("Windows"),
                "Winsock tests run in the Wine lane");
        net = WinsockNet.create();
    }

    @AfterEach
    void closeAll() {
        for (long h : open) {
            try {
                net.close(h);
            } catch (IOException ignored) {
                // already closed by the test
            }
        }
    }

    private long track(long h) {
        open.add(h);
        return h;
    }

    private static InetSocketAddress loopback(int port) throws IOException {
        return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
    }

    private long listener() throws IOException {
        long l = track(net.socket(SocketSpec.TCP_V4, true));
        net.bind(l, Family.INET, loopback(0));
        net.listen(l, 16);
        return l;
    }

    /** A connected pair {client, server} over loopback; both blocking. */
    private long[] connectedPair() throws IOException {
        long l = listener();
        long c = track(net.socket(SocketSpec.TCP_V4, false));
        int r = net.connect(c, Family.INET, net.localAddress(l, Family.INET));
        if (r == IOStatus.UNAVAILABLE) {
            assertTrue((net.poll(c, Readiness.OUT, 5000) & Readiness.OUT) != 0, "connect did not complete");
        }
        net.checkConnect(c);
        net.configureBlocking(c, true);
        long s = track(net.accept(l, Family.INET, new SocketAddress[1]));
        return new long[] {c, s};
    }

    private static ByteBuffer direct(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buf = ByteBuffer.allocateDirect(b.length);
        buf.put(b).flip();
        return buf;
    }

    private static String string(ByteBuffer buf, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = buf.get(i);
        }
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void nameAndFamilies() {
        // "-ffm" only where the JDK 22 classes of the jar run and -Dwsnio.winsock.bridge=ffm asks for them
        java.net.URL bridgeClass = WinsockBridge.class.getResource("WinsockBridge.class");
        boolean foreign = "ffm".equals(System.getProperty("wsnio.winsock.bridge")) && Runtime.version().feature() >= 22
                && bridgeClass != null && bridgeClass.toString().contains("META-INF/versions/22/");
        assertEquals("winsock-" + System.getProperty("wsnio.winsock.poller", "afd") + (foreign ? "-ffm" : ""), net.name());
        assertEquals(2, net.familyNumber(Family.INET));
        assertEquals(23, net.familyNumber(Family.INET6));
        assertEquals(-1, net.familyNumber(Family.PACKET));
    }

    @Test
    void nonBlockingConnectAcceptReadWrite() throws Exception {
        long l = listener();
        InetSocketAddress bound = (InetSocketAddress) net.localAddress(l, Family.INET);
        assertTrue(bound.getPort() > 0);
        long c = track(net.socket(SocketSpec.TCP_V4, false));
        int r = net.connect(c, Family.INET, bound);
        assertTrue(r == 0 || r == IOStatus.UNAVAILABLE, "connect gave " + r);
        int ready = net.poll(c, Readiness.OUT, 5000);
        assertTrue((ready & Readiness.OUT) != 0, "not writable after connect: " + ready);
        net.checkConnect(c);
        SocketAddress[] peer = new SocketAddress[1];
        long s = track(net.accept(l, Family.INET, peer));
        assertEquals(net.localAddress(c, Family.INET), peer[0]);
        assertEquals(bound, net.remoteAddress(c, Family.INET));

        ByteBuffer out = direct("hello winsock");
        assertEquals(13, net.write(c, net.directAddress(out), 13));
        assertTrue((net.poll(s, Readiness.IN, 5000) & Readiness.IN) != 0);
        assertEquals(13, net.available(s));
        ByteBuffer in = ByteBuffer.allocateDirect(64);
        assertEquals(13, net.read(s, net.directAddress(in), 64));
        assertEquals("hello winsock", string(in, 13));
        assertEquals(IOStatus.UNAVAILABLE, net.read(c, net.directAddress(in), 64), "non-blocking read with nothing ready");

        net.shutdown(c, NativeNet.SHUT_WR);
        assertEquals(0, net.read(s, net.directAddress(in), 64), "end of stream after the peer's shutdown");
        net.close(c);
        open.remove((Long) c);
    }

    @Test
    void scatteringAndGathering() throws Exception {
        long[] p = connectedPair();
        ByteBuffer a = direct("abc"), b = direct("defgh");
        long n = net.writev(p[0], new long[] {net.directAddress(a), net.directAddress(b)}, new int[] {3, 5}, 2);
        assertEquals(8, n);
        ByteBuffer x = ByteBuffer.allocateDirect(2), y = ByteBuffer.allocateDirect(16);
        long got = 0;
        while (got < 8) {
            long r = net.readv(p[1], new long[] {net.directAddress(x) + Math.min(got, 2), net.directAddress(y) + Math.max(0, got - 2)},
                    new int[] {(int) Math.max(0, 2 - got), 16 - (int) Math.max(0, got - 2)}, 2);
            assertTrue(r > 0, "readv gave " + r);
            got += r;
        }
        assertEquals("ab", string(x, 2));
        assertEquals("cdefgh", string(y, 6));
        assertThrows(IllegalArgumentException.class,
                () -> net.readv(p[1], new long[0], new int[0], net.maxIov() + 1));
    }

    @Test
    void acceptOnNonBlockingListenerGivesBlockingSocket() throws Exception {
        long l = listener();
        net.configureBlocking(l, false);
        assertEquals(IOStatus.UNAVAILABLE, net.accept(l, Family.INET, new SocketAddress[1]));
        long c = track(net.socket(SocketSpec.TCP_V4, true));
        assertEquals(0, net.connect(c, Family.INET, net.localAddress(l, Family.INET)));
        assertTrue((net.poll(l, Readiness.IN, 5000) & Readiness.IN) != 0);
        long s = track(net.accept(l, Family.INET, new SocketAddress[1]));
        assertTrue(s >= 0);
        ByteBuffer in = ByteBuffer.allocateDirect(8);
        long address = net.directAddress(in);
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return net.read(s, address, 8);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertThrows(TimeoutException.class, () -> reader.get(300, TimeUnit.MILLISECONDS),
                "the accepted socket must block like the seam promises, not inherit non-blocking");
        ByteBuffer out = direct("x");
        net.write(c, net.directAddress(out), 1);
        assertEquals(1, reader.get(5, TimeUnit.SECONDS));
    }

    @Test
    void refusedConnectNamesTheError() throws Exception {
        long probe = net.socket(SocketSpec.TCP_V4, true);
        net.bind(probe, Family.INET, loopback(0));
        SocketAddress free = net.localAddress(probe, Family.INET);
        net.close(probe);

        long c = track(net.socket(SocketSpec.TCP_V4, true));
        NativeConnectException e = assertThrows(NativeConnectException.class, () -> net.connect(c, Family.INET, free));
        assertEquals("WSAECONNREFUSED", e.errorName());
        assertEquals(10061, e.errorCode());

        long nb = track(net.socket(SocketSpec.TCP_V4, false));
        int r;
        try {
            r = net.connect(nb, Family.INET, free);
        } catch (NativeConnectException immediate) {
            assertEquals("WSAECONNREFUSED", immediate.errorName());
            return;
        }
        assertEquals(IOStatus.UNAVAILABLE, r);
        int ready = net.poll(nb, Readiness.OUT, 5000);
        assertNotEquals(0, ready, "a refused non-blocking connect must poll ready");
        NativeConnectException later = assertThrows(NativeConnectException.class, () -> net.checkConnect(nb));
        assertEquals("WSAECONNREFUSED", later.errorName());
    }

    @Test
    void socketRefusalNamesTheTriple() {
        SocketSpec packet = SocketSpec.of(Family.PACKET, SocketSpec.Type.RAW, SocketSpec.Protocol.DEFAULT);
        SocketCreationException e = assertThrows(SocketCreationException.class, () -> net.socket(packet, true));
        assertTrue(e.getMessage().contains("(PACKET, RAW, DEFAULT)"), e.getMessage());
        assertEquals("WSAEAFNOSUPPORT", e.errorName());
        assertEquals(packet, e.spec());

        SocketSpec tcpOverDgram = SocketSpec.of(Family.INET, SocketSpec.Type.DGRAM, SocketSpec.Protocol.TCP);
        SocketCreationException e2 = assertThrows(SocketCreationException.class, () -> net.socket(tcpOverDgram, true));
        assertTrue(e2.getMessage().contains("(INET, DGRAM, TCP)"), e2.getMessage());
        assertTrue(e2.errorName().startsWith("WSAE"), e2.errorName());
        assertTrue(e2.getMessage().contains(e2.errorName()), e2.getMessage());

        SocketSpec nonsense = SocketSpec.nativeTriple(9999, 1, 0);
        SocketCreationException e3 = assertThrows(SocketCreationException.class, () -> net.socket(nonsense, true));
        assertTrue(e3.getMessage().contains("native(9999, STREAM, 0)"), e3.getMessage());
    }

    @Test
    void datagramsWithAddressesAndTruncation() throws Exception {
        long a = track(net.socket(SocketSpec.UDP_V4, true));
        long b = track(net.socket(SocketSpec.UDP_V4, false));
        net.bind(a, Family.INET, loopback(0));
        net.bind(b, Family.INET, loopback(0));
        SocketAddress bAddr = net.localAddress(b, Family.INET);
        ByteBuffer msg = direct("datagram!");
        assertEquals(9, net.sendTo(a, net.directAddress(msg), 9, Family.INET, bAddr));
        assertTrue((net.poll(b, Readiness.IN, 5000) & Readiness.IN) != 0);
        ByteBuffer in = ByteBuffer.allocateDirect(4);
        SocketAddress[] from = new SocketAddress[1];
        assertEquals(4, net.receiveFrom(b, net.directAddress(in), 4, Family.INET, from), "truncated to the buffer");
        assertEquals("data", string(in, 4));
        assertEquals(net.localAddress(a, Family.INET), from[0]);
        assertEquals(IOStatus.UNAVAILABLE, net.receiveFrom(b, net.directAddress(in), 4, Family.INET, from));
    }

    @Test
    void dualStackIpv6() throws Exception {
        long l;
        try {
            l = track(net.socket(SocketSpec.TCP_V6, true));
        } catch (SocketCreationException e) {
            Assumptions.abort("no IPv6 here: " + e.getMessage());
            return;
        }
        assertEquals(0, net.getIntOption(l, SockOpt.IPV6_V6ONLY), "IPv6 sockets are made dual-stack");
        net.bind(l, Family.INET6, new InetSocketAddress(InetAddress.getByAddress(new byte[16]), 0));
        net.listen(l, 4);
        int port = ((InetSocketAddress) net.localAddress(l, Family.INET6)).getPort();
        long c = track(net.socket(SocketSpec.TCP_V4, true));
        assertEquals(0, net.connect(c, Family.INET, loopback(port)));
        SocketAddress[] peer = new SocketAddress[1];
        track(net.accept(l, Family.INET6, peer));
        assertInstanceOf(Inet4Address.class, ((InetSocketAddress) peer[0]).getAddress(), "v4-mapped peer decodes as IPv4");
    }

    @Test
    void options() throws Exception {
        long[] p = connectedPair();
        long s = p[0];
        net.setIntOption(s, SockOpt.TCP_NODELAY, 1);
        assertEquals(1, net.getIntOption(s, SockOpt.TCP_NODELAY));
        net.setIntOption(s, SockOpt.TCP_NODELAY, 0);
        assertEquals(0, net.getIntOption(s, SockOpt.TCP_NODELAY));
        net.setIntOption(s, SockOpt.SO_KEEPALIVE, 1);
        assertEquals(1, net.getIntOption(s, SockOpt.SO_KEEPALIVE));
        net.setIntOption(s, SockOpt.SO_RCVBUF, 65536);
        assertTrue(net.getIntOption(s, SockOpt.SO_RCVBUF) >= 65536);
        assertEquals(-1, net.getIntOption(s, SockOpt.SO_LINGER));
        net.setIntOption(s, SockOpt.SO_LINGER, 5);
        assertEquals(5, net.getIntOption(s, SockOpt.SO_LINGER));
        net.setIntOption(s, SockOpt.SO_LINGER, -1);
        assertEquals(-1, net.getIntOption(s, SockOpt.SO_LINGER));
        assertEquals(1, net.getIntOption(s, SockOpt.SO_TYPE));
        assertEquals(6, net.getIntOption(s, SockOpt.SO_PROTOCOL));
        assertEquals(0, net.getIntOption(s, SockOpt.SO_ERROR));
        assertFalse(net.hasOption(SockOpt.SO_REUSEPORT));
        assertThrows(UnsupportedOperationException.class, () -> net.getIntOption(s, SockOpt.SO_REUSEPORT));
        byte[] raw = new byte[4];
        assertEquals(4, net.getRawOption(s, 0xffff, 0x1008, raw));
        assertArrayEquals(new byte[] {1, 0, 0, 0}, raw);
        net.setRawOption(s, 6, 1, new byte[] {1, 0, 0, 0});
        assertEquals(1, net.getIntOption(s, SockOpt.TCP_NODELAY));
    }

    @Test
    void addressesOfUnboundAndUnconnected() throws Exception {
        long s = track(net.socket(SocketSpec.TCP_V4, true));
        assertEquals(new InetSocketAddress(InetAddress.getByAddress(new byte[4]), 0), net.localAddress(s, Family.INET));
        assertNull(net.remoteAddress(s, Family.INET));
    }

    @Test
    void pipeIsAConnectedPair() throws Exception {
        long[] p = new long[2];
        net.pipe(p);
        track(p[0]);
        track(p[1]);
        ByteBuffer out = direct("through the pipe");
        assertEquals(16, net.write(p[1], net.directAddress(out), 16));
        ByteBuffer in = ByteBuffer.allocateDirect(32);
        int got = 0;
        while (got < 16) {
            int r = net.read(p[0], net.directAddress(in) + got, 32 - got);
            assertTrue(r > 0);
            got += r;
        }
        assertEquals("through the pipe", string(in, 16));
        assertEquals(net.localAddress(p[1], Family.INET), net.remoteAddress(p[0], Family.INET));
    }

    @Test
    void directAddressMatchesJna() {
        ByteBuffer b = ByteBuffer.allocateDirect(16);
        assertEquals(Pointer.nativeValue(Native.getDirectBufferPointer(b)), net.directAddress(b));
        assertEquals(net.directAddress(b), net.directAddress(b));
    }

    @Test
    void pollerReportsReadinessAndWakesUp() throws Exception {
        long[] p = connectedPair();
        try (NativePoller poller = net.openPoller()) {
            poller.add(p[0], Readiness.OUT);
            poller.add(p[1], Readiness.IN);
            assertEquals(1, poller.poll(1000));
            assertEquals(p[0], poller.handleAt(0));
            assertTrue((poller.eventsAt(0) & Readiness.OUT) != 0);

            poller.modify(p[0], 0);
            assertEquals(0, poller.poll(0), "no interest, nothing ready");
            ByteBuffer out = direct("z");
            net.write(p[0], net.directAddress(out), 1);
            assertEquals(1, poller.poll(2000));
            assertEquals(p[1], poller.handleAt(0));
            assertEquals(Readiness.IN, poller.eventsAt(0) & Readiness.IN);

            poller.remove(p[1]);
            poller.modify(p[0], Readiness.IN);
            long start = System.nanoTime();
            CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(200);
                    poller.wakeup();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertEquals(0, poller.poll(-1), "a wake-up is never a ready entry");
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
            assertEquals(0, poller.poll(0), "the wake-up stays pending until drained");
            poller.drainWakeup();
            start = System.nanoTime();
            assertEquals(0, poller.poll(300));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(250), "drained: the poll waits");

            poller.wakeup();
            poller.wakeup();
            assertEquals(0, poller.poll(5000));
            poller.drainWakeup();
        }
    }

    @Test
    void pollerSwapRemoveKeepsHandlesStraight() throws Exception {
        long receiver = track(net.socket(SocketSpec.UDP_V4, false));
        net.bind(receiver, Family.INET, loopback(0));
        List<Long> socks = new ArrayList<>();
        try (NativePoller poller = net.openPoller()) {
            for (int i = 0; i < 40; i++) {
                long s = track(net.socket(SocketSpec.UDP_V4, false));
                socks.add(s);
                poller.add(s, Readiness.OUT);
            }
            Set<Long> expected = new HashSet<>(socks);
            for (int i = 0; i < 40; i += 3) {
                poller.remove(socks.get(i));
                expected.remove(socks.get(i));
            }
            assertThrows(IllegalStateException.class, () -> poller.remove(socks.get(0)));
            assertThrows(IllegalStateException.class, () -> poller.add(socks.get(1), Readiness.IN));
            int n = poller.poll(1000);
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < n; i++) {
                seen.add(poller.handleAt(i));
                assertEquals(Readiness.OUT, poller.eventsAt(i));
            }
            assertEquals(expected, seen);
        }
    }

    /** What unblock() does to a thread blocked in a native call on the handle. */
    private static Object blockedCallReturns(CompletableFuture<?> call, Runnable unblock) throws Exception {
        assertThrows(TimeoutException.class, () -> call.get(300, TimeUnit.MILLISECONDS), "the call should block first");
        unblock.run();
        try {
            return call.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static <T> CompletableFuture<T> async(IoCall<T> c) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return c.call();
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    interface IoCall<T> {
        T call() throws IOException;
    }

    @Test
    void unblockWakesABlockedRead() throws Exception {
        long[] p = connectedPair();
        ByteBuffer in = ByteBuffer.allocateDirect(8);
        long address = net.directAddress(in);
        Object result = blockedCallReturns(async(() -> net.read(p[1], address, 8)), () -> net.unblock(p[1]));
        assertEquals(IOStatus.INTERRUPTED, result, "a read cancelled by unblock");
        assertEquals(0, net.read(p[1], address, 8), "after unblock a connected socket reads end-of-stream at once");
    }

    @Test
    void unblockWakesABlockedWrite() throws Exception {
        long[] p = connectedPair();
        ByteBuffer big = ByteBuffer.allocateDirect(1 << 20);
        long address = net.directAddress(big);
        Object result = blockedCallReturns(async(() -> {
            while (true) {
                int n = net.write(p[0], address, 1 << 20);
                if (n <= 0) {
                    return n;
                }
            }
        }), () -> net.unblock(p[0]));
        assertEquals(IOStatus.INTERRUPTED, result, "a write cancelled by unblock");
    }

    @Test
    void unblockWakesABlockedAccept() throws Exception {
        long l = listener();
        Object result = blockedCallReturns(async(() -> net.accept(l, Family.INET, new SocketAddress[1])),
                () -> net.unblock(l));
        assertEquals((long) IOStatus.INTERRUPTED, result, "an accept cancelled by unblock");
        long c = track(net.socket(SocketSpec.TCP_V4, true));
        assertEquals(0, net.connect(c, Family.INET, net.localAddress(l, Family.INET)));
        assertTrue(track(net.accept(l, Family.INET, new SocketAddress[1])) >= 0, "the listener still works");
    }

    @Test
    void unblockWakesABlockedConnect() throws Exception {
        long l = track(net.socket(SocketSpec.TCP_V4, true));
        net.bind(l, Family.INET, loopback(0));
        net.listen(l, 1);
        SocketAddress target = net.localAddress(l, Family.INET);
        for (int i = 0; i < 4; i++) {
            net.connect(track(net.socket(SocketSpec.TCP_V4, false)), Family.INET, target);
        }
        Thread.sleep(100);
        long c = track(net.socket(SocketSpec.TCP_V4, true));
        CompletableFuture<Integer> connect = async(() -> net.connect(c, Family.INET, target));
        try {
            connect.get(300, TimeUnit.MILLISECONDS);
            Assumptions.abort("this TCP stack does not leave a connect pending at a full backlog");
        } catch (TimeoutException expected) {
            // blocked, as Linux (under Wine) does when it drops SYNs at a full accept queue
        } catch (ExecutionException e) {
            Assumptions.abort("this TCP stack refuses at a full backlog: " + e.getCause());
        }
        net.unblock(c);
        assertEquals(IOStatus.INTERRUPTED, connect.get(5, TimeUnit.SECONDS), "a connect cancelled by unblock");
    }

    @Test
    void unblockWakesABlockedPoll() throws Exception {
        long[] p = connectedPair();
        Object result = blockedCallReturns(async(() -> net.poll(p[1], Readiness.IN, -1)), () -> net.unblock(p[1]));
        assertTrue(Integer.valueOf(IOStatus.INTERRUPTED).equals(result)
                || result instanceof Integer && ((Integer) result & (Readiness.IN | Readiness.HUP)) != 0,
                "poll after unblock gave " + result);
    }

    @Test
    void unblockOfAnIdleSocketIsHarmless() throws Exception {
        long s = track(net.socket(SocketSpec.TCP_V4, true));
        net.unblock(s);
        net.unblock(s);
        net.bind(s, Family.INET, loopback(0));
    }

    @Test
    void protocolCatalogListsTcpAndUdpOverBothInternetFamilies() throws IOException {
        List<ProtocolCatalog.Entry> catalog = net.protocolCatalog();
        assertNotNull(catalog, "Winsock has an OS catalog (WSAEnumProtocolsW), so the seam must not answer null");
        for (ProtocolCatalog.Entry e : catalog) {
            System.out.println("WSAEnumProtocolsW: " + e.name() + " " + e.spec());
            assertEquals(ProtocolCatalog.Source.OS_CATALOG, e.source(), e.toString());
            assertTrue(e.accepted(), e.toString());
        }
        for (SocketSpec want : new SocketSpec[] {SocketSpec.TCP_V4, SocketSpec.TCP_V6, SocketSpec.UDP_V4,
                SocketSpec.UDP_V6}) {
            List<ProtocolCatalog.Entry> hits = new ArrayList<>();
            for (ProtocolCatalog.Entry e : catalog) {
                if (e.spec().equals(want)) {
                    hits.add(e);
                }
            }
            assertFalse(hits.isEmpty(), want + " is missing from the catalog " + catalog);
            for (ProtocolCatalog.Entry e : hits) {
                assertFalse(e.name().isEmpty(), "an unnamed catalog entry for " + want);
            }
        }
    }
}
