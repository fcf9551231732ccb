package io.wsnio.backend.winsock;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compares every constant of {@link WinsockAbi} and {@link AfdAbi} with the value {@code .ci/winsock/probe.c} printed
 * from the mingw-w64 headers (run under Wine by {@code .ci/wine-lane.sh}), both ways: a wrong
 * number, a constant the probe does not print, or a probed name without a constant fails.
 */
class WinsockAbiTest {
    private static Map<String, Long> probe;

    @BeforeAll
    static void readProbe() throws IOException {
        String path = System.getProperty("wsnio.winsock.probe");
        if (path == null || path.isEmpty()) {
            Assumptions.abort("no Winsock probe output: the Wine lane (.ci/wine-lane.sh) runs"
                    + " .ci/winsock/probe.c and passes -Dwsnio.winsock.probe=<its output>");
        }
        probe = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(path), StandardCharsets.US_ASCII)) {
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            probe.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
        }
    }

    private static Map<String, Long> javaConstants() throws IllegalAccessException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Class<?> abi : List.of(WinsockAbi.class, AfdAbi.class)) {
            for (Field f : abi.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!Modifier.isStatic(m) || !Modifier.isFinal(m)) {
                    continue;
                }
                f.setAccessible(true);
                long value;
                if (f.getType() == int.class) {
                    value = f.getInt(null);
                } else if (f.getType() == long.class) {
                    value = f.getLong(null);
                } else {
                    continue;
                }
                Long before = out.put(f.getName(), value);
                assertTrue(before == null, f.getName() + " is defined twice");
            }
        }
        return out;
    }

    @Test
    void probePrintedSomething() {
        assertTrue(probe.size() > 100, "the probe printed only " + probe.size() + " lines");
    }

    @Test
    void everyConstantMatchesTheHeaders() throws IllegalAccessException {
        Set<String> notInMingw = new TreeSet<>(Arrays.asList(WinsockAbi.NOT_IN_MINGW_HEADERS));
        List<String> problems = new ArrayList<>();
        Map<String, Long> java = javaConstants();
        for (Map.Entry<String, Long> e : java.entrySet()) {
            Long header = probe.get(e.getKey());
            if (header == null) {
                if (!notInMingw.contains(e.getKey())) {
                    problems.add(e.getKey() + ": not printed by the probe");
                }
            } else if (!header.equals(e.getValue())) {
                problems.add(e.getKey() + ": WinsockAbi has " + e.getValue() + ", the headers say " + header);
            }
        }
        for (String name : probe.keySet()) {
            if (!java.containsKey(name)) {
                problems.add(name + ": probed but WinsockAbi has no such constant");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    // -- batched datagrams and UDP offload

    @Test
    void offloadLayoutsHangTogether() {
        // WSARecvMsg's GUID as the SDK writes it, laid out as a little-endian GUID
        java.util.UUID id = java.util.UUID.fromString("f689d7c8-6f1f-436b-8a53-e54fe351c322");
        java.nio.ByteBuffer guid = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long msb = id.getMostSignificantBits();
        guid.putInt((int) (msb >>> 32)).putShort((short) (msb >>> 16)).putShort((short) msb);
        guid.order(java.nio.ByteOrder.BIG_ENDIAN).putLong(id.getLeastSignificantBits());
        guid.order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertTrue(guid.getLong(0) == WinsockAbi.WSAID_WSARECVMSG_LO && guid.getLong(8) == WinsockAbi.WSAID_WSARECVMSG_HI,
                "WSAID_WSARECVMSG bytes");
        assertTrue(probe.get("WSAID_WSARECVMSG_LO") == WinsockAbi.WSAID_WSARECVMSG_LO, "probe's GUID");
        // one DWORD control message fits the scratch, which is 8-byte aligned for WSAMSG and WSACMSGHDR
        assertTrue(WinsockAbi.WSA_CMSG_LEN_DWORD == WinsockAbi.WSACMSGHDR_DATA + 4);
        assertTrue(WinsockAbi.WSA_CMSG_SPACE_DWORD == ((WinsockAbi.WSA_CMSG_LEN_DWORD + 7) & ~7));
        assertTrue(Scratch.CONTROL_MAX >= WinsockAbi.WSA_CMSG_SPACE_DWORD);
        assertTrue(Scratch.MSG % 8 == 0 && Scratch.CONTROL % 8 == 0, "WSAMSG and WSACMSGHDR 8-byte aligned");
        assertTrue(Scratch.CONTROL == Scratch.MSG + WinsockAbi.WSAMSG_SIZE && Scratch.SIZE >= Scratch.CONTROL + Scratch.CONTROL_MAX);
        // the SDK-only offload numbers are either still missing from mingw-w64 or equal to it
        for (String name : new String[] {"UDP_SEND_MSG_SIZE", "UDP_RECV_MAX_COALESCED_SIZE", "UDP_COALESCED_INFO"}) {
            assertTrue(Arrays.asList(WinsockAbi.NOT_IN_MINGW_HEADERS).contains(name), name);
        }
    }
}
