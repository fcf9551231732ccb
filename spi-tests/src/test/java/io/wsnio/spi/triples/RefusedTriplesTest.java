package io.wsnio.spi.triples;

import static io.wsnio.spi.triples.Triples.WSNIO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.ProtocolCatalog;
import io.wsnio.SocketCreationException;
import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.SocketSpec.Protocol;
import io.wsnio.SocketSpec.Type;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each seed triple this Linux refuses: the exception names the triple, the symbolic error and why,
 * never a bare errno. A kernel that has the protocol aborts the case with that as the reason.
 */
class RefusedTriplesTest {

    private static SocketSpec spec(String family, String type, String protocol) {
        if (family.startsWith("native:")) {
            String[] n = family.substring(7).split("/");
            return SocketSpec.nativeTriple(Integer.parseInt(n[0]), Integer.parseInt(n[1]), Integer.parseInt(n[2]));
        }
        return SocketSpec.of(Family.valueOf(family), Type.valueOf(type), Protocol.valueOf(protocol));
    }

    private static Closeable open(SocketSpec spec) throws IOException {
        return spec.isConnectionOriented() ? WSNIO.openSocketChannel(spec) : WSNIO.openDatagramChannel(spec);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        // family,     type,      protocol, triple as printed,           error,            why
        "INET,         STREAM,    SCTP,     '(INET, STREAM, SCTP)',      EPROTONOSUPPORT,  the sctp module",
        "INET6,        STREAM,    SCTP,     '(INET6, STREAM, SCTP)',     EPROTONOSUPPORT,  the sctp module",
        "INET,         SEQPACKET, SCTP,     '(INET, SEQPACKET, SCTP)',   ESOCKTNOSUPPORT,  the sctp module",
        "TIPC,         RDM,       DEFAULT,  '(TIPC, RDM, DEFAULT)',      EAFNOSUPPORT,     the tipc module",
        "TIPC,         SEQPACKET, DEFAULT,  '(TIPC, SEQPACKET, DEFAULT)', EAFNOSUPPORT,    the tipc module",
        "INET,         RDM,       PGM,      '(INET, RDM, PGM)',          ESOCKTNOSUPPORT,  only on Windows",
        "IPX,          DGRAM,     DEFAULT,  '(IPX, DGRAM, DEFAULT)',     EAFNOSUPPORT,     IPX",
        "NETBIOS,      DGRAM,     DEFAULT,  '(NETBIOS, DGRAM, DEFAULT)', EAFNOSUPPORT,     does not exist on Linux",
        "IRDA,         STREAM,    DEFAULT,  '(IRDA, STREAM, DEFAULT)',   EAFNOSUPPORT,     does not exist on Linux",
        "native:2/6/33, ,         ,         'native(2, 6, 33)',             ESOCKTNOSUPPORT,  the dccp module",
        "native:21/5/0, ,         ,         'native(21, SEQPACKET, 0)',  EAFNOSUPPORT,     the rds module",
    })
    void refusalNamesTheTripleTheErrorAndWhy(String family, String type, String protocol, String printed,
            String error, String why) throws Exception {
        Triples.assumeLinux();
        SocketSpec spec = spec(family, type, protocol);
        SocketCreationException e;
        try (Closeable c = open(spec)) {
            Assumptions.abort("this kernel accepts " + spec + ": nothing refused to check");
            return;
        } catch (SocketCreationException refused) {
            e = refused;
        }
        String m = e.getMessage();
        assertEquals(spec, e.spec());
        assertEquals(error, e.errorName(), m);
        assertTrue(m.startsWith("socket "), m);
        assertTrue(m.contains(printed), "names the triple " + printed + ": " + m);
        assertTrue(m.contains(error + " ("), "names the error symbolically: " + m);
        assertTrue(m.contains(why), "says why (" + why + "): " + m);
        assertFalse(m.matches(".*errno \\d+.*"), "never a bare errno: " + m);
    }

    @Test
    void catalogProbesAcceptedAndRefusedTriples() throws Exception {
        Triples.assumeLinux();
        List<ProtocolCatalog.Entry> entries = ProtocolCatalog.current();
        assertEquals(ProtocolCatalog.seeds().size(), entries.size(), "one entry per seed on Linux");
        ProtocolCatalog.Entry tcp = entries.get(0);
        assertEquals("TCP/IPv4", tcp.name());
        assertTrue(tcp.accepted(), tcp.toString());
        assertEquals(ProtocolCatalog.Source.PROBED, tcp.source());
        for (ProtocolCatalog.Entry e : entries) {
            assertEquals(e.accepted(), e.errorName() == null, e.toString());
            if (!e.accepted()) {
                assertTrue(e.message().contains(e.spec().toString()) && e.message().contains(e.errorName()), e.toString());
            }
            if (e.spec().equals(SocketSpec.UNIX_SEQPACKET) || e.spec().equals(SocketSpec.UDP_V4)) {
                assertTrue(e.accepted(), e.toString());
            }
            if (e.spec().family() == Family.NETBIOS) {
                assertFalse(e.accepted(), "NetBIOS has no Linux family: " + e);
            }
        }
    }
}
