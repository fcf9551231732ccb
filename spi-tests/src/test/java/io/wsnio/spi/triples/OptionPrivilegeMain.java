package io.wsnio.spi.triples;

import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import io.wsnio.WsnioSelectorProvider;
import io.wsnio.WsnioSocketOptions;

/**
 * Child JVM of {@link PrivilegeTest}, run without CAP_NET_RAW and CAP_NET_ADMIN: sets options
 * that need one of them and prints each refusal's message, one key=value a line.
 */
public final class OptionPrivilegeMain {
    private OptionPrivilegeMain() { }

    public static void main(String[] args) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                System.out.println("capeff=" + line.substring(7).trim());
            }
        }
        WsnioSelectorProvider p = new WsnioSelectorProvider();
        try (SocketChannel ch = p.openSocketChannel()) {
            set("transparent", ch, WsnioSocketOptions.IP_TRANSPARENT, true);
        }
        try (SocketChannel ch = p.openSocketChannel()) {
            // binding once is unprivileged (Linux 5.7+); changing the binding needs CAP_NET_RAW
            set("bindtodevice.first", ch, WsnioSocketOptions.SO_BINDTODEVICE, "lo");
            set("bindtodevice", ch, WsnioSocketOptions.SO_BINDTODEVICE, "lo");
        }
    }

    private static <T> void set(String key, SocketChannel ch, SocketOption<T> option, T value) {
        try {
            ch.setOption(option, value);
            System.out.println(key + "=set");
        } catch (Exception e) {
            System.out.println(key + "=" + e.getMessage());
        }
    }
}
