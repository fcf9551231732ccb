package io.wsnio.spi.frameworks;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Blocking code through streams and the socket adaptors: a server accepts through
 * {@code ServerSocket.accept()} on the channel's adaptor (even connections) and through
 * {@code ServerSocketChannel.accept()} (odd ones); each connection's server side reads a
 * length-prefixed block with {@code Channels.newInputStream} and answers its SHA-256 and the block
 * reversed through {@code Channels.newOutputStream}. Clients connect through the adaptor
 * ({@code socket().connect} with a timeout), set options on it, write through
 * {@code Socket.getOutputStream()} and read through {@code Socket.getInputStream()} with SO_TIMEOUT.
 */
public final class BlockingStreamsMain {

    private static final int CONNECTIONS = 8;
    private static final int BLOCK = 256 * 1024;

    private BlockingStreamsMain() {
    }

    public static void main(String[] args) throws Exception {
        ChildSupport.watchdog(50);
        String failure = null;
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS + 1);
        try (ServerSocketChannel ssc = ServerSocketChannel.open()) {
            ServerSocket ss = ssc.socket();
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            System.out.println("serverSocketClass=" + ss.getClass().getName());
            int port = ss.getLocalPort();
            Future<?> acceptor = pool.submit(() -> {
                for (int i = 0; i < CONNECTIONS; i++) {
                    SocketChannel accepted;
                    if (i % 2 == 0) {
                        Socket s = ss.accept();
                        accepted = s.getChannel();
                        if (accepted == null || !s.isConnected()) {
                            throw new IllegalStateException("adaptor accept gave " + s + " without a connected channel");
                        }
                    } else {
                        accepted = ssc.accept();
                    }
                    SocketChannel ch = accepted;
                    pool.submit(() -> serve(ch));
                }
                return null;
            });
            List<Future<String>> clients = new ArrayList<>();
            ExecutorService clientPool = Executors.newFixedThreadPool(CONNECTIONS);
            for (int i = 0; i < CONNECTIONS; i++) {
                int seed = i;
                clients.add(clientPool.submit(() -> client(port, seed)));
            }
            int ok = 0;
            for (Future<String> f : clients) {
                String r = f.get(30, TimeUnit.SECONDS);
                if (r == null) {
                    ok++;
                } else if (failure == null) {
                    failure = r;
                }
            }
            acceptor.get(10, TimeUnit.SECONDS);
            clientPool.shutdown();
            System.out.println("exchanges=" + ok);
        } catch (Exception e) {
            e.printStackTrace(System.out);
            failure = e.toString();
        } finally {
            pool.shutdownNow();
        }
        ChildSupport.finish(failure);
    }

    private static Void serve(SocketChannel ch) throws Exception {
        try (ch) {
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            OutputStream out = Channels.newOutputStream(ch);
            byte[] block = new byte[in.readInt()];
            in.readFully(block);
            out.write(MessageDigest.getInstance("SHA-256").digest(block));
            for (int i = 0, j = block.length - 1; i < j; i++, j--) {
                byte t = block[i];
                block[i] = block[j];
                block[j] = t;
            }
            out.write(block);
            ch.shutdownOutput();
            if (in.read() != -1) {
                throw new IllegalStateException("server: expected end of stream");
            }
        }
        return null;
    }

    /** Returns null when the exchange checked out, else what went wrong. */
    private static String client(int port, int seed) throws Exception {
        byte[] block = new byte[BLOCK + seed];
        new Random(seed).nextBytes(block);
        try (SocketChannel ch = SocketChannel.open()) {
            Socket s = ch.socket();
            s.setTcpNoDelay(true);
            s.setSendBufferSize(64 * 1024);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            s.setSoTimeout(20_000);
            if (!s.getTcpNoDelay() || !s.getKeepAlive() || s.getChannel() != ch || !ch.isConnected()) {
                return "client " + seed + ": adaptor state wrong: nodelay " + s.getTcpNoDelay() + " keepalive "
                        + s.getKeepAlive() + " connected " + ch.isConnected();
            }
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(block.length);
            out.write(block);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] digest = in.readNBytes(32);
            byte[] reversed = in.readNBytes(block.length + 1);   // one more: end of stream must follow
            s.shutdownOutput();
            if (!Arrays.equals(digest, MessageDigest.getInstance("SHA-256").digest(block))) {
                return "client " + seed + ": wrong digest";
            }
            if (reversed.length != block.length) {
                return "client " + seed + ": got " + reversed.length + " bytes back, expected " + block.length;
            }
            for (int i = 0; i < block.length; i++) {
                if (reversed[i] != block[block.length - 1 - i]) {
                    return "client " + seed + ": byte " + i + " differs";
                }
            }
            return null;
        }
    }
}
