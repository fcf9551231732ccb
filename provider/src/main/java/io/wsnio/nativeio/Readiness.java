package io.wsnio.nativeio;

/**
 * Platform-neutral readiness bits, used for poll interest and poll results. The values are Linux's
 * poll/epoll bits, so the POSIX backend passes them through; Winsock maps its POLL* bits.
 */
public final class Readiness {
    public static final int IN = 0x1;
    public static final int PRI = 0x2;
    public static final int OUT = 0x4;
    public static final int ERR = 0x8;
    public static final int HUP = 0x10;
    public static final int NVAL = 0x20;
    /** The peer shut down its output (Linux POLLRDHUP); a backend without it never reports it. */
    public static final int RDHUP = 0x2000;

    private Readiness() { }
}
