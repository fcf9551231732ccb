package io.wsnio.backend.winsock;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;

/**
 * The base address of a direct buffer. Through {@code sun.misc.Unsafe} when module
 * {@code jdk.unsupported} is present (no allocation); otherwise (jlinked runtimes such as the
 * Windows JRE of the Wine lane) through JNA's {@link Native#getDirectBufferPointer}, which
 * allocates a {@code Pointer}, behind a per-thread one-entry cache so a thread reusing its buffer
 * pays that once.
 */
final class DirectBuffers {
    private DirectBuffers() { }

    /** {@code (Object, long) long}: Unsafe.getLong bound to the Unsafe instance, or null. */
    private static final MethodHandle GET_LONG;
    private static final long ADDRESS_OFFSET;

    static {
        MethodHandle getLong = null;
        long offset = -1;
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field f = unsafeClass.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            Object unsafe = f.get(null);
            offset = (long) unsafeClass.getMethod("objectFieldOffset", Field.class)
                    .invoke(unsafe, Buffer.class.getDeclaredField("address"));
            getLong = MethodHandles.lookup()
                    .findVirtual(unsafeClass, "getLong", MethodType.methodType(long.class, Object.class, long.class))
                    .bindTo(unsafe);
            ByteBuffer probe = ByteBuffer.allocateDirect(1);
            if ((long) getLong.invokeExact((Object) probe, offset)
                    != Pointer.nativeValue(Native.getDirectBufferPointer(probe))) {
                getLong = null;
            }
        } catch (Throwable t) {
            getLong = null;
        }
        GET_LONG = getLong;
        ADDRESS_OFFSET = offset;
    }

    /** True when addresses are read without allocation. */
    static boolean allocationFree() {
        return GET_LONG != null;
    }

    private static final class Last {
        WeakReference<ByteBuffer> buffer = new WeakReference<>(null);
        long address;
    }

    private static final ThreadLocal<Last> LAST = ThreadLocal.withInitial(Last::new);

    /** The address of {@code direct}'s index 0. */
    static long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        if (GET_LONG != null) {
            try {
                return (long) GET_LONG.invokeExact((Object) direct, ADDRESS_OFFSET);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
        Last last = LAST.get();
        if (last.buffer.get() == direct) {
            return last.address;
        }
        long address = Pointer.nativeValue(Native.getDirectBufferPointer(direct));
        last.buffer = new WeakReference<>(direct);
        last.address = address;
        return address;
    }
}
