package io.wsnio.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.BatchDatagramChannel;
import io.wsnio.SocketSpec;
import io.wsnio.WsnioSelectorProvider;
import io.wsnio.WsnioSocketOptions;
import io.wsnio.nativeio.ControlMessages;
import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.SockOpt;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;

/**
 * A coalesced receive whose control data the kernel truncated (the backend reports
 * {@link ControlMessages#SEGMENT_UNKNOWN}): the datagram is delivered (it was consumed) and
 * {@code lastSegmentSize()} throws instead of reading 0, "not coalesced". The backend is the real
 * one behind a proxy that accepts UDP_GRO and reports every coalesced receive as truncated, since
 * wsnio's control area leaves the kernel no reason to truncate the report on Linux.
 */
class CoalescedReceiveTest {
    @Test
    void aTruncatedControlAreaIsReportedNotReadAsASingleDatagram() throws Exception {
        NativeNet real = io.wsnio.nativeio.Backends.net();
        NativeNet truncating = (NativeNet) Proxy.newProxyInstance(NativeNet.class.getClassLoader(),
                new Class<?>[] {NativeNet.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setIntOption") && args[1] == SockOpt.UDP_GRO) {
                        return null; // accepted: the receive below goes through receiveCoalesced
                    }
                    if (method.getName().equals("receiveCoalesced")) {
                        int n = real.receiveFrom((Long) args[0], (Long) args[1], (Integer) args[2],
                                (SocketSpec.Family) args[3], (SocketAddress[]) args[4]);
                        ((int[]) args[5])[0] = ControlMessages.SEGMENT_UNKNOWN;
                        return n;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        WsnioSelectorProvider provider = new WsnioSelectorProvider();
        SocketSpec udp = SocketSpec.of(SocketSpec.Family.INET, SocketSpec.Type.DGRAM, SocketSpec.Protocol.UDP);
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (DatagramChannel rx = new WsnioDatagramChannel(provider, truncating, udp).bind(loopback);
             DatagramChannel tx = provider.openDatagramChannel(udp).bind(loopback)) {
            rx.setOption(WsnioSocketOptions.UDP_GRO, true);
            tx.send(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}), rx.getLocalAddress());
            ByteBuffer in = ByteBuffer.allocate(100);
            assertEquals(tx.getLocalAddress(), rx.receive(in), "the datagram is delivered");
            assertEquals(5, in.position());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ((BatchDatagramChannel) rx).lastSegmentSize());
            assertTrue(e.getMessage().contains("MSG_CTRUNC"), e.getMessage());
        }
    }
}
