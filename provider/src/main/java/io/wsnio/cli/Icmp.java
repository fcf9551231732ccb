package io.wsnio.cli;

import java.nio.ByteBuffer;

/** ICMP and ICMPv6 echo messages: building requests and recognising replies. */
final class Icmp {
    private Icmp() { }

    static final int ECHO_REQUEST_V4 = 8, ECHO_REPLY_V4 = 0, ECHO_REQUEST_V6 = 128, ECHO_REPLY_V6 = 129;

    /** The Internet checksum (RFC 1071) of {@code len} bytes from {@code off}. */
    static int checksum(byte[] b, int off, int len) {
        long sum = 0;
        int i = off;
        for (; i + 1 < off + len; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (i < off + len) {
            sum += (b[i] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /**
     * An echo request: ICMP type 8 with its checksum, or ICMPv6 type 128 with checksum 0 (on a raw
     * ICMPv6 socket the kernel computes it, over the IPv6 pseudo-header).
     */
    static byte[] echoRequest(boolean v6, int id, int seq, byte[] payload) {
        byte[] m = new byte[8 + payload.length];
        m[0] = (byte) (v6 ? ECHO_REQUEST_V6 : ECHO_REQUEST_V4);
        m[4] = (byte) (id >>> 8);
        m[5] = (byte) id;
        m[6] = (byte) (seq >>> 8);
        m[7] = (byte) seq;
        System.arraycopy(payload, 0, m, 8, payload.length);
        if (!v6) {
            int c = checksum(m, 0, m.length);
            m[2] = (byte) (c >>> 8);
            m[3] = (byte) c;
        }
        return m;
    }

    /**
     * The offset of the ICMP message in a received raw datagram ({@code data} from 0 to its
     * limit): IPv4 raw receives start with the IPv4 header, IPv6 raw receives do not.
     */
    static int icmpOffset(ByteBuffer data, boolean v6) {
        if (v6) {
            return 0;
        }
        return (data.get(0) & 0x0f) * 4;
    }

    /** True when the datagram is the echo reply to (id, seq). */
    static boolean isReply(ByteBuffer data, boolean v6, int id, int seq) {
        int off = icmpOffset(data, v6);
        if (data.limit() < off + 8) {
            return false;
        }
        int type = data.get(off) & 0xff;
        int rid = ((data.get(off + 4) & 0xff) << 8) | (data.get(off + 5) & 0xff);
        int rseq = ((data.get(off + 6) & 0xff) << 8) | (data.get(off + 7) & 0xff);
        return type == (v6 ? ECHO_REPLY_V6 : ECHO_REPLY_V4) && rid == id && rseq == seq;
    }
}
