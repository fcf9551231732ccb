package io.wsnio.backend.winsock;

import static io.wsnio.backend.winsock.WinsockAbi.*;

import io.wsnio.BluetoothAddress;
import io.wsnio.SocketSpec.Family;
import io.wsnio.nativeio.Inet4Addresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes Winsock {@code sockaddr_in}, {@code sockaddr_in6} (AF_INET6 = 23),
 * {@code sockaddr_un} and {@code SOCKADDR_BTH} (Bluetooth, AF_BTH = 32).
 */
final class SockAddrs {
    private SockAddrs() { }

    /**
     * Writes {@code address} for a socket of {@code family} (null: from the address) at {@code off}
     * of a little-endian buffer; returns the sockaddr length. An IPv4 address on an IPv6 socket
     * becomes v4-mapped.
     */
    static int encode(ByteBuffer b, int off, Family family, SocketAddress address) throws SocketException {
        for (int i = 0; i < SOCKADDR_STORAGE_SIZE; i += 8) {
            b.putLong(off + i, 0L);
        }
        if (address instanceof InetSocketAddress) {
            InetSocketAddress isa = (InetSocketAddress) address;
            InetAddress ia = isa.getAddress();
            if (ia == null) {
                throw new SocketException("unresolved address: " + isa);
            }
            if (family == null) {
                family = ia instanceof Inet4Address ? Family.INET : Family.INET6;
            }
            short port = Short.reverseBytes((short) isa.getPort());
            byte[] a = ia.getAddress();
            if (family == Family.INET6) {
                b.putShort(off + SOCKADDR_IN6_FAMILY, (short) AF_INET6);
                b.putShort(off + SOCKADDR_IN6_PORT, port);
                if (a.length == 4 && !isZero(a)) {
                    // an IPv4 address on an IPv6 socket is v4-mapped; the IPv4 wildcard becomes :: (as
                    // the JDK does), so a dual-stack socket bound to 0.0.0.0 still takes IPv6
                    b.put(off + SOCKADDR_IN6_ADDR + 10, (byte) 0xff).put(off + SOCKADDR_IN6_ADDR + 11, (byte) 0xff);
                    for (int i = 0; i < 4; i++) {
                        b.put(off + SOCKADDR_IN6_ADDR + 12 + i, a[i]);
                    }
                } else if (a.length == 4) {
                    // 0.0.0.0: the bytes stay zero, which is ::
                } else {
                    for (int i = 0; i < 16; i++) {
                        b.put(off + SOCKADDR_IN6_ADDR + i, a[i]);
                    }
                    b.putInt(off + SOCKADDR_IN6_SCOPE_ID, ((Inet6Address) ia).getScopeId());
                }
                return SOCKADDR_IN6_SIZE;
            }
            if (family == Family.INET) {
                if (a.length != 4) {
                    throw new SocketException("IPv6 address on an IPv4 socket: " + isa);
                }
                b.putShort(off + SOCKADDR_IN_FAMILY, (short) AF_INET);
                b.putShort(off + SOCKADDR_IN_PORT, port);
                for (int i = 0; i < 4; i++) {
                    b.put(off + SOCKADDR_IN_ADDR + i, a[i]);
                }
                return SOCKADDR_IN_SIZE;
            }
            throw new SocketException("an internet address on a " + family + " socket: " + isa);
        }
        if (address instanceof UnixDomainSocketAddress) {
            if (family != null && family != Family.UNIX) {
                throw new SocketException("a UNIX-domain address on a " + family + " socket: " + address);
            }
            byte[] path = ((UnixDomainSocketAddress) address).getPath().toString().getBytes(StandardCharsets.UTF_8);
            if (path.length >= UNIX_PATH_MAX) {
                throw new SocketException("UNIX-domain path longer than " + (UNIX_PATH_MAX - 1) + " bytes: " + address);
            }
            b.putShort(off, (short) AF_UNIX);
            for (int i = 0; i < path.length; i++) {
                b.put(off + SOCKADDR_UN_PATH + i, path[i]);
            }
            return SOCKADDR_UN_SIZE;
        }
        if (address instanceof BluetoothAddress) {
            if (family != null && family != Family.BLUETOOTH) {
                throw new SocketException("a Bluetooth address on a " + family + " socket: " + address);
            }
            return encodeBluetooth(b, off, (BluetoothAddress) address);
        }
        throw new SocketException("unsupported address type: "
                + (address == null ? "null" : address.getClass().getName()));
    }

    /**
     * SOCKADDR_BTH (packed): addressFamily, btAddr (the 48-bit device address as a little-endian
     * ULONGLONG), serviceClassId (zero: no SDP lookup), port (the channel; BT_PORT_ANY for 0).
     */
    static int encodeBluetooth(ByteBuffer b, int off, BluetoothAddress address) {
        for (int i = 0; i < SOCKADDR_BTH_SIZE; i++) {
            b.put(off + i, (byte) 0);
        }
        b.putShort(off + SOCKADDR_BTH_ADDRESSFAMILY, (short) AF_BTH);
        b.putLong(off + SOCKADDR_BTH_BTADDR, address.device());
        b.putInt(off + SOCKADDR_BTH_PORT, address.channel() == 0 ? BT_PORT_ANY : address.channel());
        return SOCKADDR_BTH_SIZE;
    }

    /** A SOCKADDR_BTH of {@code len} bytes at {@code off}; SocketException for one no RFCOMM socket has. */
    static BluetoothAddress decodeBluetooth(ByteBuffer b, int off, int len) throws SocketException {
        if (len < SOCKADDR_BTH_SIZE) {
            throw new SocketException("SOCKADDR_BTH of " + len + " bytes from Winsock (" + SOCKADDR_BTH_SIZE + " expected)");
        }
        long device = b.getLong(off + SOCKADDR_BTH_BTADDR);
        int port = b.getInt(off + SOCKADDR_BTH_PORT);
        int channel = port == BT_PORT_ANY ? 0 : port;
        if (device < 0 || device > BluetoothAddress.MAX_DEVICE || channel < 0 || channel > BluetoothAddress.MAX_CHANNEL) {
            throw new SocketException("SOCKADDR_BTH from Winsock is no RFCOMM address: btAddr 0x" + Long.toHexString(device)
                    + ", port " + Integer.toUnsignedString(port));
        }
        return BluetoothAddress.of(device, channel);
    }

    /**
     * Reads the sockaddr of {@code len} bytes at {@code off}; null for a family without a Java
     * address type here (the caller decides whether that is an error).
     */
    static SocketAddress decode(ByteBuffer b, int off, int len) throws SocketException {
        if (len < 2) {
            return null;
        }
        int af = b.getShort(off) & 0xffff;
        if (af == AF_BTH) {
            return decodeBluetooth(b, off, len);
        }
        try {
            if (af == AF_INET && len >= SOCKADDR_IN_SIZE) {
                int at = off + SOCKADDR_IN_ADDR;
                int bits = (b.get(at) & 0xff) << 24 | (b.get(at + 1) & 0xff) << 16 | (b.get(at + 2) & 0xff) << 8
                        | (b.get(at + 3) & 0xff);
                return new InetSocketAddress(Inet4Addresses.of(bits), port(b, off + SOCKADDR_IN_PORT));
            }
            if (af == AF_INET6 && len >= SOCKADDR_IN6_SIZE) {
                byte[] a = new byte[16];
                for (int i = 0; i < 16; i++) {
                    a[i] = b.get(off + SOCKADDR_IN6_ADDR + i);
                }
                int scope = b.getInt(off + SOCKADDR_IN6_SCOPE_ID);
                InetAddress ia = scope != 0 && !isV4Mapped(a)
                        ? Inet6Address.getByAddress(null, a, scope) : InetAddress.getByAddress(a);
                return new InetSocketAddress(ia, port(b, off + SOCKADDR_IN6_PORT));
            }
            if (af == AF_UNIX) {
                int max = Math.min(len, SOCKADDR_UN_SIZE) - SOCKADDR_UN_PATH;
                int n = 0;
                while (n < max && b.get(off + SOCKADDR_UN_PATH + n) != 0) {
                    n++;
                }
                byte[] path = new byte[n];
                for (int i = 0; i < n; i++) {
                    path[i] = b.get(off + SOCKADDR_UN_PATH + i);
                }
                return UnixDomainSocketAddress.of(new String(path, StandardCharsets.UTF_8));
            }
        } catch (UnknownHostException e) {
            throw new SocketException("bad address from Winsock: " + e.getMessage());
        }
        return null;
    }

    /** The wildcard address with port 0 of {@code family}, as an unbound socket's local address. */
    static SocketAddress unbound(Family family) throws SocketException {
        try {
            if (family == Family.INET) {
                return new InetSocketAddress(InetAddress.getByAddress(new byte[4]), 0);
            }
            if (family == Family.INET6) {
                return new InetSocketAddress(InetAddress.getByAddress(new byte[16]), 0);
            }
        } catch (UnknownHostException e) {
            throw new SocketException(e.getMessage());
        }
        if (family == Family.UNIX) {
            return UnixDomainSocketAddress.of("");
        }
        if (family == Family.BLUETOOTH) {
            return BluetoothAddress.any();
        }
        return null;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static int port(ByteBuffer b, int at) {
        return Short.reverseBytes(b.getShort(at)) & 0xffff;
    }

    private static boolean isZero(byte[] a) {
        for (byte x : a) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
