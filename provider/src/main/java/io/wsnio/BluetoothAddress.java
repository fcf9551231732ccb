package io.wsnio;

import java.net.SocketAddress;
import java.util.Locale;

/**
 * The address of a Bluetooth RFCOMM socket, {@code (BLUETOOTH, STREAM, RFCOMM)}: a 48-bit device
 * address ({@code BD_ADDR}, written {@code 01:23:45:67:89:AB}, most significant byte first) and an
 * RFCOMM channel, 1 to 30, or 0 for "any" (bind picks a free channel: Linux's channel 0, Winsock's
 * {@code BT_PORT_ANY}). Device 00:00:00:00:00:00 is "any adapter" ({@code BDADDR_ANY}) for bind.
 * Encoded as {@code SOCKADDR_BTH} on Windows and {@code struct sockaddr_rc} on Linux; channels
 * of the BLUETOOTH family take and return it in bind, connect, accept and their addresses.
 */
public final class BluetoothAddress extends SocketAddress {
    private static final long serialVersionUID = 1L;

    /** The largest 48-bit device address. */
    public static final long MAX_DEVICE = 0xffff_ffff_ffffL;
    /** The largest RFCOMM channel. */
    public static final int MAX_CHANNEL = 30;

    private static final BluetoothAddress ANY = new BluetoothAddress(0, 0);

    private final long device;
    private final int channel;

    private BluetoothAddress(long device, int channel) {
        this.device = device;
        this.channel = channel;
    }

    /**
     * The address of {@code device} (0 to {@link #MAX_DEVICE}) and {@code channel} (0 to
     * {@link #MAX_CHANNEL}); {@code IllegalArgumentException} for either out of range.
     */
    public static BluetoothAddress of(long device, int channel) {
        if (device < 0 || device > MAX_DEVICE) {
            throw new IllegalArgumentException("Bluetooth device address out of range (48 bits): 0x" + Long.toHexString(device));
        }
        if (channel < 0 || channel > MAX_CHANNEL) {
            throw new IllegalArgumentException("RFCOMM channel out of range (0.." + MAX_CHANNEL + "): " + channel);
        }
        return device == 0 && channel == 0 ? ANY : new BluetoothAddress(device, channel);
    }

    /**
     * The address of the device written {@code XX:XX:XX:XX:XX:XX} (six pairs of hex digits, either
     * case, most significant first) and {@code channel}; {@code IllegalArgumentException} naming what
     * is malformed.
     */
    public static BluetoothAddress of(String device, int channel) {
        return of(parseDevice(device), channel);
    }

    /** Any adapter, any channel: what a bind with a null address means. */
    public static BluetoothAddress any() {
        return ANY;
    }

    /** The 48-bit value of a device address written {@code XX:XX:XX:XX:XX:XX}. */
    public static long parseDevice(String text) {
        if (text == null || text.length() != 17) {
            throw new IllegalArgumentException("not a Bluetooth device address (XX:XX:XX:XX:XX:XX): " + text);
        }
        long v = 0;
        for (int i = 0; i < 6; i++) {
            int at = 3 * i;
            if (i > 0 && text.charAt(at - 1) != ':') {
                throw new IllegalArgumentException("not a Bluetooth device address (XX:XX:XX:XX:XX:XX): " + text);
            }
            int hi = Character.digit(text.charAt(at), 16);
            int lo = Character.digit(text.charAt(at + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not a Bluetooth device address (XX:XX:XX:XX:XX:XX): " + text);
            }
            v = (v << 8) | (hi << 4) | lo;
        }
        return v;
    }

    /** {@code device} written {@code XX:XX:XX:XX:XX:XX}, upper case. */
    public static String formatDevice(long device) {
        if (device < 0 || device > MAX_DEVICE) {
            throw new IllegalArgumentException("Bluetooth device address out of range (48 bits): 0x" + Long.toHexString(device));
        }
        StringBuilder s = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            s.append(String.format(Locale.ROOT, "%02X", (device >>> (8 * i)) & 0xff));
            if (i > 0) {
                s.append(':');
            }
        }
        return s.toString();
    }

    /** The 48-bit device address. */
    public long device() {
        return device;
    }

    /** The RFCOMM channel, 0 for any. */
    public int channel() {
        return channel;
    }

    /** The device address written {@code XX:XX:XX:XX:XX:XX}. */
    public String deviceString() {
        return formatDevice(device);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BluetoothAddress && ((BluetoothAddress) o).device == device && ((BluetoothAddress) o).channel == channel;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(device) * 31 + channel;
    }

    /** {@code 01:23:45:67:89:AB channel 3}. */
    @Override
    public String toString() {
        return deviceString() + " channel " + channel;
    }

    private Object readResolve() {
        return of(device, channel); // a stream cannot bring an address out of range
    }
}
