package io.wsnio.spi.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.BatchDatagramChannel;
import io.wsnio.WsnioSelectorProvider;
import io.wsnio.testkit.ChildProcess;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bytes allocated per {@code sendBatch} + {@code receiveBatch} pair of 16 direct datagrams, measured
 * in an interpreted child JVM with the Epsilon collector and no TLABs, where used heap grows by exactly
 * what is allocated (the child JVM runs the jar's base classes: the JNA bridge). Needs no java.management, so it also runs on the Wine lane's jlinked JRE (which lacks
 * sun.misc.Unsafe too, so buffer addresses come through JNA's per-thread cache there).
 */
class BatchAllocationTest {

    /**
     * The child: three warm-up rounds of 1,000 pairs, then measured rounds until one allocates nothing
     * (at most 5); prints each measured round's bytes and the last one's.
     */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            WsnioSelectorProvider p = new WsnioSelectorProvider();
            DatagramChannel tx = p.openDatagramChannel(StandardProtocolFamily.INET);
            DatagramChannel rx = p.openDatagramChannel(StandardProtocolFamily.INET);
            InetSocketAddress lo = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
            tx.bind(lo);
            rx.bind(lo);
            tx.connect(rx.getLocalAddress());
            BatchDatagramChannel btx = (BatchDatagramChannel) tx;
            BatchDatagramChannel brx = (BatchDatagramChannel) rx;
            ByteBuffer[] out = new ByteBuffer[16];
            ByteBuffer[] in = new ByteBuffer[16];
            for (int i = 0; i < 16; i++) {
                out[i] = ByteBuffer.allocateDirect(64);
                in[i] = ByteBuffer.allocateDirect(64);
            }
            Runtime rt = Runtime.getRuntime();
            // three warm-up rounds, then measured rounds of as many pairs, each's bytes exactly, until one
            // allocates nothing (at most 5): an allocation per pair shows in every round, while a one-off
            // object of another thread of the JVM (Epsilon's used heap counts them all) lands in one
            int pairs = 1_000;
            long allocated = -1;
            StringBuilder measured = new StringBuilder();
            for (int round = 0; round < 8 && allocated != 0; round++) {
                long before = rt.totalMemory() - rt.freeMemory();
                for (int r = 0; r < pairs; r++) {
                    for (ByteBuffer b : out) {
                        b.clear();
                    }
                    for (ByteBuffer b : in) {
                        b.clear();
                    }
                    int sent = btx.sendBatch(out, 0, 16, null);
                    int got = 0;
                    while (got < sent) {
                        got += brx.receiveBatch(in, got, sent - got, null);
                    }
                }
                long bytes = rt.totalMemory() - rt.freeMemory() - before;
                if (round >= 3) {
                    allocated = bytes;
                    measured.append(measured.length() == 0 ? "" : ", ").append(bytes);
                }
            }
            System.out.println("rounds=[" + measured + "]");
            System.out.println("pairs=" + pairs + " bytes=" + allocated);
        }
    }

    private static Path codeSource(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void noAllocationPerBatchPairUnderEpsilon() throws Exception {
        List<String> cmd = new ArrayList<>();
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        cmd.add(Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java").toString());
        // -Xint: Epsilon's used heap counts every thread, and the JIT's compiler threads allocate now and
        // then while compiling (40-400 B in rounds after warm-up, never in the interpreter); interpreted,
        // nothing but the measured path runs, and without escape analysis to hide an allocation
        cmd.addAll(List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC", "-XX:-UseTLAB", "-Xms256m",
                "-Xmx256m", "-Xint"));
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        // the jar's base classes, also on JDK 22+ (JNA's LibC, Unsafe's DirectAddress): interpreted
        // (-Xint), the JDK 22 variants allocate on every call (the linker's 40-byte copy of the errno
        // capture segment, DirectAddress's MemorySegment), which only C2's escape analysis removes; their
        // zero allocation is DescriptorAndAllocationTest's (in-process, compiled; docs/architecture.md)
        cmd.add("-Djdk.util.jar.enableMultiRelease=false");
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, codeSource(Child.class).toString(),
                codeSource(WsnioSelectorProvider.class).toString(),
                codeSource(Class.forName("com.sun.jna.Native")).toString()));
        cmd.add(Child.class.getName());
        ChildProcess.Result child = ChildProcess.run(cmd, 120);
        String output = child.output();
        assertEquals(0, child.exit(), "child failed: " + cmd + "\n" + output);
        long bytes = -1;
        for (String line : output.split("\\R")) {
            if (line.startsWith("pairs=")) {
                bytes = Long.parseLong(line.substring(line.indexOf("bytes=") + "bytes=".length()).trim());
            }
        }
        assertTrue(bytes >= 0, "no measurement:\n" + output);
        assertEquals(0, bytes, "bytes allocated by each measured round of 1,000 sendBatch+receiveBatch pairs of 16"
                + " direct buffers after a warm-up (none allocated nothing): " + output.trim() + "\n" + cmd);
    }
}
