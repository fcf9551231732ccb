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
 * allocates a {@code Pointer}, behind a small per-thread cache (256 slots, 4-way probing, weakly
 * held buffers) so a thread that cycles through a steady set of buffers (a datagram batch of
 * 2 x 64 buffers, say) pays that once per buffer.
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

    /** Buffer-to-address cache of one thread: open addressing by identity hash, a few probes. */
    static final class Cache {
        static final int SLOTS = 256;
        static final int PROBES = 4;
        @SuppressWarnings("unchecked")
        final WeakReference<ByteBuffer>[] buffers = new WeakReference[SLOTS];
        final long[] addresses = new long[SLOTS];
        int victim;

        long lookup(ByteBuffer direct) {
            int h = mix(System.identityHashCode(direct));
            for (int i = 0; i < PROBES; i++) {
                int slot = (h + i) & (SLOTS - 1);
                WeakReference<ByteBuffer> r = buffers[slot];
                if (r != null && r.get() == direct) {
                    return addresses[slot];
                }
            }
            long address = Pointer.nativeValue(Native.getDirectBufferPointer(direct));
            int slot = -1;
            for (int i = 0; i < PROBES && slot < 0; i++) {
                int s = (h + i) & (SLOTS - 1);
                if (buffers[s] == null || buffers[s].get() == null) {
                    slot = s;
                }
            }
            if (slot < 0) {
                slot = (h + (victim++ & (PROBES - 1))) & (SLOTS - 1);
            }
            buffers[slot] = new WeakReference<>(direct);
            addresses[slot] = address;
            return address;
        }

        private static int mix(int h) {
            h *= 0x9e3779b9;
            return h ^ (h >>> 16);
        }
    }

    private static final ThreadLocal<Cache> CACHE = ThreadLocal.withInitial(Cache::new);

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
        return CACHE.get().lookup(direct);
    }
}
