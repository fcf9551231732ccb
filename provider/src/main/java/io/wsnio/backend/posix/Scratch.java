package io.wsnio.backend.posix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Per-thread off-heap scratch for sockaddr, socklen, option values, pollfd, msghdr and iovec, so no
 * native call allocates. Offsets are fixed; every write is bounds-checked by the ByteBuffer.
 */
final class Scratch {
    static final int SIZE = 4096 + 2048;
    static final int SOCKADDR = 0;          // 128 bytes
    static final int SOCKLEN = 128;         // 4 bytes
    static final int OPTVAL = 136;          // 64 bytes
    static final int OPTLEN = 200;          // 4 bytes
    static final int POLLFD = 208;          // 8 bytes
    static final int PAIR = 216;            // 2 ints
    static final int MSGHDR = 256;          // 56 bytes
    static final int IOV = 512;             // MAX_IOV iovecs
    static final int CONTROL = 4096;        // CONTROL_SIZE bytes: a coalesced receive's control data
    static final int CONTROL_SIZE = SIZE - CONTROL;
    static final int MAX_IOV = (CONTROL - IOV) / LinuxAbi.IOVEC_SIZE;

    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    final ByteBuffer buf;
    final long address;

    private Scratch() {
        buf = ByteBuffer.allocateDirect(SIZE).order(ByteOrder.nativeOrder());
        address = Buffers.address(buf);
    }

    static Scratch get() {
        return LOCAL.get();
    }
}
