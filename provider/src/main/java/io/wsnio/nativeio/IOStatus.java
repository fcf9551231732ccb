package io.wsnio.nativeio;

/** Non-error results of the seam's data calls, all negative so a byte count is never mistaken. */
public final class IOStatus {
    /** Nothing to do now (EAGAIN/EWOULDBLOCK, EINPROGRESS for connect). */
    public static final int UNAVAILABLE = -2;
    /** The call was interrupted by a signal (EINTR); the caller decides whether to retry. */
    public static final int INTERRUPTED = -3;

    private IOStatus() { }
}
