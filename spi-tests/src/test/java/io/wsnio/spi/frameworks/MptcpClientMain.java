package io.wsnio.spi.frameworks;

import io.wsnio.channels.WsnioSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Plain blocking NIO client for {@link MptcpTwoPathsTest}, run in the client's network namespace:
 * connects to {@code args[0]:args[1]}, writes {@code args[2]} MiB, and meanwhile counts the TCP
 * subflows the kernel made for the connection (established entries of this namespace's
 * {@code /proc/net/tcp} with the server's port: MPTCP subflows are TCP sockets there); then checks
 * the server's count and CRC-32. Prints {@code subflows} (most seen at once), {@code joins}
 * (MPTcpExt MPJoinSynAckRx of this namespace) and {@code protocol} (SO_PROTOCOL).
 */
public final class MptcpClientMain {

    private MptcpClientMain() {
    }

    public static void main(String[] args) throws Exception {
        ChildSupport.watchdog(55);
        String failure = null;
        int port = Integer.parseInt(args[1]);
        int mib = Integer.parseInt(args[2]);
        try (SocketChannel ch = SocketChannel.open()) {
            ch.connect(new InetSocketAddress(args[0], port));
            System.out.println("protocol=" + ((WsnioSocketChannel) ch).protocolInUse());
            ByteBuffer block = ByteBuffer.allocateDirect(1 << 20);
            byte[] pattern = new byte[1 << 20];
            for (int i = 0; i < pattern.length; i++) {
                pattern[i] = (byte) (i * 31 + (i >>> 11));
            }
            block.put(pattern).flip();
            CRC32 crc = new CRC32();
            int subflows = 0;
            for (int m = 0; m < mib; m++) {
                block.rewind();
                while (block.hasRemaining()) {
                    ch.write(block);
                }
                crc.update(pattern);
                if (m % 4 == 3) {
                    subflows = Math.max(subflows, subflows(port));
                }
            }
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (subflows < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                subflows = Math.max(subflows, subflows(port));
            }
            System.out.println("subflows=" + subflows);
            System.out.println("joins=" + mptcpCounter("MPJoinSynAckRx"));
            ch.shutdownOutput();
            ByteBuffer answer = ByteBuffer.allocate(16);
            while (answer.hasRemaining() && ch.read(answer) >= 0) {
                // until the 16 bytes are in
            }
            answer.flip();
            long total = answer.remaining() == 16 ? answer.getLong() : -1;
            long serverCrc = total >= 0 ? answer.getLong() : -1;
            System.out.println("acknowledged=" + total);
            if (total != (long) mib << 20 || serverCrc != crc.getValue()) {
                failure = "server got " + total + " bytes with CRC " + Long.toHexString(serverCrc) + ", sent "
                        + ((long) mib << 20) + " with CRC " + Long.toHexString(crc.getValue());
            }
        } catch (Exception e) {
            e.printStackTrace(System.out);
            failure = e.toString();
        }
        ChildSupport.finish(failure);
    }

    /** Established TCP sockets of this namespace whose remote port is {@code port}. */
    private static int subflows(int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        int n = 0;
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(file);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[2].endsWith(hexPort) && f[3].equals("01")) {
                    n++;
                }
            }
        }
        return n;
    }

    private static long mptcpCounter(String name) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("MPTcpExt:") && lines.get(i + 1).startsWith("MPTcpExt:")) {
                String[] names = lines.get(i).split("\\s+");
                String[] values = lines.get(i + 1).split("\\s+");
                for (int k = 1; k < names.length && k < values.length; k++) {
                    if (names[k].equals(name)) {
                        return Long.parseLong(values[k]);
                    }
                }
            }
        }
        return -1;
    }
}
