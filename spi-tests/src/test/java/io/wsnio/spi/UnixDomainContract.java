package io.wsnio.spi;

import static io.wsnio.spi.TestNet.TIMEOUT;
import static io.wsnio.spi.TestNet.ascii;
import static io.wsnio.spi.TestNet.readFully;
import static io.wsnio.spi.TestNet.writeFully;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UNIX-domain stream channels ({@code openSocketChannel(UNIX)}), where the JDK supports them
 * here: every test passes on the JDK's own provider.
 */
public abstract class UnixDomainContract extends Closer {

    protected abstract SelectorProvider provider();

    @TempDir
    Path dir;

    @BeforeEach
    void assumeTheJdkSupportsUnixDomainSockets() {
        boolean ok;
        try (ServerSocketChannel s = Providers.jdk().openServerSocketChannel(StandardProtocolFamily.UNIX)) {
            ok = s != null;
        } catch (IOException | UnsupportedOperationException e) {
            ok = false;
        }
        Assumptions.assumeTrue(ok, "the JDK does not support UNIX-domain sockets on this platform");
    }

    private UnixDomainSocketAddress address(String name) {
        return UnixDomainSocketAddress.of(dir.resolve(name));
    }

    private ServerSocketChannel listen(UnixDomainSocketAddress a) throws IOException {
        ServerSocketChannel s = closeLater(provider().openServerSocketChannel(StandardProtocolFamily.UNIX));
        s.bind(a);
        return s;
    }

    private SocketChannel open() throws IOException {
        return closeLater(provider().openSocketChannel(StandardProtocolFamily.UNIX));
    }

    @Test
    void bindCreatesTheSocketFileAndReportsTheAddress() throws IOException {
        UnixDomainSocketAddress a = address("s1");
        ServerSocketChannel s = listen(a);
        assertEquals(a, s.getLocalAddress());
        assertTrue(Files.exists(a.getPath()), "bind creates the socket file");
        assertSame(provider(), s.provider());
    }

    @Test
    void connectAcceptAndEchoOverAPath() throws Exception {
        UnixDomainSocketAddress a = address("s2");
        ServerSocketChannel s = listen(a);
        SocketChannel c = open();
        assertTimeoutPreemptively(TIMEOUT, () -> assertTrue(c.connect(a)));
        SocketChannel accepted = closeLater(assertTimeoutPreemptively(TIMEOUT, () -> s.accept()));
        assertNotNull(accepted);
        assertEquals(a, c.getRemoteAddress());
        assertInstanceOf(UnixDomainSocketAddress.class, accepted.getLocalAddress());
        assertTimeoutPreemptively(TIMEOUT, () -> {
            writeFully(c, ascii("unix"));
            assertArrayEquals("unix".getBytes(), readFully(accepted, 4));
            writeFully(accepted, ascii("back"));
            assertArrayEquals("back".getBytes(), readFully(c, 4));
            c.shutdownOutput();
            assertEquals(-1, accepted.read(ByteBuffer.allocate(1)));
        });
    }

    @Test
    void unixDomainChannelsRegisterWithTheProvidersSelector() throws Exception {
        UnixDomainSocketAddress a = address("s3");
        ServerSocketChannel s = listen(a);
        s.configureBlocking(false);
        Selector sel = closeLater(provider().openSelector());
        SelectionKey acceptKey = s.register(sel, SelectionKey.OP_ACCEPT);
        SocketChannel c = open();
        c.connect(a);
        assertEquals(1, sel.select(TIMEOUT.toMillis()));
        assertTrue(acceptKey.isAcceptable());
        SocketChannel accepted = closeLater(s.accept());
        accepted.configureBlocking(false);
        SelectionKey readKey = accepted.register(sel, SelectionKey.OP_READ);
        sel.selectedKeys().clear();
        c.write(ascii("x"));
        assertEquals(1, sel.select(TIMEOUT.toMillis()));
        assertTrue(readKey.isReadable());
    }

    /** Where the JDK puts automatically bound UNIX-domain sockets (its UNIX rule). */
    private static Path autoBindDirectory() {
        String d = System.getProperty("jdk.net.unixdomain.tmpdir");
        return Path.of(d != null && !d.isEmpty() ? d : System.getProperty("java.io.tmpdir"));
    }

    @Test
    void serverBindNullBindsToAUniqueGeneratedPath() throws Exception {
        ServerSocketChannel s1 = closeLater(provider().openServerSocketChannel(StandardProtocolFamily.UNIX));
        ServerSocketChannel s2 = closeLater(provider().openServerSocketChannel(StandardProtocolFamily.UNIX));
        s1.bind(null);
        s2.bind(null, 5);
        UnixDomainSocketAddress a1 = assertInstanceOf(UnixDomainSocketAddress.class, s1.getLocalAddress());
        UnixDomainSocketAddress a2 = assertInstanceOf(UnixDomainSocketAddress.class, s2.getLocalAddress());
        try {
            assertTrue(Files.exists(a1.getPath()), "bind(null) creates the socket file: " + a1);
            assertNotEquals(a1, a2, "each automatic bind gets its own path");
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                assertEquals(autoBindDirectory().toRealPath(), a1.getPath().getParent().toRealPath());
            }
            SocketChannel c = open();
            assertTimeoutPreemptively(TIMEOUT, () -> assertTrue(c.connect(a1)));
            SocketChannel accepted = closeLater(assertTimeoutPreemptively(TIMEOUT, () -> s1.accept()));
            assertTimeoutPreemptively(TIMEOUT, () -> {
                writeFully(c, ascii("auto"));
                assertArrayEquals("auto".getBytes(), readFully(accepted, 4));
            });
        } finally {
            Files.deleteIfExists(a1.getPath());
            Files.deleteIfExists(a2.getPath());
        }
    }

    @Test
    void serverBindToTheEmptyPathThrowsBindException() throws IOException {
        ServerSocketChannel s = closeLater(provider().openServerSocketChannel(StandardProtocolFamily.UNIX));
        assertThrows(java.net.BindException.class, () -> s.bind(UnixDomainSocketAddress.of("")));
        assertNull(s.getLocalAddress());
    }

    @Test
    void clientBindNullOrTheEmptyPathIsUnnamed() throws Exception {
        SocketChannel c = open();
        assertSame(c, c.bind(null));
        assertEquals(UnixDomainSocketAddress.of(""), c.getLocalAddress());
        assertThrows(AlreadyBoundException.class, () -> c.bind(null));
        SocketChannel c2 = open();
        c2.bind(UnixDomainSocketAddress.of(""));
        assertEquals(UnixDomainSocketAddress.of(""), c2.getLocalAddress());
        UnixDomainSocketAddress a = address("s4");
        ServerSocketChannel s = listen(a);
        assertTimeoutPreemptively(TIMEOUT, () -> assertTrue(c.connect(a)));
        closeLater(assertTimeoutPreemptively(TIMEOUT, () -> s.accept()));
        assertEquals(UnixDomainSocketAddress.of(""), c.getLocalAddress());
    }

    @Test
    void connectToAMissingPathFails() throws IOException {
        SocketChannel c = open();
        assertThrows(IOException.class, () -> c.connect(address("nobody-here")));
    }

    @Test
    void unixChannelRejectsInetAddresses() throws IOException {
        SocketChannel c = open();
        assertThrows(UnsupportedAddressTypeException.class,
                () -> c.connect(new java.net.InetSocketAddress(TestNet.LOOPBACK4, 9)));
    }
}
