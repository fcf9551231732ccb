package io.wsnio;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * The source of a datagram whose address has no Java form: a family wsnio does not decode
 * (Linux AF_PACKET, AF_VSOCK, AF_TIPC, ...) or a sender that reported no address at all. A
 * {@code DatagramChannel.receive} returns it rather than dropping the datagram; it cannot be used
 * as a target. An unbound UNIX-domain sender is reported as the empty path instead, as the JDK
 * reports an unnamed UNIX-domain peer.
 */
public final class UnnamedSocketAddress extends SocketAddress {
    private static final long serialVersionUID = 1L;

    private final String family;

    /** An address of the socket family named {@code family} (a {@link SocketSpec.Family} name). */
    public UnnamedSocketAddress(String family) {
        this.family = Objects.requireNonNull(family);
    }

    /** The name of the receiving socket's family. */
    public String family() {
        return family;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnnamedSocketAddress && ((UnnamedSocketAddress) o).family.equals(family);
    }

    @Override
    public int hashCode() {
        return family.hashCode();
    }

    @Override
    public String toString() {
        return "unnamed " + family + " address";
    }
}
