package io.wsnio;

/**
 * A PGM receiver's session statistics, read through
 * {@link WsnioSocketOptions#RM_RECEIVER_STATISTICS} (Winsock's {@code RM_RECEIVER_STATS}: every member
 * a ULONGLONG, read here as a {@code long}; use {@link Long#toUnsignedString(long)} for
 * counters past 2<sup>63</sup>).
 *
 * @param numODataPacketsReceived original data packets (ODATA) received (NumODataPacketsReceived)
 * @param numRDataPacketsReceived repair packets (RDATA) received (NumRDataPacketsReceived)
 * @param numDuplicateDataPackets duplicate data packets received (NumDuplicateDataPackets)
 * @param dataBytesReceived client data bytes received (DataBytesReceived)
 * @param totalBytesReceived bytes received, with PGM headers (TotalBytesReceived)
 * @param rateKBitsPerSecOverall rate since the session began, kbit/s (RateKBitsPerSecOverall)
 * @param rateKBitsPerSecLast rate of the last measuring interval, kbit/s (RateKBitsPerSecLast)
 * @param trailingEdgeSeqId the receive window's trailing sequence number (TrailingEdgeSeqId)
 * @param leadingEdgeSeqId the receive window's leading sequence number (LeadingEdgeSeqId)
 * @param averageSequencesInWindow average sequences in the window (AverageSequencesInWindow)
 * @param minSequencesInWindow fewest sequences in the window (MinSequencesInWindow)
 * @param maxSequencesInWindow most sequences in the window (MaxSequencesInWindow)
 * @param firstNakSequenceNumber the first sequence number NAKed (FirstNakSequenceNumber)
 * @param numPendingNaks pending NAKs (NumPendingNaks)
 * @param numOutstandingNaks outstanding NAKs (NumOutstandingNaks)
 * @param numDataPacketsBuffered data packets buffered (NumDataPacketsBuffered)
 * @param totalSelectiveNaksSent selective NAKs sent (TotalSelectiveNaksSent)
 * @param totalParityNaksSent parity NAKs sent (TotalParityNaksSent)
 */
public record PgmReceiverStatistics(
        long numODataPacketsReceived,
        long numRDataPacketsReceived,
        long numDuplicateDataPackets,
        long dataBytesReceived,
        long totalBytesReceived,
        long rateKBitsPerSecOverall,
        long rateKBitsPerSecLast,
        long trailingEdgeSeqId,
        long leadingEdgeSeqId,
        long averageSequencesInWindow,
        long minSequencesInWindow,
        long maxSequencesInWindow,
        long firstNakSequenceNumber,
        long numPendingNaks,
        long numOutstandingNaks,
        long numDataPacketsBuffered,
        long totalSelectiveNaksSent,
        long totalParityNaksSent) {
}
