package io.wsnio.backend.winsock;

import static io.wsnio.backend.winsock.WinsockAbi.*;

import io.wsnio.PgmFecInfo;
import io.wsnio.PgmReceiverStatistics;
import io.wsnio.PgmSendWindow;
import io.wsnio.PgmSenderStatistics;
import io.wsnio.WsnioSocketOptions;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * Winsock's PGM options ({@code IPPROTO_RM} level, wsrm.h) as {@link WsnioSocketOptions}: the
 * option's number, and its value checked and written as the C structure ({@code RM_SEND_WINDOW},
 * {@code RM_FEC_INFO}, a ULONG) or read back from one ({@code RM_SENDER_STATS},
 * {@code RM_RECEIVER_STATS}), at offsets from {@link WinsockAbi} (checked by the mingw probe).
 * Pure Java: the buffers are little-endian, as x64 is.
 */
final class RmOptions {
    private RmOptions() { }

    /** The RM_* number of a wsnio PGM option, or -1 when {@code option} is none. */
    static int name(SocketOption<?> option) {
        if (option == WsnioSocketOptions.RM_RATE_WINDOW_SIZE) return RM_RATE_WINDOW_SIZE;
        if (option == WsnioSocketOptions.RM_SET_MESSAGE_BOUNDARY) return RM_SET_MESSAGE_BOUNDARY;
        if (option == WsnioSocketOptions.RM_SENDER_STATISTICS) return RM_SENDER_STATISTICS;
        if (option == WsnioSocketOptions.RM_LATEJOIN) return RM_LATEJOIN;
        if (option == WsnioSocketOptions.RM_SET_SEND_IF) return RM_SET_SEND_IF;
        if (option == WsnioSocketOptions.RM_ADD_RECEIVE_IF) return RM_ADD_RECEIVE_IF;
        if (option == WsnioSocketOptions.RM_DEL_RECEIVE_IF) return RM_DEL_RECEIVE_IF;
        if (option == WsnioSocketOptions.RM_SEND_WINDOW_ADV_RATE) return RM_SEND_WINDOW_ADV_RATE;
        if (option == WsnioSocketOptions.RM_USE_FEC) return RM_USE_FEC;
        if (option == WsnioSocketOptions.RM_SET_MCAST_TTL) return RM_SET_MCAST_TTL;
        if (option == WsnioSocketOptions.RM_RECEIVER_STATISTICS) return RM_RECEIVER_STATISTICS;
        if (option == WsnioSocketOptions.RM_HIGH_SPEED_INTRANET_OPT) return RM_HIGH_SPEED_INTRANET_OPT;
        return -1;
    }

    /** The largest value any PGM option writes or reads. */
    static final int MAX_SIZE = RM_RECEIVER_STATS_SIZE;

    /** Bytes getsockopt is offered for {@code option}. */
    static int size(SocketOption<?> option) {
        if (option == WsnioSocketOptions.RM_RATE_WINDOW_SIZE) return RM_SEND_WINDOW_SIZE;
        if (option == WsnioSocketOptions.RM_USE_FEC) return RM_FEC_INFO_SIZE;
        if (option == WsnioSocketOptions.RM_SENDER_STATISTICS) return RM_SENDER_STATS_SIZE;
        if (option == WsnioSocketOptions.RM_RECEIVER_STATISTICS) return RM_RECEIVER_STATS_SIZE;
        return 4; // a ULONG
    }

    /**
     * Checks {@code value} and writes it at {@code off} as setsockopt's optval; returns optlen.
     * Throws {@code IllegalArgumentException} for a value out of the option's range and
     * {@code SocketException} for a read-only option, before anything reaches Winsock.
     */
    static int encode(SocketOption<?> option, Object value, ByteBuffer b, int off) throws SocketException {
        if (name(option) < 0) {
            throw new UnsupportedOperationException("'" + option + "' is not a PGM option");
        }
        if (option == WsnioSocketOptions.RM_SENDER_STATISTICS || option == WsnioSocketOptions.RM_RECEIVER_STATISTICS) {
            throw new SocketException("Attempt to set read only option " + option);
        }
        if (option == WsnioSocketOptions.RM_RATE_WINDOW_SIZE) {
            PgmSendWindow w = (PgmSendWindow) value; // checked by its constructor
            b.putInt(off + RM_SEND_WINDOW_RATEKBITSPERSEC, (int) w.rateKbitsPerSec());
            b.putInt(off + RM_SEND_WINDOW_WINDOWSIZEINMSECS, (int) w.windowSizeMillis());
            b.putInt(off + RM_SEND_WINDOW_WINDOWSIZEINBYTES, (int) w.windowSizeBytes());
            return RM_SEND_WINDOW_SIZE;
        }
        if (option == WsnioSocketOptions.RM_USE_FEC) {
            PgmFecInfo f = (PgmFecInfo) value; // checked by its constructor
            b.putShort(off + RM_FEC_INFO_FECBLOCKSIZE, (short) f.blockSize());
            b.putShort(off + RM_FEC_INFO_FECPROACTIVEPACKETS, (short) f.proactivePackets());
            b.put(off + RM_FEC_INFO_FECGROUPSIZE, (byte) f.groupSize());
            b.put(off + RM_FEC_INFO_FFECONDEMANDPARITYENABLED, (byte) (f.onDemandParity() ? 1 : 0));
            return RM_FEC_INFO_SIZE;
        }
        if (option == WsnioSocketOptions.RM_SET_SEND_IF || option == WsnioSocketOptions.RM_ADD_RECEIVE_IF
                || option == WsnioSocketOptions.RM_DEL_RECEIVE_IF) {
            if (!(value instanceof Inet4Address)) {
                throw new IllegalArgumentException(option + " takes an IPv4 interface address, not " + value);
            }
            byte[] a = ((InetAddress) value).getAddress();
            for (int i = 0; i < 4; i++) {
                b.put(off + i, a[i]); // the ULONG holds the address in network byte order
            }
            return 4;
        }
        int v;
        if (option == WsnioSocketOptions.RM_HIGH_SPEED_INTRANET_OPT) {
            v = (Boolean) value ? 1 : 0;
        } else {
            v = (Integer) value;
            if (option == WsnioSocketOptions.RM_SET_MESSAGE_BOUNDARY) {
                range(option, v, 1, Integer.MAX_VALUE);
            } else if (option == WsnioSocketOptions.RM_LATEJOIN) {
                range(option, v, 0, SENDER_MAX_LATE_JOINER_PERCENTAGE);
            } else if (option == WsnioSocketOptions.RM_SEND_WINDOW_ADV_RATE) {
                range(option, v, 1, 50);
            } else if (option == WsnioSocketOptions.RM_SET_MCAST_TTL) {
                range(option, v, 0, MAX_MCAST_TTL);
            }
        }
        b.putInt(off, v);
        return 4;
    }

    private static void range(SocketOption<?> option, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("Invalid value '" + v + "' for " + option + " (" + min + ".." + max + ")");
        }
    }

    /** Throws {@code SocketException} when {@code option} cannot be read (set only). */
    static void checkReadable(SocketOption<?> option) throws SocketException {
        if (name(option) < 0) {
            throw new UnsupportedOperationException("'" + option + "' is not a PGM option");
        }
        if (option == WsnioSocketOptions.RM_ADD_RECEIVE_IF || option == WsnioSocketOptions.RM_DEL_RECEIVE_IF
                || option == WsnioSocketOptions.RM_SET_MESSAGE_BOUNDARY) {
            throw new SocketException("Attempt to get set-only option " + option);
        }
    }

    /** Reads getsockopt's {@code len} bytes at {@code off} as the option's value. */
    static Object decode(SocketOption<?> option, ByteBuffer b, int off, int len) throws SocketException {
        checkReadable(option);
        int need = size(option);
        if (len < need) {
            throw new SocketException("getsockopt(" + option + ") returned " + len + " bytes, expected " + need);
        }
        if (option == WsnioSocketOptions.RM_RATE_WINDOW_SIZE) {
            return new PgmSendWindow(Integer.toUnsignedLong(b.getInt(off + RM_SEND_WINDOW_RATEKBITSPERSEC)),
                    Integer.toUnsignedLong(b.getInt(off + RM_SEND_WINDOW_WINDOWSIZEINMSECS)),
                    Integer.toUnsignedLong(b.getInt(off + RM_SEND_WINDOW_WINDOWSIZEINBYTES)));
        }
        if (option == WsnioSocketOptions.RM_USE_FEC) {
            int block = b.getShort(off + RM_FEC_INFO_FECBLOCKSIZE) & 0xffff;
            int proactive = b.getShort(off + RM_FEC_INFO_FECPROACTIVEPACKETS) & 0xffff;
            int group = b.get(off + RM_FEC_INFO_FECGROUPSIZE) & 0xff;
            boolean onDemand = b.get(off + RM_FEC_INFO_FFECONDEMANDPARITYENABLED) != 0;
            try {
                return new PgmFecInfo(block, proactive, group, onDemand);
            } catch (IllegalArgumentException e) {
                // FEC off: Windows reports zeros, which no settable RM_FEC_INFO has
                throw new SocketException("RM_USE_FEC: no forward error correction in use (" + e.getMessage() + ")");
            }
        }
        if (option == WsnioSocketOptions.RM_SENDER_STATISTICS) {
            long[] v = longs(b, off + RM_SENDER_STATS_DATABYTESSENT, RM_SENDER_STATS_TOTALODATAPACKETSSENT);
            return new PgmSenderStatistics(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12]);
        }
        if (option == WsnioSocketOptions.RM_RECEIVER_STATISTICS) {
            long[] v = longs(b, off + RM_RECEIVER_STATS_NUMODATAPACKETSRECEIVED, RM_RECEIVER_STATS_TOTALPARITYNAKSSENT);
            return new PgmReceiverStatistics(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11],
                    v[12], v[13], v[14], v[15], v[16], v[17]);
        }
        if (option == WsnioSocketOptions.RM_SET_SEND_IF) {
            byte[] a = new byte[4];
            for (int i = 0; i < 4; i++) {
                a[i] = b.get(off + i);
            }
            try {
                return InetAddress.getByAddress(a);
            } catch (UnknownHostException e) {
                throw new AssertionError(e); // four bytes are always an address
            }
        }
        int v = b.getInt(off);
        if (option == WsnioSocketOptions.RM_HIGH_SPEED_INTRANET_OPT) {
            return v != 0;
        }
        return v;
    }

    /** The ULONGLONGs from {@code first} to {@code first + last}, one after another. */
    private static long[] longs(ByteBuffer b, int first, int last) {
        long[] v = new long[last / 8 + 1];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getLong(first + 8 * i);
        }
        return v;
    }
}
