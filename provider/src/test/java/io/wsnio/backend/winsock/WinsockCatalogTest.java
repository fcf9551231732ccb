package io.wsnio.backend.winsock;

import static io.wsnio.backend.winsock.WinsockAbi.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.ProtocolCatalog;
import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.SocketSpec.Type;
import org.junit.jupiter.api.Test;

/**
 * The Winsock catalog tells the truth: a raw entry of WSAEnumProtocolsW is what socket() says of it
 * (refused with WSAEACCES and "needs Administrator" in a process without elevation), and every entry
 * shows Winsock's numbers. Pure Java with a stand-in for socket(), so it runs on every lane; the
 * Wine lane's catalog (no raw entries) is checked by WinsockNetTest.
 */
class WinsockCatalogTest {

    private static final WinsockHints.SocketProbe NEVER = spec -> {
        throw new AssertionError("only raw entries are probed: " + spec);
    };

    @Test
    void rawEntryWithoutElevationIsRefusedAsNeedingAdministrator() {
        ProtocolCatalog.Entry e = WinsockHints.catalogEntry("MSAFD Tcpip [RAW/IP]", AF_INET, SOCK_RAW, 0, spec -> WSAEACCES);
        assertFalse(e.accepted(), e.toString());
        assertEquals("WSAEACCES", e.errorName());
        assertTrue(e.message().contains("Administrator"), e.message());
        assertEquals(ProtocolCatalog.Source.OS_CATALOG, e.source());
        assertEquals("socket(AF_INET 2, SOCK_RAW 3, 0)", e.nativeCall());
        assertTrue(e.toString().contains("socket(AF_INET 2, SOCK_RAW 3, 0)"), e.toString());
    }

    @Test
    void rawEntryThatOpensIsAccepted() {
        ProtocolCatalog.Entry e = WinsockHints.catalogEntry("MSAFD Tcpip [RAW/IPv6]", AF_INET6, SOCK_RAW, 0, spec -> 0);
        assertTrue(e.accepted(), e.toString());
        assertNull(e.errorName());
        assertEquals(SocketSpec.of(Family.INET6, Type.RAW, 0), e.spec());
        assertEquals("socket(AF_INET6 23, SOCK_RAW 3, 0)", e.nativeCall());
    }

    @Test
    void otherEntriesAreListedWithTheirNumbersWithoutProbing() {
        ProtocolCatalog.Entry tcp = WinsockHints.catalogEntry("MSAFD Tcpip [TCP/IPv6]", AF_INET6, SOCK_STREAM, 6, NEVER);
        assertTrue(tcp.accepted());
        assertEquals(SocketSpec.TCP_V6, tcp.spec());
        assertEquals("socket(AF_INET6 23, SOCK_STREAM 1, IPPROTO_TCP 6)", tcp.nativeCall());
        ProtocolCatalog.Entry odd = WinsockHints.catalogEntry("Hyper-V RAW", 34, SOCK_STREAM, 1, NEVER);
        assertEquals(SocketSpec.nativeTriple(34, 1, 1), odd.spec());
        assertEquals("socket(34, SOCK_STREAM 1, IPPROTO_ICMP 1)", odd.nativeCall());
    }

    @Test
    void netbiosEntriesKeepTheirLanAdapterProtocols() {
        ProtocolCatalog.Entry e = WinsockHints.catalogEntry("MSAFD NetBIOS [\\Device\\NetBT_Tcpip_{X}] DATAGRAM 1",
                AF_NETBIOS, SOCK_DGRAM, -1, NEVER);
        assertTrue(e.accepted());
        assertEquals(SocketSpec.of(Family.NETBIOS, Type.DGRAM, -1), e.spec());
        assertEquals("socket(AF_NETBIOS 17, SOCK_DGRAM 2, -1 (LAN adapter 1))", e.nativeCall());
    }
}
