package io.wsnio.nativeio;

import java.nio.ByteBuffer;

/**
 * Reads the control (ancillary) data a backend's {@code recvmsg}/{@code WSARecvMsg} returned:
 * entries of a header (a pointer-sized length, an int level, an int type, each backend gives the
 * offsets of its ABI) and data, each starting at a multiple of 8 bytes. Pure Java, so the rules
 * are tested without native code.
 */
public final class ControlMessages {
    /**
     * The segment size a coalesced receive reports when the kernel truncated the control data
     * (MSG_CTRUNC) and no coalescing report is in what is left: the datagram may have been
     * coalesced, and its segment size is unknown.
     */
    public static final int SEGMENT_UNKNOWN = -1;

    private ControlMessages() { }

    /**
     * The coalesced segment size in the control data: the int data of the first entry of
     * {@code level}/{@code type}; 0 when there is none and the area is complete (a single
     * datagram); {@link #SEGMENT_UNKNOWN} when there is none and {@code truncated} (MSG_CTRUNC in
     * the message flags), since the report may have been the part the kernel left out. Never reads
     * outside {@code [at, at + min(length, room))}; a malformed entry ends the walk.
     *
     * @param length the control length the call reported
     * @param room   the size of the control area the call was given
     */
    public static int segmentSize(ByteBuffer b, int at, long length, int room, int headerSize, int levelOffset,
            int typeOffset, int level, int type, boolean truncated) {
        long end = Math.min(length, room);
        for (long off = 0; off + headerSize <= end;) {
            long len = b.getLong(at + (int) off);
            if (len < headerSize || off + len > end) {
                break;
            }
            if (b.getInt(at + (int) off + levelOffset) == level && b.getInt(at + (int) off + typeOffset) == type
                    && len >= headerSize + 4) {
                return b.getInt(at + (int) off + headerSize);
            }
            off += (len + 7) & ~7L;
        }
        return truncated ? SEGMENT_UNKNOWN : 0;
    }
}
