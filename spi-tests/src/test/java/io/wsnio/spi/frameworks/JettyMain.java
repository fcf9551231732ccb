package io.wsnio.spi.frameworks;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12 unchanged: a {@link Server} with a {@link ServerConnector} on loopback answers each
 * request with a body derived from its URI and content; Jetty's {@link HttpClient} sends
 * {@code args[0]} (default 40) concurrent POSTs and every answer is checked.
 */
public final class JettyMain {

    private JettyMain() {
    }

    public static void main(String[] args) throws Exception {
        ChildSupport.watchdog(50);
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        QueuedThreadPool threads = new QueuedThreadPool(16, 4);
        threads.setName("jetty-server");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String in = Content.Source.asString(request, StandardCharsets.UTF_8);
                byte[] out = ("jetty " + request.getMethod() + " " + request.getHttpURI().getPathQuery() + ": " + in)
                        .getBytes(StandardCharsets.UTF_8);
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                response.write(true, ByteBuffer.wrap(out), callback);
                return true;
            }
        });
        HttpClient client = new HttpClient();
        client.setMaxConnectionsPerDestination(16);
        client.setConnectTimeout(10_000);
        String failure = null;
        try {
            server.start();
            client.start();
            int port = connector.getLocalPort();
            System.out.println("jettyServerChannel=" + connector.getTransport().getClass().getName());
            List<CompletableFuture<String>> bodies = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                CompletableFuture<String> body = new CompletableFuture<>();
                bodies.add(body);
                client.newRequest("127.0.0.1", port).method(HttpMethod.POST).path("/r?n=" + i)
                        .body(new BytesRequestContent(("payload " + i + " " + "y".repeat(i * 53))
                                .getBytes(StandardCharsets.UTF_8)))
                        .timeout(20, TimeUnit.SECONDS)
                        .send(new BufferingResponseListener(1 << 20) {
                            @Override
                            public void onComplete(Result result) {
                                if (result.isFailed()) {
                                    body.completeExceptionally(result.getFailure());
                                } else if (result.getResponse().getStatus() != 200) {
                                    body.complete("status " + result.getResponse().getStatus());
                                } else {
                                    body.complete(getContentAsString());
                                }
                            }
                        });
            }
            int ok = 0;
            for (int i = 0; i < requests; i++) {
                String got = bodies.get(i).get(30, TimeUnit.SECONDS);
                String expected = "jetty POST /r?n=" + i + ": payload " + i + " " + "y".repeat(i * 53);
                if (expected.equals(got)) {
                    ok++;
                } else if (failure == null) {
                    failure = "request " + i + ": '" + got + "'";
                }
            }
            System.out.println("responses=" + ok);
        } catch (Exception e) {
            e.printStackTrace(System.out);
            failure = e.toString();
        } finally {
            client.stop();
            server.stop();
        }
        ChildSupport.finish(failure);
    }
}
