package io.wsnio.backend.winsock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.PgmFecInfo;
import io.wsnio.PgmReceiverStatistics;
import io.wsnio.PgmSendWindow;
import io.wsnio.PgmSenderStatistics;
import io.wsnio.WsnioSocketOptions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The PGM options' numbers, value checks and C layouts (RM_SEND_WINDOW, RM_FEC_INFO, the ULONG
 * interface address in network byte order, RM_SENDER_STATS, RM_RECEIVER_STATS), without Winsock:
 * pure Java, so every lane runs it. The offsets are WinsockAbi's, which the mingw probe checks
 * against wsrm.h in the Wine lane.
 */
class RmOptionsTest {

    private static List<SocketOption<?>> pgmOptions() throws IllegalAccessException {
        List<SocketOption<?>> out = new ArrayList<>();
        for (Field f : WsnioSocketOptions.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getName().startsWith("RM_")) {
                out.add((SocketOption<?>) f.get(null));
            }
        }
        return out;
    }

    private static ByteBuffer buffer() {
        return ByteBuffer.allocate(RmOptions.MAX_SIZE + 16).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] encoded(SocketOption<?> option, Object value) throws SocketException {
        ByteBuffer b = buffer();
        int len = RmOptions.encode(option, value, b, 8);
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = b.get(8 + i);
        }
        return out;
    }

    private static Object roundTrip(SocketOption<?> option, Object value) throws SocketException {
        ByteBuffer b = buffer();
        int len = RmOptions.encode(option, value, b, 8);
        return RmOptions.decode(option, b, 8, len);
    }

    @Test
    void everyPgmOptionHasTheWsrmNumberOfItsName() throws Exception {
        List<SocketOption<?>> options = pgmOptions();
        assertEquals(12, options.size(), options.toString());
        for (SocketOption<?> o : options) {
            int expected = WinsockAbi.class.getDeclaredField(o.name()).getInt(null);
            assertEquals(expected, RmOptions.name(o), o.name());
            assertTrue(expected > WinsockAbi.RM_RATE_WINDOW_SIZE - 1 && expected <= WinsockAbi.RM_HIGH_SPEED_INTRANET_OPT, o.name());
        }
        assertEquals(-1, RmOptions.name(StandardSocketOptions.SO_RCVBUF));
        assertEquals(-1, RmOptions.name(WsnioSocketOptions.IP_HDRINCL));
        assertThrows(UnsupportedOperationException.class, () -> encoded(StandardSocketOptions.SO_RCVBUF, 1));
    }

    @Test
    void sendWindowIsThreeUlongsInOrder() throws Exception {
        byte[] b = encoded(WsnioSocketOptions.RM_RATE_WINDOW_SIZE, new PgmSendWindow(0x01020304L, 0x0a0b0c0dL, 0xfffffffeL));
        assertArrayEquals(new byte[] {4, 3, 2, 1, 0x0d, 0x0c, 0x0b, 0x0a, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff}, b);
        PgmSendWindow w = new PgmSendWindow(1024, 0, PgmSendWindow.ULONG_MAX);
        assertEquals(w, roundTrip(WsnioSocketOptions.RM_RATE_WINDOW_SIZE, w), "a ULONG past 2^31 reads back unsigned");
        for (long bad : new long[] {-1, PgmSendWindow.ULONG_MAX + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PgmSendWindow(0, bad, 0));
            assertTrue(e.getMessage().contains("windowSizeMillis"), e.getMessage());
        }
    }

    @Test
    void fecInfoIsPackedAsTheHeaderSays() throws Exception {
        byte[] b = encoded(WsnioSocketOptions.RM_USE_FEC, new PgmFecInfo(255, 0x0102, 8, true));
        assertArrayEquals(new byte[] {(byte) 0xff, 0, 2, 1, 8, 1}, b);
        PgmFecInfo f = new PgmFecInfo(16, 0, 4, true);
        assertEquals(f, roundTrip(WsnioSocketOptions.RM_USE_FEC, f));
        // FEC off reads as zeros, which no settable RM_FEC_INFO is
        SocketException off = assertThrows(SocketException.class,
                () -> RmOptions.decode(WsnioSocketOptions.RM_USE_FEC, buffer(), 0, WinsockAbi.RM_FEC_INFO_SIZE));
        assertTrue(off.getMessage().contains("no forward error correction"), off.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PgmFecInfo(0, 1, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new PgmFecInfo(256, 1, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new PgmFecInfo(255, 65536, 1, false));
        IllegalArgumentException group = assertThrows(IllegalArgumentException.class, () -> new PgmFecInfo(255, 1, 6, false));
        assertTrue(group.getMessage().contains("power of two"), group.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PgmFecInfo(255, 1, 256, false));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> new PgmFecInfo(255, 0, 8, false));
        assertTrue(none.getMessage().contains("no repair data"), none.getMessage());
    }

    @Test
    void interfacesAreIpv4AddressesInNetworkByteOrder() throws Exception {
        InetAddress a = InetAddress.getByName("192.168.1.20");
        for (SocketOption<?> o : new SocketOption<?>[] {WsnioSocketOptions.RM_SET_SEND_IF,
                WsnioSocketOptions.RM_ADD_RECEIVE_IF, WsnioSocketOptions.RM_DEL_RECEIVE_IF}) {
            assertArrayEquals(new byte[] {(byte) 192, (byte) 168, 1, 20}, encoded(o, a), o.name());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encoded(o, InetAddress.getByName("::1")));
            assertTrue(e.getMessage().contains("IPv4"), e.getMessage());
        }
        assertEquals(a, roundTrip(WsnioSocketOptions.RM_SET_SEND_IF, a));
    }

    @Test
    void ulongOptionsAreRangeCheckedBeforeWinsock() throws Exception {
        Object[][] cases = {
            {WsnioSocketOptions.RM_LATEJOIN, 0, 75, -1, 76},
            {WsnioSocketOptions.RM_SEND_WINDOW_ADV_RATE, 1, 50, 0, 51},
            {WsnioSocketOptions.RM_SET_MCAST_TTL, 0, 255, -1, 256},
            {WsnioSocketOptions.RM_SET_MESSAGE_BOUNDARY, 1, Integer.MAX_VALUE, 0, -5},
        };
        for (Object[] c : cases) {
            SocketOption<?> o = (SocketOption<?>) c[0];
            for (int i = 1; i <= 2; i++) {
                int v = (Integer) c[i];
                ByteBuffer b = buffer();
                assertEquals(4, RmOptions.encode(o, v, b, 0), o.name());
                assertEquals(v, b.getInt(0), o.name());
            }
            for (int i = 3; i <= 4; i++) {
                int v = (Integer) c[i];
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encoded(o, v), o.name() + " " + v);
                assertTrue(e.getMessage().contains(o.name()) && e.getMessage().contains("'" + v + "'"), e.getMessage());
            }
        }
        assertArrayEquals(new byte[] {1, 0, 0, 0}, encoded(WsnioSocketOptions.RM_HIGH_SPEED_INTRANET_OPT, true));
        assertArrayEquals(new byte[] {0, 0, 0, 0}, encoded(WsnioSocketOptions.RM_HIGH_SPEED_INTRANET_OPT, false));
        assertEquals(true, roundTrip(WsnioSocketOptions.RM_HIGH_SPEED_INTRANET_OPT, true));
        assertEquals(42, roundTrip(WsnioSocketOptions.RM_LATEJOIN, 42));
    }

    @Test
    void statisticsAreReadOnlyAndReadMemberByMember() throws Exception {
        for (SocketOption<?> o : new SocketOption<?>[] {WsnioSocketOptions.RM_SENDER_STATISTICS, WsnioSocketOptions.RM_RECEIVER_STATISTICS}) {
            SocketException e = assertThrows(SocketException.class, () -> encoded(o, null));
            assertTrue(e.getMessage().contains("read only"), e.getMessage());
        }
        checkStatistics(WsnioSocketOptions.RM_SENDER_STATISTICS, PgmSenderStatistics.class, WinsockAbi.RM_SENDER_STATS_SIZE);
        checkStatistics(WsnioSocketOptions.RM_RECEIVER_STATISTICS, PgmReceiverStatistics.class, WinsockAbi.RM_RECEIVER_STATS_SIZE);
    }

    private static void checkStatistics(SocketOption<?> option, Class<? extends Record> type, int size) throws Exception {
        RecordComponent[] members = type.getRecordComponents();
        assertEquals(size / 8, members.length, type.getSimpleName() + ": one component per ULONGLONG");
        ByteBuffer b = buffer();
        for (int i = 0; i < members.length; i++) {
            b.putLong(4 + 8 * i, 0x1000L * (i + 1) + i);
        }
        b.putLong(4 + 8 * (members.length - 1), -2L); // 2^64 - 2: the bits survive
        Object stats = RmOptions.decode(option, b, 4, size);
        for (int i = 0; i < members.length; i++) {
            long expected = i == members.length - 1 ? -2L : 0x1000L * (i + 1) + i;
            assertEquals(expected, (long) members[i].getAccessor().invoke(stats), type.getSimpleName() + "." + members[i].getName());
        }
        SocketException shortRead = assertThrows(SocketException.class, () -> RmOptions.decode(option, b, 4, size - 8));
        assertTrue(shortRead.getMessage().contains(size + ""), shortRead.getMessage());
    }

    @Test
    void setOnlyOptionsRefuseToBeRead() {
        for (SocketOption<?> o : new SocketOption<?>[] {WsnioSocketOptions.RM_ADD_RECEIVE_IF,
                WsnioSocketOptions.RM_DEL_RECEIVE_IF, WsnioSocketOptions.RM_SET_MESSAGE_BOUNDARY}) {
            SocketException e = assertThrows(SocketException.class, () -> RmOptions.checkReadable(o));
            assertTrue(e.getMessage().contains(o.name()), e.getMessage());
        }
    }
}
