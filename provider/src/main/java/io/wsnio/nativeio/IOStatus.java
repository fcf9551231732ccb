package io.wsnio.nativeio;

/** Non-error results of the seam's data calls, all negative so a byte count is never mistaken. */
public final class IOStatus {
    /** Nothing to do now (EAGAIN/EWOULDBLOCK, EINPROGRESS for connect). */
    public static final int UNAVAILABLE = -2;
    /** The call was interrupted by a signal (EINTR); the caller decides whether to retry. */
    public static final int INTERRUPTED = -3;
    /**
     * No call made: the buffers had no room (read) or nothing to send (write) when their position
     * and limit were read, for instance because another thread moved them after the channel's
     * own check. Channels report it as 0 bytes, never as end of stream.
     */
    public static final int NO_ROOM = -4;

    private IOStatus() { }
}
