package io.wsnio;

/**
 * The head of Linux's {@code struct mptcp_info} (getsockopt SOL_MPTCP, MPTCP_INFO) for an MPTCP
 * socket, read through {@link WsnioSocketOptions#MPTCP_INFO}.
 *
 * @param subflows additional subflows in use (the initial one not counted)
 * @param addAddrSignal ADD_ADDR announcements sent
 * @param addAddrAccepted ADD_ADDR announcements accepted
 * @param subflowsMax most subflows the path manager allows
 * @param flags MPTCP_INFO_FLAG_* bits (1 fallback to TCP, 2 remote key received)
 * @param token the connection token
 * @param writeSeq data sequence number of the next byte to write
 * @param sndUna oldest unacknowledged data sequence number
 * @param rcvNxt next data sequence number expected
 */
public record MptcpInfo(int subflows, int addAddrSignal, int addAddrAccepted, int subflowsMax, int flags,
                        long token, long writeSeq, long sndUna, long rcvNxt) {

    /** Whether the connection fell back to plain TCP (MPTCP_INFO_FLAG_FALLBACK). */
    public boolean fallback() {
        return (flags & 1) != 0;
    }
}
