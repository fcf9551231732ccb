package io.wsnio.spi.frameworks;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Netty's {@link NioDatagramChannel} unchanged: a server channel answers each datagram with
 * {@code "pong " + content} to its sender; a client channel sends {@code args[0]} (default 50)
 * numbered datagrams and checks every answer. Unanswered datagrams are resent (UDP may drop),
 * at most five rounds.
 */
public final class NettyUdpMain {

    private NettyUdpMain() {
    }

    public static void main(String[] args) throws Exception {
        ChildSupport.watchdog(50);
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        String failure = null;
        try {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            Channel server = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                            String text = p.content().toString(StandardCharsets.UTF_8);
                            ctx.writeAndFlush(new DatagramPacket(
                                    Unpooled.copiedBuffer("pong " + text, StandardCharsets.UTF_8), p.sender()));
                        }
                    })
                    .bind(new InetSocketAddress(loopback, 0)).sync().channel();
            InetSocketAddress serverAddress = (InetSocketAddress) server.localAddress();
            Set<Integer> answered = ConcurrentHashMap.newKeySet();
            Set<String> wrong = ConcurrentHashMap.newKeySet();
            Channel client = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                            String text = p.content().toString(StandardCharsets.UTF_8);
                            if (text.startsWith("pong ping ") && p.sender().getPort() == serverAddress.getPort()) {
                                answered.add(Integer.parseInt(text.substring("pong ping ".length())));
                            } else {
                                wrong.add(text + " from " + p.sender());
                            }
                        }
                    })
                    .bind(new InetSocketAddress(loopback, 0)).sync().channel();
            int rounds = 0;
            while (answered.size() < count && rounds++ < 5) {
                for (int i = 0; i < count; i++) {
                    if (!answered.contains(i)) {
                        client.write(new DatagramPacket(
                                Unpooled.copiedBuffer("ping " + i, StandardCharsets.UTF_8), serverAddress));
                    }
                }
                client.flush();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (answered.size() < count && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }
            System.out.println("answered=" + answered.size());
            System.out.println("rounds=" + rounds);
            if (!wrong.isEmpty()) {
                failure = "unexpected datagrams: " + wrong;
            } else if (answered.size() != count) {
                failure = answered.size() + " of " + count + " datagrams answered after " + rounds + " rounds";
            }
            client.close().sync();
            server.close().sync();
        } catch (Exception e) {
            e.printStackTrace(System.out);
            failure = e.toString();
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
        ChildSupport.finish(failure);
    }
}
