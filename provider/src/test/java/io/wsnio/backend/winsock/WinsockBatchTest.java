package io.wsnio.backend.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.nativeio.IOStatus;
import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.Readiness;
import io.wsnio.nativeio.SockOpt;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Winsock backend's batch and offload calls through the seam: sendto/recvfrom loops,
 * WSARecvMsg through its extension-function pointer, and UDP_SEND_MSG_SIZE /
 * UDP_RECV_MAX_COALESCED_SIZE. Runs on a Windows JVM (the Wine lane).
 */
class WinsockBatchTest {
    private static final boolean WINE = Boolean.getBoolean("wsnio.test.wine");
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
                // closed by the test
            }
        }
    }

    private long udp(boolean blocking) throws IOException {
        long h = net.socket(SocketSpec.UDP_V4, blocking);
        open.add(h);
        net.bind(h, Family.INET, new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
        return h;
    }

    private static ByteBuffer filled(int size, int seed) {
        ByteBuffer b = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            b.put(i, (byte) (seed + i));
        }
        return b;
    }

    @Test
    void sendManyAndReceiveManyLoopOverTheBatch() throws Exception {
        long tx = udp(true);
        long rx = udp(true);
        SocketAddress to = net.localAddress(rx, Family.INET);
        ByteBuffer[] out = new ByteBuffer[5];
        long[] addrs = new long[5];
        int[] lens = new int[5];
        for (int i = 0; i < 5; i++) {
            out[i] = filled(10 + i, i);
            addrs[i] = net.directAddress(out[i]);
            lens[i] = 10 + i;
        }
        assertEquals(5, net.sendMany(tx, addrs, lens, 5, Family.INET, to));
        assertTrue((net.poll(rx, Readiness.IN, 5000) & Readiness.IN) != 0);
        ByteBuffer[] in = new ByteBuffer[8];
        long[] inAddrs = new long[8];
        int[] inLens = new int[8];
        for (int i = 0; i < 8; i++) {
            in[i] = ByteBuffer.allocateDirect(12);
            inAddrs[i] = net.directAddress(in[i]);
            inLens[i] = 12;
        }
        int[] got = new int[8];
        SocketAddress[] from = new SocketAddress[8];
        int n = 0;
        // a blocking socket waits for the first datagram only, then takes what is queued
        while (n < 5) {
            long[] a = java.util.Arrays.copyOfRange(inAddrs, n, 8);
            int[] l = java.util.Arrays.copyOfRange(inLens, n, 8);
            int[] g = new int[8 - n];
            SocketAddress[] f = new SocketAddress[8 - n];
            int k = net.receiveMany(rx, a, l, 8 - n, Family.INET, g, f);
            assertTrue(k >= 1 && k <= 5 - n, "a blocking receiveMany returned " + k);
            System.arraycopy(g, 0, got, n, k);
            System.arraycopy(f, 0, from, n, k);
            n += k;
        }
        SocketAddress source = net.localAddress(tx, Family.INET);
        for (int i = 0; i < 5; i++) {
            assertEquals(Math.min(10 + i, 12), got[i], "datagram " + i + " (truncated to 12)");
            for (int k = 0; k < got[i]; k++) {
                assertEquals((byte) (i + k), in[i].get(k), "datagram " + i + " byte " + k);
            }
            assertEquals(source, from[i]);
        }
        assertNull(from[5]);
    }

    @Test
    void receiveManyOnAnEmptyNonBlockingSocketIsUnavailable() throws Exception {
        long rx = udp(false);
        ByteBuffer in = ByteBuffer.allocateDirect(16);
        assertEquals(IOStatus.UNAVAILABLE, net.receiveMany(rx, new long[] {net.directAddress(in)}, new int[] {16}, 1,
                Family.INET, new int[1], null));
    }

    @Test
    void batchSizesAreCheckedBeforeNativeCode() throws Exception {
        long s = udp(false);
        assertThrows(IllegalArgumentException.class,
                () -> net.sendMany(s, new long[0], new int[0], 0, Family.INET, null));
        assertThrows(IllegalArgumentException.class,
                () -> net.receiveMany(s, new long[1], new int[1], 2, Family.INET, new int[2], null));
        assertThrows(IllegalArgumentException.class,
                () -> net.sendMany(s, new long[] {0L}, new int[] {5}, 1, Family.INET, null), "null address with a length");
    }

    @Test
    void wsaRecvMsgIsBoundAllocationFreeAndReceives() throws Exception {
        assertTrue(WinsockNet.recvMsgDirect(),
                "WSARecvMsg should be direct-mapped (the JNA function-cache binding failed; see the DEBUG log)");
        long tx = udp(true);
        long rx = udp(false);
        ByteBuffer msg = filled(300, 7);
        assertEquals(300, net.sendTo(tx, net.directAddress(msg), 300, Family.INET, net.localAddress(rx, Family.INET)));
        assertTrue((net.poll(rx, Readiness.IN, 5000) & Readiness.IN) != 0);
        ByteBuffer in = ByteBuffer.allocateDirect(100);
        SocketAddress[] from = new SocketAddress[1];
        int[] segment = {-1};
        assertEquals(100, net.receiveCoalesced(rx, net.directAddress(in), 100, Family.INET, from, segment),
                "truncated to the buffer (WSAEMSGSIZE), as on POSIX");
        for (int k = 0; k < 100; k++) {
            assertEquals((byte) (7 + k), in.get(k));
        }
        assertEquals(0, segment[0], "an ordinary datagram carries no UDP_COALESCED_INFO");
        assertEquals(net.localAddress(tx, Family.INET), from[0]);
        assertEquals(IOStatus.UNAVAILABLE, net.receiveCoalesced(rx, net.directAddress(in), 100, Family.INET, from, segment));
    }

    @Test
    void offloadOptionsAreMappedAndRefusalsNameTheWinsockOption() throws Exception {
        assertTrue(net.hasOption(SockOpt.UDP_SEGMENT));
        assertTrue(net.hasOption(SockOpt.UDP_GRO));
        long s = udp(false);
        int seg;
        try {
            seg = net.getIntOption(s, SockOpt.UDP_SEGMENT);
        } catch (SocketException e) {
            assertTrue(e.getMessage().contains("UDP_SEND_MSG_SIZE") && e.getMessage().contains("WSAE"), e.getMessage());
            Assumptions.assumeFalse(WINE, "Wine 8.0 refuses UDP_SEND_MSG_SIZE: " + e.getMessage());
            throw e;
        }
        assertEquals(0, seg, "no default send message size on a new socket");
        net.setIntOption(s, SockOpt.UDP_GRO, 1);
        assertEquals(1, net.getIntOption(s, SockOpt.UDP_GRO));
        net.setIntOption(s, SockOpt.UDP_GRO, 0);
        assertEquals(0, net.getIntOption(s, SockOpt.UDP_GRO));
    }

    @Test
    void wineRefusesCoalescedReceiveWithANamedError() throws Exception {
        Assumptions.assumeTrue(WINE, "checks what Wine 8.0 does; a real Windows 10 1903+ takes the option");
        long s = udp(false);
        SocketException e = assertThrows(SocketException.class, () -> net.setIntOption(s, SockOpt.UDP_GRO, 1));
        assertTrue(e.getMessage().contains("UDP_RECV_MAX_COALESCED_SIZE") && e.getMessage().contains("WSAEINVAL"),
                e.getMessage());
    }

    /** Child JVM: bytes allocated by 5,000 sendto + WSARecvMsg (receiveCoalesced) pairs after two warm-up rounds. */
    public static final class RecvMsgAllocationChild {
        public static void main(String[] args) throws Exception {
            WinsockNet n = WinsockNet.create();
            long tx = n.socket(SocketSpec.UDP_V4, true);
            long rx = n.socket(SocketSpec.UDP_V4, true);
            InetSocketAddress lo = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
            n.bind(tx, Family.INET, lo);
            n.bind(rx, Family.INET, lo);
            n.connect(tx, Family.INET, n.localAddress(rx, Family.INET));
            long out = n.directAddress(ByteBuffer.allocateDirect(64));
            long in = n.directAddress(ByteBuffer.allocateDirect(64));
            int[] seg = new int[1];
            Runtime rt = Runtime.getRuntime();
            long allocated = -1;
            for (int round = 0; round < 3; round++) {
                long before = rt.totalMemory() - rt.freeMemory();
                for (int i = 0; i < 5_000; i++) {
                    n.sendTo(tx, out, 64, Family.INET, null);
                    n.receiveCoalesced(rx, in, 64, Family.INET, null, seg);
                }
                allocated = rt.totalMemory() - rt.freeMemory() - before;
            }
            System.out.println("direct=" + WinsockNet.recvMsgDirect() + " bytes=" + allocated);
        }
    }

    @Test
    void wsaRecvMsgAllocatesNothingPerCall() throws Exception {
        java.nio.file.Path self = java.nio.file.Path.of(
                RecvMsgAllocationChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        java.nio.file.Path classes = java.nio.file.Path.of(
                WinsockNet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        java.nio.file.Path jna = java.nio.file.Path.of(
                com.sun.jna.Native.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> cmd = new ArrayList<>(List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java.exe").toString(),
                // -Xint: Epsilon counts every thread's allocations, and the JIT's compiler threads allocate
                // now and then; interpreted, only the measured path runs (BatchAllocationTest)
                "-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC", "-XX:-UseTLAB", "-Xms256m", "-Xmx256m", "-Xint",
                "-cp", self + java.io.File.pathSeparator + classes + java.io.File.pathSeparator + jna,
                RecvMsgAllocationChild.class.getName()));
        io.wsnio.testkit.ChildProcess.Result r = io.wsnio.testkit.ChildProcess.run(cmd, 120);
        String output = r.output();
        assertEquals(0, r.exit(), output);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("direct=(\\w+) bytes=(-?[0-9]+)")
                .matcher(output);
        assertTrue(m.find(), output);
        assertEquals("true", m.group(1), "WSARecvMsg direct-mapped in the child: " + output);
        assertEquals(0, Long.parseLong(m.group(2)), "bytes allocated by 5,000 sendto+WSARecvMsg pairs after a warm-up: "
                + output);
    }
}
