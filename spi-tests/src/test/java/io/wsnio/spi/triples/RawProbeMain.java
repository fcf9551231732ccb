package io.wsnio.spi.triples;

import io.wsnio.SocketCreationException;
import io.wsnio.SocketSpec;
import io.wsnio.WsnioSelectorProvider;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Child JVM of {@link PrivilegeTest}: tries a raw ICMP socket and prints what happened, one key=value a line. */
public final class RawProbeMain {
    private RawProbeMain() { }

    public static void main(String[] args) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                System.out.println("capeff=" + line.substring(7).trim());
            }
        }
        SocketSpec spec = SocketSpec.of(SocketSpec.Family.INET, SocketSpec.Type.RAW, SocketSpec.Protocol.ICMP);
        try (DatagramChannel ch = new WsnioSelectorProvider().openDatagramChannel(spec)) {
            System.out.println("result=opened " + ch);
        } catch (SocketCreationException e) {
            System.out.println("result=" + e.getClass().getName());
            System.out.println("error=" + e.errorName());
            System.out.println("spec=" + e.spec());
            System.out.println("message=" + e.getMessage());
        }
    }
}
