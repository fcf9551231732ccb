package io.wsnio.spi.frameworks;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Netty's NIO transport unchanged: an echo server ({@link NioServerSocketChannel}) and
 * {@code args[0]} (default 20) client connections ({@link NioSocketChannel}) on one event loop
 * group each, every client sending 256 KiB of its own bytes and checking the echo.
 */
public final class NettyEchoMain {

    private static final int BYTES = 256 * 1024;

    private NettyEchoMain() {
    }

    public static void main(String[] args) throws Exception {
        ChildSupport.watchdog(50);
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        EventLoopGroup clients = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        String failure = null;
        try {
            Channel server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 128)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ctx.write(msg);
                                }

                                @Override
                                public void channelReadComplete(ChannelHandlerContext ctx) {
                                    ctx.flush();
                                }

                                @Override
                                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                    cause.printStackTrace(System.out);
                                    ctx.close();
                                }
                            });
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            System.out.println("nettyServerChannel=" + server.getClass().getName());
            InetSocketAddress address = (InetSocketAddress) server.localAddress();

            List<CompletableFuture<String>> results = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                byte[] data = new byte[BYTES];
                new Random(i).nextBytes(data);
                CompletableFuture<String> result = new CompletableFuture<>();
                results.add(result);
                int id = i;
                new Bootstrap().group(clients).channel(NioSocketChannel.class)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                        .handler(new ChannelInboundHandlerAdapter() {
                            private final ByteBuf received = Unpooled.buffer(BYTES);

                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                ctx.writeAndFlush(Unpooled.wrappedBuffer(data));
                            }

                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf b = (ByteBuf) msg;
                                received.writeBytes(b);
                                b.release();
                                if (received.readableBytes() >= BYTES) {
                                    byte[] got = new byte[received.readableBytes()];
                                    received.readBytes(got);
                                    result.complete(Arrays.equals(got, data) ? null
                                            : "connection " + id + ": echo differs (" + got.length + " bytes)");
                                    ctx.close();
                                }
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                result.complete("connection " + id + ": " + cause);
                                ctx.close();
                            }
                        })
                        .connect(address).addListener((ChannelFutureListener) f -> {
                            if (!f.isSuccess()) {
                                result.complete("connection " + id + ": connect failed: " + f.cause());
                            }
                        });
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
            System.out.println("echoed=" + ok);
            server.close().sync();
        } catch (Exception e) {
            e.printStackTrace(System.out);
            failure = e.toString();
        } finally {
            clients.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
        ChildSupport.finish(failure);
    }
}
