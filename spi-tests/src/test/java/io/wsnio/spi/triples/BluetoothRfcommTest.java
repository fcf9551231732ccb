package io.wsnio.spi.triples;

import static io.wsnio.spi.triples.Triples.WSNIO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.BluetoothAddress;
import io.wsnio.SocketCreationException;
import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.SocketSpec.Protocol;
import io.wsnio.SocketSpec.Type;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Bluetooth RFCOMM, the reference's (AF_BTH, SOCK_STREAM, BTHPROTO_RFCOMM) and Linux's
 * (AF_BLUETOOTH, SOCK_STREAM, BTPROTO_RFCOMM): a listener binds to any adapter and reports the
 * channel it got as a {@link BluetoothAddress}, a client takes only Bluetooth addresses. Where the
 * machine has no Bluetooth (no adapter, driver or kernel module) socket() is refused and the tests
 * abort with the refusal's message; any other refusal fails. The address codecs are tested without
 * hardware in the provider's tests.
 */
class BluetoothRfcommTest {
    private static final SocketSpec RFCOMM = SocketSpec.of(Family.BLUETOOTH, Type.STREAM, Protocol.RFCOMM);
    /** The refusals of a machine without Bluetooth. */
    private static final Set<String> NO_BLUETOOTH = Set.of("EAFNOSUPPORT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT",
            "WSAEAFNOSUPPORT", "WSAEPROTONOSUPPORT", "WSAESOCKTNOSUPPORT", "WSAEPFNOSUPPORT");

    private static <T> T openOrAbort(Callable<T> open) throws Exception {
        try {
            return open.call();
        } catch (SocketCreationException e) {
            Assumptions.assumeFalse(NO_BLUETOOTH.contains(e.errorName()), () -> "no Bluetooth on this machine: " + e.getMessage());
            throw e;
        }
    }

    @Test
    void aListenerBindsToAnyAdapterAndReportsItsChannel() throws Exception {
        try (ServerSocketChannel listener = openOrAbort(() -> WSNIO.openServerSocketChannel(RFCOMM))) {
            listener.bind(null);
            BluetoothAddress local = assertInstanceOf(BluetoothAddress.class, listener.getLocalAddress());
            assertTrue(local.channel() >= 1 && local.channel() <= BluetoothAddress.MAX_CHANNEL, "channel picked: " + local);
            assertThrows(UnsupportedAddressTypeException.class, () -> {
                try (ServerSocketChannel other = WSNIO.openServerSocketChannel(RFCOMM)) {
                    other.bind(new InetSocketAddress("127.0.0.1", 0));
                }
            });
        }
    }

    @Test
    void aClientTakesOnlyBluetoothAddresses() throws Exception {
        try (SocketChannel client = openOrAbort(() -> WSNIO.openSocketChannel(RFCOMM))) {
            assertEquals(RFCOMM, ((io.wsnio.WsnioChannel) client).spec());
            assertThrows(UnsupportedAddressTypeException.class, () -> client.connect(new InetSocketAddress("127.0.0.1", 1)));
            assertTrue(client.isOpen(), "a refused address type leaves the channel open");
            client.bind(null);
            assertInstanceOf(BluetoothAddress.class, client.getLocalAddress());
        }
    }
}
