package io.wsnio.backend.posix;

import io.wsnio.nativeio.DirectAddress;
import java.nio.ByteBuffer;

/**
 * A direct buffer's base address for the POSIX backend. {@link DirectAddress} reads it without
 * allocating and without JNA ({@code sun.misc.Unsafe} on JDK 17-21, java.lang.foreign on 22+), so
 * a runtime on the foreign bridge never loads a JNA class; JNA's own accessor is the fallback where
 * a JDK 17-21 runtime has no {@code jdk.unsupported} module.
 */
final class Buffers {
    private Buffers() { }

    static long address(ByteBuffer direct) {
        return DirectAddress.AVAILABLE ? DirectAddress.of(direct) : JnaLibC.directAddress(direct);
    }
}
