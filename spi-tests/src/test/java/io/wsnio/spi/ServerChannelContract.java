package io.wsnio.spi;

import static io.wsnio.spi.TestNet.LOOPBACK4;
import static io.wsnio.spi.TestNet.LOOPBACK6;
import static io.wsnio.spi.TestNet.TIMEOUT;
import static io.wsnio.spi.TestNet.ascii;
import static io.wsnio.spi.TestNet.readFully;
import static io.wsnio.spi.TestNet.writeFully;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.channels.spi.SelectorProvider;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link ServerSocketChannel} contract: every test passes on the JDK's own provider.
 */
public abstract class ServerChannelContract extends Closer {

    protected abstract SelectorProvider provider();

    private ServerSocketChannel open() throws IOException {
        return closeLater(provider().openServerSocketChannel());
    }

    private ServerSocketChannel listen() throws IOException {
        ServerSocketChannel s = open();
        s.bind(new InetSocketAddress(LOOPBACK4, 0));
        return s;
    }

    private SocketChannel connectTo(ServerSocketChannel listener) throws IOException {
        SocketChannel c = closeLater(provider().openSocketChannel());
        c.connect(listener.getLocalAddress());
        return c;
    }

    @Test
    void aDefaultListenerBoundToTheIpv4WildcardAcceptsIpv4AndIpv6() throws IOException {
        ServerSocketChannel s = open();
        s.bind(new InetSocketAddress(0)); // 0.0.0.0 on a dual-stack socket means every address, as ::
        int port = ((InetSocketAddress) s.getLocalAddress()).getPort();
        for (java.net.InetAddress target : new java.net.InetAddress[] {LOOPBACK4, LOOPBACK6}) {
            if (target == LOOPBACK6 && Boolean.getBoolean("java.net.preferIPv4Stack")) {
                continue; // an IPv4-only default: nothing to check for IPv6
            }
            SocketChannel c = closeLater(provider().openSocketChannel(target == LOOPBACK4
                    ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6));
            c.connect(new InetSocketAddress(target, port));
            SocketChannel a = closeLater(assertTimeoutPreemptively(TIMEOUT, () -> s.accept()));
            assertEquals(target, ((InetSocketAddress) a.getRemoteAddress()).getAddress());
        }
    }

    private Selector selector() throws IOException {
        return closeLater(provider().openSelector());
    }

    // ---------------------------------------------------------------- state and bind

    @Test
    void newServerChannelIsOpenBlockingAndUnbound() throws IOException {
        ServerSocketChannel s = open();
        assertTrue(s.isOpen());
        assertTrue(s.isBlocking());
        assertNull(s.getLocalAddress());
        assertSame(provider(), s.provider());
        assertEquals(SelectionKey.OP_ACCEPT, s.validOps());
    }

    @Test
    void bindNullBindsAnEphemeralPortOnTheWildcardAddress() throws IOException {
        ServerSocketChannel s = open();
        assertSame(s, s.bind(null));
        InetSocketAddress a = (InetSocketAddress) s.getLocalAddress();
        assertNotNull(a);
        assertTrue(a.getPort() > 0);
        assertTrue(a.getAddress().isAnyLocalAddress(), "bound to " + a);
        // reachable over loopback
        SocketChannel c = closeLater(provider().openSocketChannel());
        assertTimeoutPreemptively(TIMEOUT,
                () -> assertTrue(c.connect(new InetSocketAddress(LOOPBACK4, a.getPort()))));
        SocketChannel accepted = closeLater(s.accept());
        // addresses of an IPv4 connection on a wildcard listener are IPv4, not IPv4-mapped IPv6
        assertEquals(new InetSocketAddress(LOOPBACK4, a.getPort()), accepted.getLocalAddress());
        assertEquals(c.getLocalAddress(), accepted.getRemoteAddress());
        assertEquals(LOOPBACK4, ((InetSocketAddress) accepted.getRemoteAddress()).getAddress());
    }

    @Test
    void bindWithBacklogToLoopback() throws IOException {
        ServerSocketChannel s = open();
        assertSame(s, s.bind(new InetSocketAddress(LOOPBACK4, 0), 5));
        InetSocketAddress a = (InetSocketAddress) s.getLocalAddress();
        assertEquals(LOOPBACK4, a.getAddress());
        assertTrue(a.getPort() > 0);
    }

    /**
     * A backlog of 0 or less means the implementation's default (50 for the JDK), not a queue of
     * one: ten clients complete their connects before anything is accepted (with a queue of one or
     * two, the rest would wait for SYN retransmits past the bound), then all ten are accepted.
     */
    @Test
    void bindWithZeroOrNegativeBacklogUsesTheDefault() throws Exception {
        for (int backlog : new int[] {0, -1}) {
            ServerSocketChannel s = open();
            s.bind(new InetSocketAddress(LOOPBACK4, 0), backlog);
            Set<java.net.SocketAddress> clients = new HashSet<>();
            assertTimeoutPreemptively(TIMEOUT, () -> {
                for (int i = 0; i < 10; i++) {
                    SocketChannel c = closeLater(provider().openSocketChannel());
                    c.connect(s.getLocalAddress());
                    clients.add(c.getLocalAddress());
                }
            }, "ten connects to a listener with backlog " + backlog + " before any accept");
            Set<java.net.SocketAddress> accepted = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                accepted.add(closeLater(s.accept()).getRemoteAddress());
            }
            assertEquals(clients, accepted, "backlog " + backlog);
        }
    }

    @Test
    void bindTwiceThrowsAlreadyBound() throws IOException {
        ServerSocketChannel s = listen();
        assertThrows(AlreadyBoundException.class, () -> s.bind(new InetSocketAddress(LOOPBACK4, 0)));
        assertThrows(AlreadyBoundException.class, () -> s.bind(null));
        assertTrue(s.isOpen());
    }

    @Test
    void bindToPortInUseThrowsBindException() throws IOException {
        ServerSocketChannel first = listen();
        ServerSocketChannel second = open();
        assertThrows(BindException.class, () -> second.bind(first.getLocalAddress()));
        assertTrue(second.isOpen(), "a failed bind leaves the channel open");
        assertNull(second.getLocalAddress());
        second.bind(new InetSocketAddress(LOOPBACK4, 0)); // and usable
    }

    @Test
    void bindToPortHeldByTheOtherProviderThrowsBindException() throws IOException {
        ServerSocketChannel first = closeLater(Providers.jdk().openServerSocketChannel());
        first.bind(new InetSocketAddress(LOOPBACK4, 0));
        ServerSocketChannel second = open();
        assertThrows(BindException.class, () -> second.bind(first.getLocalAddress()));
    }

    @Test
    void bindToUnresolvedOrForeignAddressIsRejected() throws IOException {
        ServerSocketChannel s = open();
        assertThrows(UnresolvedAddressException.class,
                () -> s.bind(InetSocketAddress.createUnresolved("localhost", 0)));
        assertThrows(UnsupportedAddressTypeException.class,
                () -> s.bind(new java.net.SocketAddress() {
                    private static final long serialVersionUID = 1L;
                }));
        assertTrue(s.isOpen());
        assertNull(s.getLocalAddress());
    }

    @Test
    void rebindingThePortOfAClosedListenerWithTimeWaitConnectionsWorks() throws Exception {
        try (ServerSocketChannel probe = Providers.jdk().openServerSocketChannel()) {
            Assumptions.assumeTrue(probe.getOption(StandardSocketOptions.SO_REUSEADDR),
                    "the JDK's listeners do not default to SO_REUSEADDR here");
        }
        ServerSocketChannel s = listen();
        InetSocketAddress a = (InetSocketAddress) s.getLocalAddress();
        SocketChannel c = connectTo(s);
        SocketChannel accepted = s.accept();
        accepted.close(); // the server side closes first: its end goes to TIME_WAIT
        assertTimeoutPreemptively(TIMEOUT, () -> TestNet.assertEndOfStream(c));
        c.close();
        s.close();
        ServerSocketChannel again = open();
        again.bind(a);
        assertEquals(a, again.getLocalAddress());
    }

    // ---------------------------------------------------------------- accept

    @Test
    void blockingAcceptReturnsABlockingConnectedChannel() throws Exception {
        ServerSocketChannel s = listen();
        SocketChannel c = connectTo(s);
        SocketChannel a = closeLater(assertTimeoutPreemptively(TIMEOUT, () -> s.accept()));
        assertNotNull(a);
        assertSame(provider(), a.provider());
        assertTrue(a.isBlocking(), "accepted channels start in blocking mode");
        assertTrue(a.isConnected());
        assertTrue(a.isOpen());
        assertFalse(a.isRegistered());
        assertEquals(c.getLocalAddress(), a.getRemoteAddress());
        assertEquals(s.getLocalAddress(), a.getLocalAddress());
        assertEquals(c.getRemoteAddress(), a.getLocalAddress());
        assertTimeoutPreemptively(TIMEOUT, () -> {
            writeFully(c, ascii("hi"));
            assertArrayEquals("hi".getBytes(), readFully(a, 2));
        });
    }

    @Test
    void blockingAcceptWaitsForAConnection() throws Exception {
        ServerSocketChannel s = listen();
        Background<SocketChannel> acceptor = Background.start("acceptor", s::accept);
        acceptor.awaitInside(s.getClass(), "accept");
        assertTrue(acceptor.isAlive(), "accept returned without a connection");
        SocketChannel c = connectTo(s);
        SocketChannel a = closeLater(acceptor.get());
        assertEquals(c.getLocalAddress(), a.getRemoteAddress());
    }

    @Test
    void nonBlockingAcceptReturnsNullWhenNoConnectionIsPending() throws IOException {
        ServerSocketChannel s = listen();
        s.configureBlocking(false);
        assertNull(s.accept());
        assertNull(s.accept());
        assertTrue(s.isOpen());
    }

    @Test
    void acceptThroughOpAcceptOnASelector() throws Exception {
        ServerSocketChannel s = listen();
        s.configureBlocking(false);
        Selector sel = selector();
        SelectionKey key = s.register(sel, SelectionKey.OP_ACCEPT);
        assertEquals(0, sel.selectNow());
        SocketChannel c = connectTo(s);
        assertEquals(1, sel.select(TIMEOUT.toMillis()), "OP_ACCEPT never became ready");
        assertTrue(sel.selectedKeys().contains(key));
        assertTrue(key.isAcceptable());
        assertEquals(SelectionKey.OP_ACCEPT, key.readyOps());
        SocketChannel a = closeLater(s.accept());
        assertNotNull(a);
        assertTrue(a.isBlocking(), "accepted channels are blocking even from a non-blocking listener");
        assertEquals(c.getLocalAddress(), a.getRemoteAddress());
        assertNull(s.accept(), "only one connection was pending");
        sel.selectedKeys().clear();
        assertEquals(0, sel.selectNow());
    }

    @Test
    void severalPendingConnectionsAreAllAccepted() throws Exception {
        ServerSocketChannel s = open();
        s.bind(new InetSocketAddress(LOOPBACK4, 0), 16);
        Set<Object> clients = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            clients.add(connectTo(s).getLocalAddress());
        }
        Set<Object> accepted = new HashSet<>();
        assertTimeoutPreemptively(TIMEOUT, () -> {
            for (int i = 0; i < 5; i++) {
                accepted.add(closeLater(s.accept()).getRemoteAddress());
            }
        });
        assertEquals(clients, accepted);
    }

    @Test
    void acceptBeforeBindThrowsNotYetBound() throws IOException {
        ServerSocketChannel s = open();
        assertThrows(NotYetBoundException.class, s::accept);
        s.configureBlocking(false);
        assertThrows(NotYetBoundException.class, s::accept);
    }

    @Test
    void acceptAfterCloseThrowsClosedChannel() throws IOException {
        ServerSocketChannel s = listen();
        s.close();
        assertFalse(s.isOpen());
        assertThrows(ClosedChannelException.class, s::accept);
        assertThrows(ClosedChannelException.class, s::getLocalAddress);
        assertThrows(ClosedChannelException.class, () -> s.bind(null));
    }

    @Test
    void closeWakesBlockedAcceptWithAsynchronousClose() throws Exception {
        ServerSocketChannel s = listen();
        Background<SocketChannel> acceptor = Background.start("acceptor", s::accept);
        acceptor.awaitInside(s.getClass(), "accept");
        TestNet.closeBounded(s);
        Throwable t = acceptor.failure();
        TestNet.assertKind(AsynchronousCloseException.class, t);
        assertFalse(t instanceof ClosedByInterruptException);
    }

    @Test
    void interruptWakesBlockedAcceptWithClosedByInterrupt() throws Exception {
        ServerSocketChannel s = listen();
        Background<SocketChannel> acceptor = Background.start("acceptor", s::accept);
        acceptor.awaitInside(s.getClass(), "accept");
        acceptor.interruptBounded();
        TestNet.assertKind(ClosedByInterruptException.class, acceptor.failure());
        assertTrue(acceptor.interruptedAtEnd());
        assertFalse(s.isOpen());
    }

    @Test
    void registerInBlockingModeThrowsIllegalBlockingMode() throws IOException {
        ServerSocketChannel s = listen();
        Selector sel = selector();
        assertThrows(IllegalBlockingModeException.class, () -> s.register(sel, SelectionKey.OP_ACCEPT));
        s.configureBlocking(false);
        assertThrows(IllegalArgumentException.class, () -> s.register(sel, SelectionKey.OP_READ));
    }

    // ---------------------------------------------------------------- families

    @Test
    void inet6ServerChannelAcceptsOverIpv6Loopback() throws Exception {
        TestNet.assumeIpv6Loopback();
        ServerSocketChannel s = closeLater(provider().openServerSocketChannel(StandardProtocolFamily.INET6));
        s.bind(new InetSocketAddress(LOOPBACK6, 0));
        InetSocketAddress local = (InetSocketAddress) s.getLocalAddress();
        assertInstanceOf(Inet6Address.class, local.getAddress());
        assertEquals(LOOPBACK6, local.getAddress());
        SocketChannel c = closeLater(provider().openSocketChannel(StandardProtocolFamily.INET6));
        assertTimeoutPreemptively(TIMEOUT, () -> assertTrue(c.connect(local)));
        SocketChannel a = closeLater(assertTimeoutPreemptively(TIMEOUT, () -> s.accept()));
        assertEquals(c.getLocalAddress(), a.getRemoteAddress());
        assertEquals(local, a.getLocalAddress());
        assertTimeoutPreemptively(TIMEOUT, () -> {
            writeFully(a, ascii("six"));
            assertArrayEquals("six".getBytes(), readFully(c, 3));
        });
    }

    @Test
    void inetServerChannelRejectsIpv6Address() throws IOException {
        ServerSocketChannel s = closeLater(provider().openServerSocketChannel(StandardProtocolFamily.INET));
        assertThrows(UnsupportedAddressTypeException.class, () -> s.bind(new InetSocketAddress(LOOPBACK6, 0)));
        s.bind(new InetSocketAddress(LOOPBACK4, 0));
        assertEquals(LOOPBACK4, ((InetSocketAddress) s.getLocalAddress()).getAddress());
    }

    @Test
    void unsupportedProtocolFamilyIsRejected() {
        assertThrows(UnsupportedOperationException.class,
                () -> provider().openServerSocketChannel(() -> "BOGUS"));
        assertThrows(NullPointerException.class, () -> provider().openServerSocketChannel(null));
    }

    // ---------------------------------------------------------------- options

    /** Compares with the JDK: not run on the JDK itself ({@link JdkServerChannelTest}). */
    @Test
    void soReuseAddrDefaultEqualsTheJdks() throws IOException {
        try (ServerSocketChannel jdk = Providers.jdk().openServerSocketChannel()) {
            assertEquals(jdk.getOption(StandardSocketOptions.SO_REUSEADDR),
                    open().getOption(StandardSocketOptions.SO_REUSEADDR));
        }
    }

    @Test
    void soReuseAddrRoundTrips() throws IOException {
        ServerSocketChannel s = open();
        s.setOption(StandardSocketOptions.SO_REUSEADDR, false);
        assertEquals(Boolean.FALSE, s.getOption(StandardSocketOptions.SO_REUSEADDR));
        s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        assertEquals(Boolean.TRUE, s.getOption(StandardSocketOptions.SO_REUSEADDR));
    }

    @Test
    void soRcvBufRoundTripsAtLeastTheRequestedSize() throws IOException {
        ServerSocketChannel s = open();
        assertTrue(s.getOption(StandardSocketOptions.SO_RCVBUF) > 0);
        assertSame(s, s.setOption(StandardSocketOptions.SO_RCVBUF, 65_536));
        int got = s.getOption(StandardSocketOptions.SO_RCVBUF);
        assertTrue(got >= 65_536, "set 65536, got " + got);
        s.bind(new InetSocketAddress(LOOPBACK4, 0));
        assertEquals(got, s.getOption(StandardSocketOptions.SO_RCVBUF), "binding keeps SO_RCVBUF");
    }

    @Test
    void acceptedChannelsInheritTheListenersReceiveBuffer() throws Exception {
        ServerSocketChannel s = open();
        s.setOption(StandardSocketOptions.SO_RCVBUF, 96 * 1024);
        s.bind(new InetSocketAddress(LOOPBACK4, 0));
        int listening = s.getOption(StandardSocketOptions.SO_RCVBUF);
        connectTo(s);
        SocketChannel a = closeLater(assertTimeoutPreemptively(TIMEOUT, () -> s.accept()));
        assertEquals(listening, a.getOption(StandardSocketOptions.SO_RCVBUF));
    }

    @Test
    void supportedOptionsIncludeTheListenerOptionsAndAreUnmodifiable() throws IOException {
        Set<SocketOption<?>> supported = open().supportedOptions();
        assertTrue(supported.contains(StandardSocketOptions.SO_RCVBUF));
        assertTrue(supported.contains(StandardSocketOptions.SO_REUSEADDR));
        assertThrows(UnsupportedOperationException.class,
                () -> supported.add(StandardSocketOptions.SO_LINGER), "supportedOptions is unmodifiable");
    }

    /** Compares with the JDK: not run on the JDK itself ({@link JdkServerChannelTest}). */
    @Test
    void supportedOptionsIncludeEveryPublicOptionTheJdkSupports() throws IOException {
        Set<SocketOption<?>> supported = open().supportedOptions();
        try (ServerSocketChannel jdk = Providers.jdk().openServerSocketChannel()) {
            for (SocketOption<?> o : PublicOptions.publicOf(jdk.supportedOptions())) {
                assertTrue(supported.contains(o), "the JDK supports " + o + " but this provider does not");
            }
        }
    }

    @Test
    void optionValidationMatchesTheJdk() throws IOException {
        ServerSocketChannel s = open();
        assertThrows(NullPointerException.class, () -> s.setOption(null, 1));
        assertThrows(NullPointerException.class, () -> s.getOption(null));
        assertThrows(UnsupportedOperationException.class, () -> s.setOption(StandardSocketOptions.SO_LINGER, 1));
        assertThrows(UnsupportedOperationException.class, () -> s.getOption(StandardSocketOptions.SO_BROADCAST));
        assertThrows(IllegalArgumentException.class, () -> s.setOption(StandardSocketOptions.SO_RCVBUF, -1));
        assertThrows(IllegalArgumentException.class, () -> s.setOption(StandardSocketOptions.SO_REUSEADDR, null));
        s.close();
        assertThrows(ClosedChannelException.class, () -> s.setOption(StandardSocketOptions.SO_RCVBUF, 1024));
        assertThrows(ClosedChannelException.class, () -> s.getOption(StandardSocketOptions.SO_REUSEADDR));
    }

    // ---------------------------------------------------------------- adaptor

    @Test
    void serverSocketAdaptorReflectsTheChannel() throws Exception {
        ServerSocketChannel s = open();
        ServerSocket ss = s.socket();
        assertNotNull(ss);
        assertSame(s, ss.getChannel());
        assertFalse(ss.isBound());
        assertEquals(-1, ss.getLocalPort());
        ss.bind(new InetSocketAddress(LOOPBACK4, 0));
        assertTrue(ss.isBound());
        InetSocketAddress a = (InetSocketAddress) s.getLocalAddress();
        assertEquals(a.getPort(), ss.getLocalPort());
        assertEquals(LOOPBACK4, ss.getInetAddress());
        assertEquals(a, ss.getLocalSocketAddress());
        ss.setReceiveBufferSize(32_768);
        assertTrue(s.getOption(StandardSocketOptions.SO_RCVBUF) >= 32_768);
        assertEquals(s.getOption(StandardSocketOptions.SO_REUSEADDR), ss.getReuseAddress());

        SocketChannel c = connectTo(s);
        Socket accepted = closeLater(assertTimeoutPreemptively(TIMEOUT, () -> ss.accept()));
        assertNotNull(accepted.getChannel(), "a channel's adaptor accepts sockets with channels");
        assertEquals(c.getLocalAddress(), accepted.getRemoteSocketAddress());
        ss.close();
        assertFalse(s.isOpen(), "closing the adaptor closes the channel");
    }

    @Test
    void closeWakesAServerSocketAdaptorAcceptWaitingInItsSoTimeout() throws Exception {
        ServerSocketChannel s = listen();
        ServerSocket ss = s.socket();
        ss.setSoTimeout(60_000);
        java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
        Thread acceptor = new Thread(() -> {
            try {
                ss.accept().close();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        }, "adaptor-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        Background.awaitBlocked(acceptor); // waiting (up to its 60 s SO_TIMEOUT)
        long t0 = System.nanoTime();
        s.close();
        Throwable t = outcome.get(10, java.util.concurrent.TimeUnit.SECONDS);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(t instanceof java.io.IOException && !(t instanceof java.net.SocketTimeoutException),
                "the close ends the wait with an IOException, not a time-out: " + t);
        assertTrue(ms < 5_000, "woken " + ms + " ms after the close");
    }

    @Test
    void serverSocketAdaptorAcceptTimesOut() throws Exception {
        ServerSocketChannel s = listen();
        ServerSocket ss = s.socket();
        ss.setSoTimeout(200);
        long t0 = System.nanoTime();
        assertTimeoutPreemptively(TIMEOUT,
                () -> assertThrows(java.net.SocketTimeoutException.class, ss::accept));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        TestNet.assertWaitedAbout(200, ms, "an accept with SO_TIMEOUT 200 ms");
        assertTrue(s.isOpen(), "a timeout does not close the listener");
    }

    // ---------------------------------------------------------------- the socket() adaptor against the JDK's

    /** A server socket adaptor from {@code p} in {@code state}; "pending": a connection waits in the backlog. */
    private ServerSocket serverAdaptorIn(SelectorProvider p, String state) throws IOException {
        ServerSocketChannel ch = closeLater(p.openServerSocketChannel());
        if (!state.equals("unbound") && !state.equals("closed")) {
            ch.bind(new InetSocketAddress(LOOPBACK4, 0));
        }
        if (state.contains("pending")) {
            SocketChannel c = closeLater(Providers.jdk().openSocketChannel());
            c.connect(ch.getLocalAddress());
        }
        if (state.startsWith("closed")) {
            ch.close();
        }
        if (state.startsWith("non-blocking")) {
            ch.configureBlocking(false);
        }
        return ch.socket();
    }

    private static java.util.List<Outcomes.Step<ServerSocket>> serverAdaptorSteps(String state) {
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("wsnio.invalid", 0);
        java.net.UnixDomainSocketAddress unix = java.net.UnixDomainSocketAddress.of("wsnio-test-socket");
        java.util.List<Outcomes.Step<ServerSocket>> steps = new java.util.ArrayList<>(java.util.List.of(
                Outcomes.step("bind(null)", s -> { s.bind(null); return null; }),
                Outcomes.step("bind(unresolved)", s -> { s.bind(unresolved); return null; }),
                Outcomes.step("bind(UNIX address)", s -> { s.bind(unix); return null; }),
                Outcomes.step("bind(loopback, -1)", s -> { s.bind(new InetSocketAddress(LOOPBACK4, 0), -1); return null; }),
                Outcomes.value("accept() with SO_TIMEOUT 1, then isConnected()", s -> {
                    s.setSoTimeout(1);
                    try (Socket a = s.accept()) {
                        return a.isConnected();
                    }
                }),
                Outcomes.value("getInetAddress() == null", s -> s.getInetAddress() == null),
                Outcomes.value("getLocalPort() == -1", s -> s.getLocalPort() == -1),
                Outcomes.value("getLocalSocketAddress() == null", s -> s.getLocalSocketAddress() == null),
                Outcomes.value("isBound()", ServerSocket::isBound),
                Outcomes.value("isClosed()", ServerSocket::isClosed),
                Outcomes.step("setSoTimeout(-1)", s -> { s.setSoTimeout(-1); return null; }),
                Outcomes.value("setSoTimeout(5) then getSoTimeout()", s -> { s.setSoTimeout(5); return s.getSoTimeout(); }),
                Outcomes.value("getSoTimeout()", ServerSocket::getSoTimeout),
                Outcomes.step("setReuseAddress(true)", s -> { s.setReuseAddress(true); return null; }),
                Outcomes.step("getReuseAddress()", ServerSocket::getReuseAddress),
                Outcomes.step("setReceiveBufferSize(0)", s -> { s.setReceiveBufferSize(0); return null; }),
                Outcomes.step("setReceiveBufferSize(65536)", s -> { s.setReceiveBufferSize(65536); return null; }),
                Outcomes.step("getReceiveBufferSize()", ServerSocket::getReceiveBufferSize),
                Outcomes.step("setOption(SO_RCVBUF, 65536)", s -> s.setOption(StandardSocketOptions.SO_RCVBUF, 65536)),
                Outcomes.step("getOption(SO_REUSEADDR)", s -> s.getOption(StandardSocketOptions.SO_REUSEADDR)),
                Outcomes.step("getOption(TCP_NODELAY)", s -> s.getOption(StandardSocketOptions.TCP_NODELAY)),
                Outcomes.value("toString() unbound", s -> s.toString().equals("ServerSocket[unbound]")),
                Outcomes.step("close()", s -> { s.close(); return null; })));
        if (!state.equals("bound")) { // with nothing pending, a blocking accept() waits for ever
            steps.add(Outcomes.value("accept(), then isConnected()", s -> {
                try (Socket a = s.accept()) {
                    return a.isConnected();
                } catch (ClosedChannelException e) {
                    // on a closed channel JDK 17 throws AsynchronousCloseException, JDK 25 ClosedChannelException
                    return "ClosedChannelException or a subclass";
                }
            }));
        }
        return steps;
    }

    /**
     * Every method of the server socket adaptor, in every state, does what the JDK's adaptor
     * does (its result or its {@code java.net} exception), including the blocking-mode rules of
     * accept: on a non-blocking channel it returns a pending connection and throws
     * IllegalBlockingModeException only when none is there, or when SO_TIMEOUT is set.
     */
    @ParameterizedTest
    @ValueSource(strings = {"unbound", "bound", "bound-pending", "closed", "closed-after-bind",
            "non-blocking-bound", "non-blocking-bound-pending"})
    void serverSocketAdaptorMethodsBehaveAsTheJdksAdaptor(String state) throws Exception {
        Outcomes.assertSameAsJdk(state, serverAdaptorSteps(state),
                () -> serverAdaptorIn(Providers.jdk(), state), () -> serverAdaptorIn(provider(), state));
    }

    /** A program that finds the channel non-blocking, switches it to blocking mode and retries, completes. */
    @Test
    void serverSocketAdaptorAcceptAfterSwitchingToBlockingMode() throws Exception {
        ServerSocketChannel ch = listen();
        ch.configureBlocking(false);
        ServerSocket ss = ch.socket();
        assertThrows(IllegalBlockingModeException.class, ss::accept);
        SocketChannel c = connectTo(ch);
        ch.configureBlocking(true);
        Socket accepted = closeLater(assertTimeoutPreemptively(TIMEOUT, ss::accept));
        assertTrue(accepted.isConnected());
        assertEquals(c.getLocalAddress(), accepted.getRemoteSocketAddress());
    }
}
