package io.wsnio;

/**
 * A PGM sender's session statistics, read through
 * {@link WsnioSocketOptions#RM_SENDER_STATISTICS} (Winsock's {@code RM_SENDER_STATS}: every member a
 * ULONGLONG, read here as a {@code long}; use {@link Long#toUnsignedString(long)} for
 * counters past 2<sup>63</sup>).
 *
 * @param dataBytesSent client data bytes sent (DataBytesSent)
 * @param totalBytesSent bytes sent, with PGM headers and repairs (TotalBytesSent)
 * @param naksReceived NAKs received (NaksReceived)
 * @param naksReceivedTooLate NAKs received after the data left the window (NaksReceivedTooLate)
 * @param numOutstandingNaks outstanding NAKs (NumOutstandingNaks)
 * @param numNaksAfterRData NAKs received after repair data was sent (NumNaksAfterRData)
 * @param repairPacketsSent repair packets (RDATA) sent (RepairPacketsSent)
 * @param bufferSpaceAvailable the send window's buffer space, in bytes (BufferSpaceAvailable)
 * @param trailingEdgeSeqId the send window's trailing sequence number (TrailingEdgeSeqId)
 * @param leadingEdgeSeqId the send window's leading sequence number (LeadingEdgeSeqId)
 * @param rateKBitsPerSecOverall rate since the session began, kbit/s (RateKBitsPerSecOverall)
 * @param rateKBitsPerSecLast rate of the last measuring interval, kbit/s (RateKBitsPerSecLast)
 * @param totalODataPacketsSent original data packets (ODATA) sent (TotalODataPacketsSent)
 */
public record PgmSenderStatistics(
        long dataBytesSent,
        long totalBytesSent,
        long naksReceived,
        long naksReceivedTooLate,
        long numOutstandingNaks,
        long numNaksAfterRData,
        long repairPacketsSent,
        long bufferSpaceAvailable,
        long trailingEdgeSeqId,
        long leadingEdgeSeqId,
        long rateKBitsPerSecOverall,
        long rateKBitsPerSecLast,
        long totalODataPacketsSent) {
}
