package io.wsnio.spi.frameworks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Unmodified {@code com.sun.net.httpserver.HttpServer} with a virtual thread per exchange
 * ({@code Executors.newVirtualThreadPerTaskExecutor()}), under {@code args[0]} (default 200)
 * concurrent slow clients, each a virtual thread on a blocking {@code SocketChannel}: the request
 * headers at once, the body in four parts 100 ms apart, so every handler waits in blocking reads of
 * the request body while all the others do. Run with few carriers
 * ({@code -Djdk.virtualThreadScheduler.parallelism=2}): a wait that held its carrier would stall
 * the whole server. Every response is checked. JDK 21+.
 */
public final class VirtualHttpServerMain {

    private VirtualHttpServerMain() {
    }

    public static void main(String[] args) throws Exception {
        ChildSupport.watchdog(60);
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        ExecutorService virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), clients);
        server.createContext("/echo", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            byte[] out = ("got " + new String(in, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.setExecutor(virtual);
        server.start();
        InetSocketAddress at = server.getAddress();
        String failure = null;
        long t0 = System.nanoTime();
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int n = i;
                answers.add(virtual.submit(() -> slowClient(at, n)));
            }
            int ok = 0;
            for (int i = 0; i < clients; i++) {
                String body = answers.get(i).get(40, TimeUnit.SECONDS);
                String expected = "got part0-" + i + "part1-" + i + "part2-" + i + "part3-" + i;
                if (body.equals(expected)) {
                    ok++;
                } else if (failure == null) {
                    failure = "client " + i + " got '" + body + "'";
                }
            }
            System.out.println("responses=" + ok);
            System.out.println("seconds=" + (System.nanoTime() - t0) / 1_000_000_000.0);
        } catch (Exception e) {
            e.printStackTrace(System.out);
            failure = e.toString();
        } finally {
            server.stop(0);
        }
        ChildSupport.finish(failure);
    }

    /** One slow request: headers, then four body parts 100 ms apart; returns the response body. */
    private static String slowClient(InetSocketAddress at, int n) throws IOException, InterruptedException {
        try (SocketChannel ch = SocketChannel.open(at)) {
            String[] parts = new String[4];
            int length = 0;
            for (int p = 0; p < 4; p++) {
                parts[p] = "part" + p + "-" + n;
                length += parts[p].length();
            }
            write(ch, "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + length + "\r\nConnection: close\r\n\r\n");
            for (int p = 0; p < 4; p++) {
                Thread.sleep(100);
                write(ch, parts[p]);
            }
            ByteBuffer in = ByteBuffer.allocate(4096);
            while (ch.read(in) >= 0) {
                if (!in.hasRemaining()) {
                    throw new IOException("response too long");
                }
            }
            String response = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
            if (!response.startsWith("HTTP/1.1 200")) {
                return "status line: " + response;
            }
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    private static void write(SocketChannel ch, String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
