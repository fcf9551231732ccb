package io.wsnio.backend.posix;

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
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;

/**
 * Encodes and decodes Linux {@code sockaddr_in}, {@code sockaddr_in6}, {@code sockaddr_un} and
 * {@code sockaddr_rc} (Bluetooth RFCOMM).
 */
final class SockAddrs {
    private SockAddrs() { }

    /**
     * The charset of file names in this JVM ({@code sun.jnu.encoding}), which the JDK's file
     * system (and so its UNIX-domain sockets) uses for path bytes; UTF-8 if unset or unknown.
     */
    static final Charset PATH_CHARSET = pathCharset();

    private static Charset pathCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** A peer's or source's UNIX-domain path whose bytes this JVM cannot represent as a Path. */
    static final class UnrepresentablePathException extends SocketException {
        private static final long serialVersionUID = 1L;

        UnrepresentablePathException(String message) {
            super(message);
        }
    }

    /**
     * Writes {@code address} as a sockaddr for a socket of {@code family} at {@code off}; returns
     * its length. An IPv4 address on an IPv6 socket becomes v4-mapped.
     */
    static int encode(ByteBuffer b, int off, Family family, SocketAddress address) throws SocketException {
        for (int i = 0; i < LinuxAbi.SOCKADDR_STORAGE_SIZE; i += 8) {
            b.putLong(off + i, 0L);
        }
        if (address instanceof InetSocketAddress) {
            InetSocketAddress isa = (InetSocketAddress) address;
            InetAddress ia = isa.getAddress();
            if (ia == null) {
                throw new SocketException("unresolved address: " + isa);
            }
            int port = isa.getPort();
            if (family == Family.INET6) {
                b.putShort(off, (short) LinuxAbi.AF_INET6);
                b.order(ByteOrder.BIG_ENDIAN).putShort(off + 2, (short) port).order(ByteOrder.nativeOrder());
                if (ia instanceof Inet6Address a6) {
                    // a repeated target (a send loop) is copied from this thread's last encode, not
                    // from a new array of getAddress()
                    byte[] a = Inet6Memo.get().bytesOf(a6);
                    for (int i = 0; i < 16; i++) {
                        b.put(off + 8 + i, a[i]);
                    }
                    b.putInt(off + 24, a6.getScopeId());
                    return LinuxAbi.SOCKADDR_IN6_SIZE;
                }
                int v4 = Inet4Addresses.bits((Inet4Address) ia);
                if (v4 != 0) {
                    // an IPv4 address on an IPv6 socket is v4-mapped; the IPv4 wildcard becomes :: (as
                    // the JDK does), so a dual-stack socket bound to 0.0.0.0 still takes IPv6
                    b.put(off + 8 + 10, (byte) 0xff).put(off + 8 + 11, (byte) 0xff);
                    b.order(ByteOrder.BIG_ENDIAN).putInt(off + 8 + 12, v4).order(ByteOrder.nativeOrder());
                }
                return LinuxAbi.SOCKADDR_IN6_SIZE;
            }
            if (family == Family.INET) {
                if (!(ia instanceof Inet4Address)) {
                    throw new SocketException("IPv6 address on an IPv4 socket: " + isa);
                }
                b.putShort(off, (short) LinuxAbi.AF_INET);
                b.order(ByteOrder.BIG_ENDIAN).putShort(off + 2, (short) port)
                        .putInt(off + 4, Inet4Addresses.bits((Inet4Address) ia)).order(ByteOrder.nativeOrder());
                return LinuxAbi.SOCKADDR_IN_SIZE;
            }
            throw new SocketException("an internet address on a " + family + " socket: " + isa);
        }
        if (address instanceof UnixDomainSocketAddress) {
            if (family != Family.UNIX) {
                throw new SocketException("a UNIX-domain address on a " + family + " socket: " + address);
            }
            byte[] path = pathBytes((UnixDomainSocketAddress) address);
            if (path.length >= LinuxAbi.UNIX_PATH_MAX) {
                throw new SocketException("UNIX-domain path too long (" + path.length + " bytes, at most "
                        + (LinuxAbi.UNIX_PATH_MAX - 1) + "): " + address);
            }
            b.putShort(off, (short) LinuxAbi.AF_UNIX);
            for (int i = 0; i < path.length; i++) {
                b.put(off + 2 + i, path[i]);
            }
            return path.length == 0 ? 2 : 2 + path.length + 1;
        }
        if (address instanceof BluetoothAddress) {
            if (family != Family.BLUETOOTH) {
                throw new SocketException("a Bluetooth address on a " + family + " socket: " + address);
            }
            return encodeRfcomm(b, off, (BluetoothAddress) address);
        }
        throw new SocketException("unsupported address type " + address.getClass().getName());
    }

    /** struct sockaddr_rc: rc_family, rc_bdaddr (least significant byte first, as bdaddr_t is), rc_channel. */
    static int encodeRfcomm(ByteBuffer b, int off, BluetoothAddress address) {
        for (int i = 0; i < LinuxAbi.SOCKADDR_RC_SIZE; i++) {
            b.put(off + i, (byte) 0);
        }
        b.putShort(off + LinuxAbi.SOCKADDR_RC_FAMILY, (short) LinuxAbi.AF_BLUETOOTH);
        long device = address.device();
        for (int i = 0; i < 6; i++) {
            b.put(off + LinuxAbi.SOCKADDR_RC_BDADDR + i, (byte) (device >>> (8 * i)));
        }
        b.put(off + LinuxAbi.SOCKADDR_RC_CHANNEL, (byte) address.channel());
        return LinuxAbi.SOCKADDR_RC_SIZE;
    }

    /** A sockaddr_rc of {@code len} bytes at {@code off}; SocketException for one no RFCOMM socket has. */
    static BluetoothAddress decodeRfcomm(ByteBuffer b, int off, int len) throws SocketException {
        if (len < LinuxAbi.SOCKADDR_RC_CHANNEL + 1) {
            throw new SocketException("sockaddr_rc of " + len + " bytes from the kernel (" + LinuxAbi.SOCKADDR_RC_SIZE + " expected)");
        }
        long device = 0;
        for (int i = 5; i >= 0; i--) {
            device = (device << 8) | (b.get(off + LinuxAbi.SOCKADDR_RC_BDADDR + i) & 0xff);
        }
        int channel = b.get(off + LinuxAbi.SOCKADDR_RC_CHANNEL) & 0xff;
        if (channel > BluetoothAddress.MAX_CHANNEL) {
            throw new SocketException("sockaddr_rc from the kernel has RFCOMM channel " + channel
                    + " (at most " + BluetoothAddress.MAX_CHANNEL + ")");
        }
        return BluetoothAddress.of(device, channel);
    }

    /**
     * Whether the sockaddr of {@code len} bytes at {@code off} is the source {@code address}, read
     * without allocating: an IPv4 one (plain or v4-mapped) by its address and port, an IPv6 one when
     * {@code address} is this thread's last IPv6 decode ({@link #decodeSource}) and the bytes, scope
     * and port are the same.
     */
    static boolean isSameInet(ByteBuffer b, int off, int len, SocketAddress address) {
        if (!(address instanceof InetSocketAddress isa) || len < 2) {
            return false;
        }
        int af = b.getShort(off) & 0xffff;
        if (isa.getAddress() instanceof Inet4Address a4) {
            int at;
            if (af == LinuxAbi.AF_INET && len >= LinuxAbi.SOCKADDR_IN_SIZE) {
                at = off + 4;
            } else if (af == LinuxAbi.AF_INET6 && len >= LinuxAbi.SOCKADDR_IN6_SIZE && isV4Mapped(b, off + 8)) {
                at = off + 8 + 12;
            } else {
                return false;
            }
            return port(b, off) == isa.getPort() && bigEndianInt(b, at) == Inet4Addresses.bits(a4);
        }
        return af == LinuxAbi.AF_INET6 && len >= LinuxAbi.SOCKADDR_IN6_SIZE && Inet6Memo.get().matches(b, off, isa);
    }

    /**
     * The IPv6 source this thread decoded last, with its raw sockaddr_in6 address and scope: an
     * {@code Inet6Address} gives its bytes only as a new array, so a repeated IPv6 sender is
     * recognised by identity with that decode and the raw bytes.
     */
    private static final class Inet6Memo {
        private static final ThreadLocal<Inet6Memo> LOCAL = ThreadLocal.withInitial(Inet6Memo::new);
        private final byte[] raw = new byte[16];
        private int scope;
        private SocketAddress address;

        static Inet6Memo get() {
            return LOCAL.get();
        }

        boolean matches(ByteBuffer b, int off, InetSocketAddress candidate) {
            if (candidate != address || b.getInt(off + 24) != scope || port(b, off) != candidate.getPort()) {
                return false;
            }
            for (int i = 0; i < 16; i++) {
                if (raw[i] != b.get(off + 8 + i)) {
                    return false;
                }
            }
            return true;
        }

        private Inet6Address encoded;                 // the address whose bytes encodedBytes holds
        private byte[] encodedBytes;

        /** The 16 bytes of {@code a}, from this thread's last encode when it was the same object. */
        byte[] bytesOf(Inet6Address a) {
            if (a != encoded) {
                encodedBytes = a.getAddress();
                encoded = a;
            }
            return encodedBytes;
        }

        void remember(ByteBuffer b, int off, SocketAddress decoded) {
            for (int i = 0; i < 16; i++) {
                raw[i] = b.get(off + 8 + i);
            }
            scope = b.getInt(off + 24);
            address = decoded;
        }
    }

    /** {@link #decode}, remembering an IPv6 source for {@link #isSameInet}. */
    static SocketAddress decodeSource(ByteBuffer b, int off, int len) throws SocketException {
        SocketAddress a = decode(b, off, len);
        if (a instanceof InetSocketAddress isa && isa.getAddress() instanceof Inet6Address) {
            Inet6Memo.get().remember(b, off, a);
        }
        return a;
    }

    /** Reads a sockaddr of {@code len} bytes at {@code off}; null for an empty or unknown one. */
    static SocketAddress decode(ByteBuffer b, int off, int len) throws SocketException {
        if (len < 2) {
            return null;
        }
        int af = b.getShort(off) & 0xffff;
        if (af == LinuxAbi.AF_BLUETOOTH) {
            // the kernel reports each Bluetooth protocol's own sockaddr (sockaddr_l2 14 bytes,
            // sockaddr_sco 8, sockaddr_hci 6): only sockaddr_rc's length is RFCOMM's
            return len == LinuxAbi.SOCKADDR_RC_SIZE ? decodeRfcomm(b, off, len) : null;
        }
        try {
            if (af == LinuxAbi.AF_INET && len >= LinuxAbi.SOCKADDR_IN_SIZE) {
                return new InetSocketAddress(Inet4Addresses.of(bigEndianInt(b, off + 4)), port(b, off));
            }
            if (af == LinuxAbi.AF_INET6 && len >= LinuxAbi.SOCKADDR_IN6_SIZE && isV4Mapped(b, off + 8)) {
                // ::ffff:a.b.c.d, what a dual-stack socket reports for an IPv4 peer: the JDK's
                // InetAddress.getByAddress would give the same Inet4Address from 16 bytes
                return new InetSocketAddress(Inet4Addresses.of(bigEndianInt(b, off + 8 + 12)), port(b, off));
            }
            if (af == LinuxAbi.AF_INET6 && len >= LinuxAbi.SOCKADDR_IN6_SIZE) {
                byte[] a = new byte[16];
                for (int i = 0; i < 16; i++) {
                    a[i] = b.get(off + 8 + i);
                }
                int scope = b.getInt(off + 24);
                InetAddress ia = scope != 0 && !isV4Mapped(a)
                        ? Inet6Address.getByAddress(null, a, scope) : InetAddress.getByAddress(a);
                return new InetSocketAddress(ia, port(b, off));
            }
        } catch (UnknownHostException e) {
            throw new SocketException("malformed socket address: " + e.getMessage());
        }
        if (af == LinuxAbi.AF_UNIX) {
            int n = Math.min(len - 2, LinuxAbi.UNIX_PATH_MAX);
            int end = 0;
            while (end < n && b.get(off + 2 + end) != 0) {
                end++;
            }
            byte[] path = new byte[end];
            for (int i = 0; i < end; i++) {
                path[i] = b.get(off + 2 + i);
            }
            return unixAddress(path);
        }
        return null;
    }

    private static byte[] pathBytes(UnixDomainSocketAddress address) throws SocketException {
        try {
            ByteBuffer bytes = PATH_CHARSET.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(address.getPath().toString()));
            byte[] a = new byte[bytes.remaining()];
            bytes.get(a);
            return a;
        } catch (CharacterCodingException e) {
            throw new SocketException("UNIX-domain path not representable in sun.jnu.encoding "
                    + PATH_CHARSET.name() + ": " + address);
        }
    }

    private static UnixDomainSocketAddress unixAddress(byte[] path) throws UnrepresentablePathException {
        try {
            String s = PATH_CHARSET.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(path)).toString();
            return UnixDomainSocketAddress.of(s);
        } catch (CharacterCodingException | InvalidPathException e) {
            StringBuilder hex = new StringBuilder();
            for (byte x : path) {
                hex.append(String.format("%02x", x & 0xff));
            }
            throw new UnrepresentablePathException("UNIX-domain path not representable in sun.jnu.encoding "
                    + PATH_CHARSET.name() + " (bytes " + hex + ")");
        }
    }

    /** The 4 bytes at {@code off} in network order, as an IPv4 address's int. */
    private static int bigEndianInt(ByteBuffer b, int off) {
        return (b.get(off) & 0xff) << 24 | (b.get(off + 1) & 0xff) << 16 | (b.get(off + 2) & 0xff) << 8
                | (b.get(off + 3) & 0xff);
    }

    private static int port(ByteBuffer b, int off) {
        return ((b.get(off + 2) & 0xff) << 8) | (b.get(off + 3) & 0xff);
    }

    private static boolean isV4Mapped(ByteBuffer b, int at) {
        for (int i = 0; i < 10; i++) {
            if (b.get(at + i) != 0) {
                return false;
            }
        }
        return (b.get(at + 10) & 0xff) == 0xff && (b.get(at + 11) & 0xff) == 0xff;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
    }

}
