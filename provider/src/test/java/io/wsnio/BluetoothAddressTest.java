package io.wsnio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The public Bluetooth address: parsing, formatting and ranges, in pure Java. */
class BluetoothAddressTest {

    @Test
    void parsesAndFormatsMostSignificantByteFirst() {
        BluetoothAddress a = BluetoothAddress.of("01:23:45:67:89:ab", 3);
        assertEquals(0x0123456789abL, a.device());
        assertEquals(3, a.channel());
        assertEquals("01:23:45:67:89:AB", a.deviceString());
        assertEquals("01:23:45:67:89:AB channel 3", a.toString());
        assertEquals(a, BluetoothAddress.of(0x0123456789abL, 3));
        assertEquals(a.hashCode(), BluetoothAddress.of(0x0123456789abL, 3).hashCode());
        assertNotEquals(a, BluetoothAddress.of(0x0123456789abL, 4));
        assertEquals("FF:FF:FF:FF:FF:FF", BluetoothAddress.formatDevice(BluetoothAddress.MAX_DEVICE));
        assertEquals("00:00:00:00:00:0A", BluetoothAddress.formatDevice(10));
        assertEquals(BluetoothAddress.MAX_DEVICE, BluetoothAddress.parseDevice("FF:FF:FF:FF:FF:FF"));
    }

    @Test
    void anyIsDeviceZeroChannelZero() {
        assertSame(BluetoothAddress.any(), BluetoothAddress.of(0, 0));
        assertEquals("00:00:00:00:00:00 channel 0", BluetoothAddress.any().toString());
    }

    @Test
    void malformedDevicesAreRefusedByName() {
        for (String bad : new String[] {"01:23:45:67:89", "01:23:45:67:89:AB:CD", "01-23-45-67-89-AB", "0123456789AB",
                "01:23:45:67:89:AG", " 1:23:45:67:89:AB", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BluetoothAddress.of(bad, 1), bad);
            assertTrue(e.getMessage().contains("XX:XX:XX:XX:XX:XX") && e.getMessage().endsWith(bad), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> BluetoothAddress.of((String) null, 1));
    }

    @Test
    void devicesAre48BitsAndChannelsUpTo30() {
        assertEquals(30, BluetoothAddress.of(1, 30).channel());
        for (int ch : new int[] {-1, 31, 255}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BluetoothAddress.of(1, ch));
            assertTrue(e.getMessage().contains("RFCOMM channel") && e.getMessage().contains("" + ch), e.getMessage());
        }
        for (long dev : new long[] {-1, BluetoothAddress.MAX_DEVICE + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BluetoothAddress.of(dev, 1));
            assertTrue(e.getMessage().contains("48 bits"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> BluetoothAddress.formatDevice(dev));
        }
    }
}
