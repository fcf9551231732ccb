package io.wsnio;

/**
 * Forward error correction of a PGM sender, the value of {@link WsnioSocketOptions#RM_USE_FEC}
 * (Winsock's {@code RM_FEC_INFO}: USHORT, USHORT, UCHAR, BOOLEAN). The constructor checks what
 * the reference states: at most 255 packets per group block, a group size that is a power of two,
 * and proactive parity packets or on-demand parity (FEC that sends no parity at all fails in
 * Windows).
 *
 * @param blockSize most packets sent for one group, data and parity together: 1 to 255
 * @param proactivePackets parity packets sent with each group unasked: 0 to 65535
 * @param groupSize packets treated as one group for parity: a power of two, 1 to 128
 * @param onDemandParity whether the sender answers repair requests with parity packets
 */
public record PgmFecInfo(int blockSize, int proactivePackets, int groupSize, boolean onDemandParity) {
    /** Checks each member: {@code IllegalArgumentException} naming it. */
    public PgmFecInfo {
        if (blockSize < 1 || blockSize > 255) {
            throw new IllegalArgumentException("RM_FEC_INFO.FECBlockSize out of range (1..255): " + blockSize);
        }
        if (proactivePackets < 0 || proactivePackets > 0xffff) {
            throw new IllegalArgumentException("RM_FEC_INFO.FECProActivePackets out of range (0..65535): " + proactivePackets);
        }
        if (groupSize < 1 || groupSize > 128 || Integer.bitCount(groupSize) != 1) {
            throw new IllegalArgumentException("RM_FEC_INFO.FECGroupSize must be a power of two from 1 to 128: " + groupSize);
        }
        if (proactivePackets == 0 && !onDemandParity) {
            throw new IllegalArgumentException("RM_FEC_INFO needs proactive parity packets or on-demand parity"
                    + " (FECProActivePackets 0 and fFECOnDemandParityEnabled FALSE send no repair data)");
        }
    }
}
