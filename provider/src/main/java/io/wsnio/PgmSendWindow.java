package io.wsnio;

/**
 * A PGM sender's send window, the value of {@link WsnioSocketOptions#RM_RATE_WINDOW_SIZE}
 * (Winsock's {@code RM_SEND_WINDOW}: three ULONGs). A member that is 0 is left to Windows, which
 * keeps rate = bytes / milliseconds &times; 8, so any two members set the third.
 *
 * @param rateKbitsPerSec transmission rate in kilobits per second, 0 to 4,294,967,295
 * @param windowSizeMillis the window's length in milliseconds, 0 to 4,294,967,295
 * @param windowSizeBytes the window's size in bytes, 0 to 4,294,967,295
 */
public record PgmSendWindow(long rateKbitsPerSec, long windowSizeMillis, long windowSizeBytes) {
    /** The largest value of a ULONG member. */
    public static final long ULONG_MAX = 0xffff_ffffL;

    /** Checks each member against the ULONG range: {@code IllegalArgumentException} naming it. */
    public PgmSendWindow {
        check("rateKbitsPerSec", rateKbitsPerSec);
        check("windowSizeMillis", windowSizeMillis);
        check("windowSizeBytes", windowSizeBytes);
    }

    private static void check(String member, long value) {
        if (value < 0 || value > ULONG_MAX) {
            throw new IllegalArgumentException("RM_SEND_WINDOW." + member + " out of range (0.." + ULONG_MAX + "): " + value);
        }
    }
}
