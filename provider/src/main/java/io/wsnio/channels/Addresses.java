package io.wsnio.channels;

import io.wsnio.SocketSpec.Family;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.Objects;

/** Validates socket addresses in Java before they reach native code, as the JDK's Net.checkAddress does. */
final class Addresses {
    private Addresses() { }

    /** A remote address for a socket of {@code family}: non-null, right type, resolved, right family. */
    static SocketAddress checkRemote(SocketAddress sa, Family family) throws IOException {
        Objects.requireNonNull(sa);
        if (family == Family.UNIX) {
            if (!(sa instanceof UnixDomainSocketAddress)) {
                throw new UnsupportedAddressTypeException();
            }
            return sa;
        }
        if (family == Family.BLUETOOTH) {
            return checkBluetooth(sa);
        }
        InetSocketAddress isa = checkInet(sa, family);
        InetAddress ia = isa.getAddress();
        if (ia.isAnyLocalAddress()) {
            // connecting to the wildcard means this host, as in the JDK
            InetAddress lo = ia instanceof Inet6Address ? InetAddress.getByName("::1") : InetAddress.getByName("127.0.0.1");
            return new InetSocketAddress(lo, isa.getPort());
        }
        return isa;
    }

    static InetSocketAddress checkInet(SocketAddress sa, Family family) {
        Objects.requireNonNull(sa);
        if (!(sa instanceof InetSocketAddress)) {
            throw new UnsupportedAddressTypeException();
        }
        InetSocketAddress isa = (InetSocketAddress) sa;
        if (isa.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        if (family == Family.INET && !(isa.getAddress() instanceof Inet4Address)) {
            throw new UnsupportedAddressTypeException();
        }
        if (family != Family.INET && family != Family.INET6) {
            throw new UnsupportedAddressTypeException();
        }
        return isa;
    }

    /** A local address for bind: null means the wildcard, port 0 (or an unnamed UNIX socket). */
    static SocketAddress checkLocal(SocketAddress sa, Family family) {
        if (sa == null) {
            if (family == Family.UNIX) {
                return null;
            }
            if (family == Family.BLUETOOTH) {
                return io.wsnio.BluetoothAddress.any();
            }
            try {
                InetAddress any = family == Family.INET ? InetAddress.getByAddress(new byte[4])
                        : InetAddress.getByAddress(new byte[16]);
                return new InetSocketAddress(any, 0);
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
        if (family == Family.UNIX) {
            if (!(sa instanceof UnixDomainSocketAddress)) {
                throw new UnsupportedAddressTypeException();
            }
            return sa;
        }
        if (family == Family.BLUETOOTH) {
            return checkBluetooth(sa);
        }
        return checkInet(sa, family);
    }

    /** An address for a Bluetooth (RFCOMM) socket: a {@link io.wsnio.BluetoothAddress}, range-checked when made. */
    static io.wsnio.BluetoothAddress checkBluetooth(SocketAddress sa) {
        Objects.requireNonNull(sa);
        if (!(sa instanceof io.wsnio.BluetoothAddress)) {
            throw new UnsupportedAddressTypeException();
        }
        return (io.wsnio.BluetoothAddress) sa;
    }

    /** Whether a socket whose getsockname gave {@code local} is bound (not port 0, not the unnamed UNIX path). */
    static boolean isBound(SocketAddress local) {
        if (local instanceof InetSocketAddress) {
            return ((InetSocketAddress) local).getPort() != 0;
        }
        if (local instanceof java.net.UnixDomainSocketAddress) {
            return !((java.net.UnixDomainSocketAddress) local).getPath().toString().isEmpty();
        }
        if (local instanceof io.wsnio.BluetoothAddress) {
            return ((io.wsnio.BluetoothAddress) local).channel() != 0;
        }
        return local != null;
    }
}
