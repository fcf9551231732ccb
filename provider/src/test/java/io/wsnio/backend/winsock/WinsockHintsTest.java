package io.wsnio.backend.winsock;

import static io.wsnio.backend.winsock.WinsockAbi.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.SocketCreationException;
import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.SocketSpec.Protocol;
import io.wsnio.SocketSpec.Type;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Why Winsock refused a triple, as the {@code socket()} reference explains each error and family.
 * Pure Java (no ws2_32.dll is loaded), so it runs on every lane.
 */
class WinsockHintsTest {

    private static String hint(SocketSpec spec, int code, String... expected) {
        String h = WinsockHints.socketHint(spec, code);
        assertNotNull(h, spec + " " + WinsockErrors.name(code));
        for (String e : expected) {
            assertTrue(h.contains(e), spec + " " + WinsockErrors.name(code) + ": '" + h + "' lacks '" + e + "'");
        }
        return h;
    }

    private static void noProviderAdvice(String hint) {
        assertFalse(hint.contains("no installed Winsock provider"), "generic advice where the reference is precise: " + hint);
    }

    @Test
    void wrongProtocolForTheTypeNamesTheTypeItGoesWith() {
        noProviderAdvice(hint(SocketSpec.of(Family.INET, Type.DGRAM, Protocol.TCP), WSAEPROTOTYPE,
                "TCP", "SOCK_STREAM", "SOCK_DGRAM"));
        noProviderAdvice(hint(SocketSpec.of(Family.INET6, Type.STREAM, Protocol.UDP), WSAEPROTOTYPE,
                "UDP", "SOCK_DGRAM"));
        hint(SocketSpec.of(Family.INET, Type.STREAM, Protocol.ICMP), WSAEPROTOTYPE, "ICMP", "SOCK_RAW");
        hint(SocketSpec.of(Family.INET, Type.DGRAM, Protocol.PGM), WSAEPROTOTYPE, "113", "SOCK_RDM");
        hint(SocketSpec.of(Family.BLUETOOTH, Type.DGRAM, 3), WSAEPROTOTYPE, "RFCOMM", "SOCK_STREAM");
    }

    @Test
    void unspecifiedFamilyWithoutTypeOrProtocolGetsTheReferencesExplanation() {
        String h = hint(SocketSpec.nativeTriple(0, 0, 0), WSAEINVAL, "AF_UNSPEC", "type", "protocol");
        noProviderAdvice(h);
        hint(SocketSpec.of(Family.UNSPEC, Type.DGRAM, Protocol.UDP), WSAEAFNOSUPPORT, "AF_UNSPEC");
    }

    @Test
    void eachFamilyOfTheReferenceSaysWhatItNeeds() {
        noProviderAdvice(hint(SocketSpec.of(Family.IRDA, Type.STREAM, Protocol.DEFAULT), WSAEPROTONOSUPPORT,
                "infrared port"));
        hint(SocketSpec.of(Family.IRDA, Type.DGRAM, Protocol.DEFAULT), WSAESOCKTNOSUPPORT, "SOCK_STREAM");
        hint(SocketSpec.nativeTriple(AF_IRDA, 1, 0), WSAEAFNOSUPPORT, "infrared port");
        hint(SocketSpec.of(Family.BLUETOOTH, Type.STREAM, 3), WSAEAFNOSUPPORT, "Bluetooth adapter", "driver");
        hint(SocketSpec.of(Family.IPX, Type.DGRAM, Protocol.DEFAULT), WSAEAFNOSUPPORT, "IPX", "Vista");
        hint(SocketSpec.nativeTriple(AF_IPX, 5, 0), WSAEAFNOSUPPORT, "IPX", "Vista");
        hint(SocketSpec.of(Family.APPLETALK, Type.DGRAM, Protocol.DEFAULT), WSAEAFNOSUPPORT, "AppleTalk", "Vista");
        hint(SocketSpec.of(Family.NETBIOS, Type.DGRAM, Protocol.DEFAULT), WSAEAFNOSUPPORT, "32-bit");
        hint(SocketSpec.nativeTriple(AF_NETBIOS, 2, 0), WSAEAFNOSUPPORT, "32-bit");
        hint(SocketSpec.of(Family.UNIX, Type.DGRAM, Protocol.DEFAULT), WSAESOCKTNOSUPPORT, "1803", "SOCK_STREAM");
    }

    @Test
    void pgmMustBeInstalled() {
        hint(SocketSpec.of(Family.INET, Type.RDM, Protocol.PGM), WSAESOCKTNOSUPPORT, "Reliable Multicast", "installed");
        hint(SocketSpec.of(Family.INET, Type.RDM, Protocol.PGM), WSAEPROTONOSUPPORT, "Reliable Multicast");
        hint(SocketSpec.of(Family.INET6, Type.RDM, Protocol.PGM), WSAEAFNOSUPPORT, "AF_INET only");
    }

    @Test
    void brokenProvidersAreNamedAsSuch() {
        hint(SocketSpec.TCP_V4, WSAEPROVIDERFAILEDINIT, "layered service provider", "netsh winsock");
        hint(SocketSpec.TCP_V4, WSAEINVALIDPROVIDER, "2.2");
        hint(SocketSpec.TCP_V4, WSAEINVALIDPROCTABLE, "procedure table");
    }

    @Test
    void rawWithoutElevationNamesAdministrator() {
        hint(SocketSpec.of(Family.INET, Type.RAW, Protocol.ICMP), WSAEACCES, "Administrator");
        hint(SocketSpec.of(Family.INET6, Type.RAW, Protocol.RAW), WSAEACCES, "Administrator");
    }

    @Test
    void everyErrorOfTheReferenceTableHasItsMeaning() {
        hint(SocketSpec.TCP_V4, WSAEINPROGRESS, "blocking Windows Sockets 1.1 call", "callback");
        hint(SocketSpec.TCP_V4, WSANOTINITIALISED, "WSAStartup");
        hint(SocketSpec.TCP_V4, WSAENETDOWN, "service provider");
        hint(SocketSpec.TCP_V4, WSAEMFILE, "socket descriptors");
        hint(SocketSpec.TCP_V4, WSAENOBUFS, "buffer space");
    }

    @Test
    void otherRefusalsPointAtTheCatalog() {
        hint(SocketSpec.nativeTriple(9999, 1, 0), WSAEAFNOSUPPORT, "netsh winsock show catalog");
        hint(SocketSpec.of(Family.INET, Type.SEQPACKET, Protocol.DEFAULT), WSAESOCKTNOSUPPORT, "netsh winsock show catalog");
    }

    @Test
    void theRefusalNamesTheTripleTheErrorAndWinsocksNumbers() {
        IOException e = WinsockErrors.socketRefused(SocketSpec.of(Family.INET, Type.DGRAM, Protocol.TCP), WSAEPROTOTYPE);
        SocketCreationException sce = (SocketCreationException) e;
        assertEquals("WSAEPROTOTYPE", sce.errorName());
        assertEquals(WSAEPROTOTYPE, sce.errorCode());
        String m = e.getMessage();
        assertTrue(m.contains("(INET, DGRAM, TCP)"), m);
        assertTrue(m.contains("AF_INET 2, SOCK_DGRAM 2, IPPROTO_TCP 6"), m);
        assertTrue(m.contains("WSAEPROTOTYPE"), m);
        assertTrue(m.contains("SOCK_STREAM"), m);

        String n = WinsockErrors.socketRefused(SocketSpec.nativeTriple(17, 2, 0), WSAEAFNOSUPPORT).getMessage();
        assertTrue(n.contains("AF_NETBIOS 17, SOCK_DGRAM 2, 0"), n);
        String i6 = WinsockErrors.socketRefused(SocketSpec.of(Family.INET6, Type.RAW, Protocol.ICMPV6), WSAEACCES).getMessage();
        assertTrue(i6.contains("AF_INET6 23, SOCK_RAW 3, IPPROTO_ICMPV6 58"), i6);
    }
}
