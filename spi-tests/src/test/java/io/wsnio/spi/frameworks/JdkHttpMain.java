package io.wsnio.spi.frameworks;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Unmodified JDK code: {@code java.net.http.HttpClient} (HTTP/1.1) sends {@code args[0]} (default
 * 50) concurrent POSTs to a {@code com.sun.net.httpserver.HttpServer}, which answers each with a
 * body derived from the request; every answer is checked.
 */
public final class JdkHttpMain {

    private JdkHttpMain() {
    }

    public static void main(String[] args) throws Exception {
        ChildSupport.watchdog(50);
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        ExecutorService serverPool = Executors.newFixedThreadPool(4);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.createContext("/echo", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            String query = exchange.getRequestURI().getQuery();
            byte[] out = ("echo " + query + ": " + new String(in, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.setExecutor(serverPool);
        server.start();
        int port = server.getAddress().getPort();
        String failure = null;
        ExecutorService clientPool = Executors.newFixedThreadPool(4);
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).executor(clientPool).build();
            List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/echo?n=" + i))
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString("body " + i + " " + "x".repeat(i * 37)))
                        .build();
                futures.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
            }
            int ok = 0;
            for (int i = 0; i < requests; i++) {
                HttpResponse<String> r = futures.get(i).get(30, TimeUnit.SECONDS);
                String expected = "echo n=" + i + ": body " + i + " " + "x".repeat(i * 37);
                if (r.statusCode() == 200 && r.body().equals(expected) && r.version() == HttpClient.Version.HTTP_1_1) {
                    ok++;
                } else if (failure == null) {
                    failure = "request " + i + ": status " + r.statusCode() + " " + r.version() + " body '" + r.body() + "'";
                }
            }
            System.out.println("responses=" + ok);
        } catch (Exception e) {
            e.printStackTrace(System.out);
            failure = e.toString();
        } finally {
            server.stop(0);
            serverPool.shutdown();
            clientPool.shutdown();
        }
        ChildSupport.finish(failure);
    }
}
