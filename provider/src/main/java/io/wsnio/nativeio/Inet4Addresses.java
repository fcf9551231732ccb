package io.wsnio.nativeio;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IPv4 addresses to and from the int a sockaddr_in carries (network order read as a big-endian
 * int), without the byte arrays {@link InetAddress#getAddress} and {@link InetAddress#getByAddress}
 * would allocate per call: every accept and every datagram's source goes through here.
 */
public final class Inet4Addresses {
    /**
     * {@link Inet4Address#hashCode} is the address as that int in every JDK since 1.0, but the
     * specification does not say so: it is used only when it holds for addresses checked here.
     */
    private static final boolean HASH_IS_ADDRESS = hashIsAddress();

    /** A per-thread 4-byte array for {@link InetAddress#getByAddress}, which copies it. */
    private static final ThreadLocal<byte[]> BYTES = ThreadLocal.withInitial(() -> new byte[4]);

    private Inet4Addresses() { }

    private static boolean hashIsAddress() {
        try {
            for (int bits : new int[] {0x7f000001, 0xc0a80101, 0xffffffff, 0, 0x80000000}) {
                if (InetAddress.getByAddress(toBytes(bits, new byte[4])).hashCode() != bits) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static byte[] toBytes(int bits, byte[] a) {
        a[0] = (byte) (bits >>> 24);
        a[1] = (byte) (bits >>> 16);
        a[2] = (byte) (bits >>> 8);
        a[3] = (byte) bits;
        return a;
    }

    /** The address as the int a sockaddr_in carries, most significant byte first. */
    public static int bits(Inet4Address address) {
        if (HASH_IS_ADDRESS) {
            return address.hashCode();
        }
        byte[] a = address.getAddress();
        return (a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | (a[3] & 0xff);
    }

    /** A new {@link Inet4Address} (no host name) of {@code bits}. */
    public static Inet4Address of(int bits) {
        try {
            return (Inet4Address) InetAddress.getByAddress(toBytes(bits, BYTES.get()));
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are always an IPv4 address", e);
        }
    }
}
