package io.wsnio.backend.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every error of the {@code socket()} reference's table (and the two it names elsewhere) has its C
 * name, its number and a description of its own. Pure Java: runs on every lane.
 */
class WinsockErrorsTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "WSANOTINITIALISED,      10093",
        "WSAENETDOWN,            10050",
        "WSAEAFNOSUPPORT,        10047",
        "WSAEINPROGRESS,         10036",
        "WSAEMFILE,              10024",
        "WSAEINVAL,              10022",
        "WSAEINVALIDPROVIDER,    10105",
        "WSAEINVALIDPROCTABLE,   10104",
        "WSAENOBUFS,             10055",
        "WSAEPROTONOSUPPORT,     10043",
        "WSAEPROTOTYPE,          10041",
        "WSAEPROVIDERFAILEDINIT, 10106",
        "WSAESOCKTNOSUPPORT,     10044",
        "WSAEACCES,              10013",  // raw sockets without Administrator
        "WSAETIMEDOUT,           10060",  // a reliable connection that cannot deliver
    })
    void referenceErrorsHaveTheirNames(String name, int code) {
        assertEquals(name, WinsockErrors.name(code));
        String d = WinsockErrors.description(code);
        assertFalse(d.startsWith("Winsock error"), name + " has no description: " + d);
    }

    @Test
    void unknownCodesStayNumeric() {
        assertEquals("WSA10199", WinsockErrors.name(10199));
        assertEquals("WSA_OPERATION_ABORTED", WinsockErrors.name(995));
    }
}
