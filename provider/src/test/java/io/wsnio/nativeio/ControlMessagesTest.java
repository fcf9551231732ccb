package io.wsnio.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The coalesced segment size read from control data: found, absent from a complete area (a single
 * datagram), absent from a truncated area (MSG_CTRUNC: unknown, never "not coalesced"), malformed.
 * Layout of Linux's cmsghdr and Winsock's WSACMSGHDR on 64-bit: length (8), level (4), type (4), data.
 */
class ControlMessagesTest {
    private static final int HDR = 16, LEVEL = 8, TYPE = 12, AT = 32, ROOM = 128;
    private static final int SOL_UDP = 17, UDP_GRO = 104, SOL_SOCKET = 1, SO_TIMESTAMPNS = 35;

    private final ByteBuffer b = ByteBuffer.allocate(AT + ROOM + 64).order(ByteOrder.nativeOrder());

    /** Writes one entry at {@code off} (from the area's start) with {@code dataLen} bytes of data; returns the next aligned offset. */
    private int entry(int off, int level, int type, int dataLen, int value) {
        b.putLong(AT + off, HDR + dataLen);
        b.putInt(AT + off + LEVEL, level);
        b.putInt(AT + off + TYPE, type);
        if (dataLen >= 4) {
            b.putInt(AT + off + HDR, value);
        }
        return off + ((HDR + dataLen + 7) & ~7);
    }

    private int segment(long length, boolean truncated) {
        return ControlMessages.segmentSize(b, AT, length, ROOM, HDR, LEVEL, TYPE, SOL_UDP, UDP_GRO, truncated);
    }

    @Test
    void theReportAfterOtherEntriesIsFound() {
        int end = entry(0, SOL_SOCKET, SO_TIMESTAMPNS, 16, 0);
        end = entry(end, SOL_UDP, UDP_GRO, 4, 1200);
        assertEquals(1200, segment(end, false));
        assertEquals(1200, segment(end, true), "a report that fitted holds even when a later entry was cut");
    }

    @Test
    void noReportInACompleteAreaIsASingleDatagram() {
        int end = entry(0, SOL_SOCKET, SO_TIMESTAMPNS, 16, 0);
        assertEquals(0, segment(end, false));
        assertEquals(0, segment(0, false), "no control data at all");
    }

    /** What the kernel does when the room runs out: MSG_CTRUNC, the entries that fitted, the report left out. */
    @Test
    void noReportInATruncatedAreaIsUnknownNotASingleDatagram() {
        int end = entry(0, SOL_SOCKET, SO_TIMESTAMPNS, 16, 0);
        assertEquals(ControlMessages.SEGMENT_UNKNOWN, segment(end, true));
        assertEquals(ControlMessages.SEGMENT_UNKNOWN, segment(0, true), "truncated to nothing");
    }

    @Test
    void malformedEntriesEndTheWalkWithinTheArea() {
        b.putLong(AT, 4); // shorter than a header
        assertEquals(0, segment(ROOM, false));
        b.putLong(AT, ROOM + 8); // longer than the area
        assertEquals(ControlMessages.SEGMENT_UNKNOWN, segment(ROOM, true));
        // a report placed beyond the room the call was given is not read, whatever length is claimed
        int end = entry(0, SOL_SOCKET, SO_TIMESTAMPNS, ROOM - HDR - 8, 0);
        entry(end, SOL_UDP, UDP_GRO, 4, 999);
        assertEquals(0, segment(ROOM + 64, false));
        // a report entry too short to hold an int is no report
        entry(0, SOL_UDP, UDP_GRO, 2, 0);
        assertEquals(0, segment(HDR + 2, false));
    }
}
