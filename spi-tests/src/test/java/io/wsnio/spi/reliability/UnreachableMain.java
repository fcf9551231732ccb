package io.wsnio.spi.reliability;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;

import io.wsnio.WsnioSelectorProvider;

/**
 * Child of {@link PeerFaultTest} in a fresh network namespace: connects to a host behind an
 * "unreachable" route and to a network with no route, with the JDK and with wsnio, and prints
 * {@code provider:target=ExceptionClass: message}.
 */
public final class UnreachableMain {

    private UnreachableMain() {
    }

    public static void main(String[] args) {
        SelectorProvider[] providers = {SelectorProvider.provider(), new WsnioSelectorProvider()};
        String[] names = {"jdk", "wsnio"};
        InetSocketAddress host = new InetSocketAddress("10.9.9.9", 80);
        InetSocketAddress net = new InetSocketAddress("192.0.2.1", 80);
        for (int i = 0; i < 2; i++) {
            System.out.println(names[i] + ":host=" + attempt(providers[i], host));
            System.out.println(names[i] + ":net=" + attempt(providers[i], net));
        }
    }

    private static String attempt(SelectorProvider p, InetSocketAddress to) {
        try (SocketChannel c = p.openSocketChannel()) {
            c.connect(to);
            return "connected";
        } catch (Exception e) {
            StringBuilder chain = new StringBuilder(e.getClass().getName());
            for (Class<?> c = e.getClass().getSuperclass(); c != Exception.class && c != null; c = c.getSuperclass()) {
                chain.append(" < ").append(c.getName());
            }
            return chain + ": " + e.getMessage();
        }
    }
}
