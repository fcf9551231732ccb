package io.wsnio.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.BluetoothAddress;
import io.wsnio.SocketSpec.Family;
import java.net.InetSocketAddress;
import java.nio.channels.UnsupportedAddressTypeException;
import org.junit.jupiter.api.Test;

/** The channels' address checks for the BLUETOOTH family, before any native call: pure Java. */
class AddressesBluetoothTest {

    @Test
    void bluetoothChannelsTakeBluetoothAddressesOnly() throws Exception {
        BluetoothAddress a = BluetoothAddress.of("01:23:45:67:89:AB", 5);
        assertSame(a, Addresses.checkRemote(a, Family.BLUETOOTH));
        assertSame(a, Addresses.checkLocal(a, Family.BLUETOOTH));
        assertEquals(BluetoothAddress.any(), Addresses.checkLocal(null, Family.BLUETOOTH), "bind(null): any adapter, any channel");
        assertThrows(UnsupportedAddressTypeException.class,
                () -> Addresses.checkRemote(new InetSocketAddress("127.0.0.1", 5), Family.BLUETOOTH));
        assertThrows(UnsupportedAddressTypeException.class,
                () -> Addresses.checkLocal(new InetSocketAddress("127.0.0.1", 5), Family.BLUETOOTH));
        assertThrows(UnsupportedAddressTypeException.class, () -> Addresses.checkRemote(a, Family.INET));
        assertThrows(UnsupportedAddressTypeException.class, () -> Addresses.checkLocal(a, Family.UNIX));
        assertThrows(NullPointerException.class, () -> Addresses.checkRemote(null, Family.BLUETOOTH));
    }

    @Test
    void aBluetoothSocketIsBoundOnceItHasAChannel() {
        assertFalse(Addresses.isBound(BluetoothAddress.any()));
        assertTrue(Addresses.isBound(BluetoothAddress.of(0, 4)));
    }
}
