package io.wsnio.backend.winsock;

import static io.wsnio.backend.winsock.WinsockAbi.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Per-thread off-heap scratch for the structures a call passes by pointer: a sockaddr and its
 * length, ioctl and option values, a WSAPOLLFD, a WSABUF array, a WSAMSG and its control data.
 * One direct buffer per thread, allocated once; calls write and read it through absolute
 * little-endian accessors.
 */
final class Scratch {
    static final int MAX_IOV = 128;

    /** sockaddr (up to SOCKADDR_STORAGE). */
    static final int SOCKADDR = 0;
    /** int: sockaddr length in/out. */
    static final int SOCKADDR_LEN = 128;
    /** u_long/int: ioctl argument, option length. */
    static final int ARG = 136;
    /** DWORD: bytes transferred (WSARecv/WSASend/WSAIoctl). */
    static final int BYTES = 144;
    /** DWORD: flags in/out (WSARecv). */
    static final int FLAGS = 148;
    /** one WSAPOLLFD. */
    static final int POLLFD = 160;
    /** option value, large enough for WSAPROTOCOL_INFOW. */
    static final int OPTION = 192;
    static final int OPTION_MAX = 640;
    /** WSABUF[MAX_IOV]. */
    static final int IOV = OPTION + OPTION_MAX;
    /** WSAMSG for WSASendMsg/WSARecvMsg. */
    static final int MSG = IOV + MAX_IOV * WSABUF_SIZE;
    /** control messages (WSACMSGHDR + data) of a WSAMSG. */
    static final int CONTROL = MSG + WSAMSG_SIZE;
    static final int CONTROL_MAX = 128;
    static final int SIZE = CONTROL + CONTROL_MAX;

    private static final ThreadLocal<Scratch> CURRENT = ThreadLocal.withInitial(Scratch::new);

    final ByteBuffer buf;
    final long address;

    private Scratch() {
        buf = ByteBuffer.allocateDirect(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        address = DirectBuffers.address(buf);
    }

    static Scratch get() {
        return CURRENT.get();
    }

    long at(int offset) {
        return address + offset;
    }
}
