package io.wsnio.backend.posix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.BluetoothAddress;
import io.wsnio.SocketSpec.Family;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Linux's {@code struct sockaddr_rc} both ways, in pure Java (every lane): family 31, the device
 * address least significant byte first (bdaddr_t), the channel. LinuxAbiTest checks the layout and
 * the byte order against BlueZ's headers and str2ba.
 */
class RfcommAddressTest {
    private final ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());

    private byte[] bytes(int off, int len) {
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = b.get(off + i);
        }
        return out;
    }

    @Test
    void encodesTheDeviceLeastSignificantByteFirst() throws Exception {
        for (int i = 0; i < 256; i++) {
            b.put(i, (byte) 0x5a); // whatever was there before
        }
        BluetoothAddress a = BluetoothAddress.of("01:23:45:67:89:AB", 7);
        assertEquals(10, SockAddrs.encode(b, 8, Family.BLUETOOTH, a));
        byte[] family = ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort((short) 31).array();
        assertArrayEquals(new byte[] {family[0], family[1], (byte) 0xab, (byte) 0x89, 0x67, 0x45, 0x23, 0x01, 7, 0}, bytes(8, 10));
        assertEquals(a, SockAddrs.decode(b, 8, 10));
        assertEquals(BluetoothAddress.any(), SockAddrs.decode(b, 100, SockAddrs.encode(b, 100, Family.BLUETOOTH, BluetoothAddress.any())));
    }

    @Test
    void refusesWhatNoRfcommSocketHas() throws Exception {
        BluetoothAddress a = BluetoothAddress.of("01:23:45:67:89:AB", 30);
        SocketException wrongFamily = assertThrows(SocketException.class, () -> SockAddrs.encode(b, 0, Family.INET, a));
        assertTrue(wrongFamily.getMessage().contains("INET"), wrongFamily.getMessage());
        SockAddrs.encode(b, 0, Family.BLUETOOTH, a);
        b.put(LinuxAbi.SOCKADDR_RC_CHANNEL, (byte) 31);
        SocketException channel = assertThrows(SocketException.class, () -> SockAddrs.decode(b, 0, 10));
        assertTrue(channel.getMessage().contains("channel 31"), channel.getMessage());
        SocketException shortOne = assertThrows(SocketException.class, () -> SockAddrs.decodeRfcomm(b, 0, 8));
        assertTrue(shortOne.getMessage().contains("8 bytes"), shortOne.getMessage());
    }

    @Test
    void otherBluetoothProtocolsAddressesAreNotReadAsRfcomm() throws Exception {
        // an L2CAP socket's sockaddr_l2 (14 bytes) and a SCO one's (8) carry family 31 too
        SockAddrs.encode(b, 0, Family.BLUETOOTH, BluetoothAddress.of("01:23:45:67:89:AB", 30));
        b.put(LinuxAbi.SOCKADDR_RC_CHANNEL, (byte) 0x80); // what a PSM's byte would look like there
        assertNull(SockAddrs.decode(b, 0, 14));
        assertNull(SockAddrs.decode(b, 0, 8));
    }
}
