package io.wsnio.spi.frameworks;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Netty's HTTP codec on the NIO transport: a server with {@code HttpServerCodec} answering each
 * request with a body derived from its URI and content, and {@code args[0]} (default 10) client
 * connections with {@code HttpClientCodec}, each sending {@code args[1]} (default 5) keep-alive
 * requests one after another; every answer is checked.
 */
public final class NettyHttpMain {

    private NettyHttpMain() {
    }

    public static void main(String[] args) throws Exception {
        ChildSupport.watchdog(50);
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int perConnection = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        EventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        String failure = null;
        try {
            Channel server = new ServerBootstrap().group(serverGroup).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                    new SimpleChannelInboundHandler<FullHttpRequest>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                            String body = "netty " + req.method() + " " + req.uri() + ": "
                                                    + req.content().toString(StandardCharsets.UTF_8);
                                            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                                    HttpResponseStatus.OK,
                                                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
                                            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
                                            HttpUtil.setContentLength(resp, resp.content().readableBytes());
                                            HttpUtil.setKeepAlive(resp, HttpUtil.isKeepAlive(req));
                                            ctx.writeAndFlush(resp);
                                        }
                                    });
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            InetSocketAddress address = (InetSocketAddress) server.localAddress();

            List<CompletableFuture<String>> results = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                CompletableFuture<String> result = new CompletableFuture<>();
                results.add(result);
                int conn = c;
                Channel ch = new Bootstrap().group(clientGroup).channel(NioSocketChannel.class)
                        .handler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                                        new SimpleChannelInboundHandler<FullHttpResponse>() {
                                            private int n;

                                            @Override
                                            public void channelActive(ChannelHandlerContext ctx) {
                                                send(ctx);
                                            }

                                            private void send(ChannelHandlerContext ctx) {
                                                FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                                                        HttpMethod.POST, "/c" + conn + "/r" + n,
                                                        Unpooled.copiedBuffer("payload " + conn + "." + n,
                                                                StandardCharsets.UTF_8));
                                                req.headers().set(HttpHeaderNames.HOST, "127.0.0.1");
                                                HttpUtil.setContentLength(req, req.content().readableBytes());
                                                HttpUtil.setKeepAlive(req, true);
                                                ctx.writeAndFlush(req);
                                            }

                                            @Override
                                            protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
                                                String expected = "netty POST /c" + conn + "/r" + n + ": payload "
                                                        + conn + "." + n;
                                                String body = r.content().toString(StandardCharsets.UTF_8);
                                                if (r.status().code() != 200 || !body.equals(expected)) {
                                                    result.complete("connection " + conn + " request " + n + ": "
                                                            + r.status() + " '" + body + "'");
                                                    ctx.close();
                                                } else if (++n == perConnection) {
                                                    result.complete(null);
                                                    ctx.close();
                                                } else {
                                                    send(ctx);
                                                }
                                            }

                                            @Override
                                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                                result.complete("connection " + conn + ": " + cause);
                                                ctx.close();
                                            }
                                        });
                            }
                        }).connect(address).channel();
                ch.closeFuture().addListener(f -> result.complete("connection " + conn + " closed early"));
            }
            int ok = 0;
            for (CompletableFuture<String> r : results) {
                String error = r.get(30, TimeUnit.SECONDS);
                if (error == null) {
                    ok++;
                } else if (failure == null) {
                    failure = error;
                }
            }
            System.out.println("responses=" + ok * perConnection);
            server.close().sync();
        } catch (Exception e) {
            e.printStackTrace(System.out);
            failure = e.toString();
        } finally {
            clientGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
            serverGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
        ChildSupport.finish(failure);
    }
}
