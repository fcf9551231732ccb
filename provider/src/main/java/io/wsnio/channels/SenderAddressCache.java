package io.wsnio.channels;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * The sender a datagram channel last returned from {@code receive}: a datagram from the same
 * source returns that same {@code InetSocketAddress} object again, as the JDK's channel does, so
 * a receive loop over one peer keeps no new address object. Used under the channel's read lock.
 */
final class SenderAddressCache {
    private SocketAddress last;

    /** The sender returned last, handed to the backend so a repeated source is not decoded again. */
    SocketAddress last() {
        return last;
    }

    /** {@code fresh}, or the previous sender when it is the same address (IPv6: and the same scope). */
    SocketAddress reuse(SocketAddress fresh) {
        SocketAddress l = last;
        if (l != null && sameSource(l, fresh)) {
            return l;
        }
        last = fresh;
        return fresh;
    }

    private static boolean sameSource(SocketAddress a, SocketAddress b) {
        if (!a.equals(b)) {
            return false;
        }
        if (a instanceof InetSocketAddress ia && ia.getAddress() instanceof Inet6Address a6
                && b instanceof InetSocketAddress ib && ib.getAddress() instanceof Inet6Address b6) {
            // Inet6Address.equals ignores the scope: fe80::1%eth0 is not fe80::1%eth1
            return a6.getScopeId() == b6.getScopeId()
                    && Objects.equals(a6.getScopedInterface(), b6.getScopedInterface());
        }
        return true;
    }
}
