package io.wsnio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.SocketSpec.Family;
import io.wsnio.SocketSpec.Type;
import org.junit.jupiter.api.Test;

/** Triples as the Winsock reference writes them, including the rows with unusual numbers. */
class SocketSpecTest {

    @Test
    void netbiosTakesMinusTheLanAdapterNumberAsItsProtocol() {
        SocketSpec lana1 = SocketSpec.of(Family.NETBIOS, Type.DGRAM, -1);
        assertEquals(-1, lana1.protocolValue());
        assertEquals("(NETBIOS, DGRAM, -1)", lana1.toString());
        assertEquals(-3, SocketSpec.of(Family.NETBIOS, Type.SEQPACKET, -3).protocolValue());
        assertEquals(-1, SocketSpec.nativeTriple(17, 2, -1).protocolValue(), "a native triple leaves the number to the OS");
    }

    @Test
    void negativeProtocolsOutsideNetbiosAreRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SocketSpec.of(Family.INET, Type.DGRAM, -1));
        assertTrue(e.getMessage().contains("(INET, DGRAM, -1)") && e.getMessage().contains("NETBIOS"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SocketSpec.nativeTriple(-1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> SocketSpec.nativeTriple(2, -1, 0));
    }

    @Test
    void rfcommIsNamedOnlyInTheBluetoothFamily() {
        SocketSpec rfcomm = SocketSpec.of(Family.BLUETOOTH, Type.STREAM, SocketSpec.Protocol.RFCOMM);
        assertEquals(3, rfcomm.protocolValue());
        assertEquals("(BLUETOOTH, STREAM, RFCOMM)", rfcomm.toString());
        assertEquals(rfcomm, SocketSpec.of(Family.BLUETOOTH, Type.STREAM, 3));
        assertEquals("(BLUETOOTH, STREAM, RFCOMM)", SocketSpec.of(Family.BLUETOOTH, Type.STREAM, 3).toString());
        // 3 in an IP family is IPPROTO_GGP, not RFCOMM
        assertEquals("(INET, RAW, 3)", SocketSpec.of(Family.INET, Type.RAW, 3).toString());
    }
}
