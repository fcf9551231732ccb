package io.wsnio.spi.triples;

import io.wsnio.testkit.Require;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.NativeError;
import io.wsnio.SocketCreationException;
import io.wsnio.SocketSpec;
import io.wsnio.WsnioSelectorProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Shared helpers for the triple tests: the provider, privilege and kernel checks, checksums. */
final class Triples {
    private Triples() { }

    static final WsnioSelectorProvider WSNIO = new WsnioSelectorProvider();

    static boolean isLinux() {
        return System.getProperty("os.name", "").startsWith("Linux");
    }

    static void assumeLinux() {
        Assumptions.assumeTrue(isLinux(), "Linux kernel behaviour (runs in the POSIX lanes)");
    }

    /** The Winsock lane: a Windows JVM under Wine ({@code -Dwsnio.test.wine}). */
    static boolean underWine() {
        return Boolean.getBoolean("wsnio.test.wine");
    }

    /** Opens a message socket, aborting the test (with the kernel's reason) when the triple is refused for privilege or absence. */
    static DatagramChannel openDatagramOrAbort(SocketSpec spec) throws IOException {
        try {
            return WSNIO.openDatagramChannel(spec);
        } catch (SocketCreationException e) {
            abortIfRefused(e);
            throw e;
        }
    }

    /**
     * Aborts the test when the triple was refused for privilege or absence, unless the lane requires
     * that capability ({@link Require}: root, mptcp, udplite), which makes the refusal a failure.
     */
    static void abortIfRefused(SocketCreationException e) {
        String n = e.errorName();
        boolean privilege = n.equals("EPERM") || n.equals("EACCES") || n.equals("WSAEACCES");
        Require.capability("root", !privilege, () -> "needs root, CAP_NET_RAW or Administrator: " + e.getMessage());
        boolean absent = n.equals("EPROTONOSUPPORT") || n.equals("EAFNOSUPPORT") || n.equals("ESOCKTNOSUPPORT");
        if (absent) {
            String triple = String.valueOf(e.spec()).toUpperCase(java.util.Locale.ROOT);
            String capability = triple.contains("UDPLITE") ? "udplite" : triple.contains("MPTCP") ? "mptcp" : null;
            if (capability != null) {
                Require.capability(capability, false, () -> "this kernel lacks the protocol: " + e.getMessage());
            }
            Assumptions.abort("this kernel lacks the protocol: " + e.getMessage());
        }
    }

    /** The Internet checksum (RFC 1071). */
    static int checksum(byte[] b, int off, int len) {
        long sum = 0;
        for (int i = 0; i < len; i += 2) {
            int hi = b[off + i] & 0xff;
            int lo = i + 1 < len ? b[off + i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    /** Waits (at most 5 s) for OP_READ on a registered channel and clears the selected set. */
    static void awaitReadable(Selector sel, SelectionKey key) throws IOException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (sel.select(500) > 0) {
                assertTrue(sel.selectedKeys().contains(key), "the selected key is the channel's");
                assertTrue(key.isReadable(), "OP_READ is ready");
                sel.selectedKeys().clear();
                return;
            }
        }
        throw new AssertionError("OP_READ did not fire within 5 s");
    }

    static byte[] bytes(ByteBuffer flipped) {
        byte[] b = new byte[flipped.remaining()];
        flipped.get(b);
        return b;
    }

    static Path tempSocketPath() throws IOException {
        Path dir = Files.createTempDirectory("wsnio-triples");
        dir.toFile().deleteOnExit();
        Path p = dir.resolve("sock");
        p.toFile().deleteOnExit();
        return p;
    }

    static void assertError(String expectedName, Throwable e) {
        assertTrue(e instanceof NativeError, "a NativeError: " + e);
        assertEquals(expectedName, ((NativeError) e).errorName(), String.valueOf(e));
    }
}
