package io.wsnio.nativeio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The sockaddr_in int of an IPv4 address, both ways, for addresses with and without the high bit. */
class Inet4AddressesTest {

    @Test
    void bitsAndAddressesRoundTripInNetworkOrder() throws Exception {
        String[] addresses = {"0.0.0.0", "127.0.0.1", "10.1.2.3", "192.168.1.254", "224.0.0.251", "255.255.255.255",
            "128.0.0.0", "1.2.3.4"};
        for (String text : addresses) {
            Inet4Address a = (Inet4Address) InetAddress.getByName(text);
            byte[] b = a.getAddress();
            int expected = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
            assertEquals(expected, Inet4Addresses.bits(a), text);
            Inet4Address back = Inet4Addresses.of(expected);
            assertEquals(a, back, text);
            assertArrayEquals(b, back.getAddress(), text);
            assertEquals("/" + text, back.toString(), "no host name: " + text);
        }
    }

    @Test
    void eachDecodeIsANewAddressObject() {
        // shared objects would share a reverse lookup's cached host name between connections
        assertNotSame(Inet4Addresses.of(0x7f000001), Inet4Addresses.of(0x7f000001));
    }
}
