package io.wsnio.backend.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The per-thread address cache DirectBuffers uses where sun.misc.Unsafe is missing (the Wine
 * lane's jlinked JRE): right addresses for more buffers than it has slots, before and after
 * eviction. Pure Java over JNA, so it runs on every lane.
 */
class DirectBuffersCacheTest {

    private static long jna(ByteBuffer b) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(b));
    }

    @Test
    void addressesStayRightAcrossCollisionsAndEviction() {
        DirectBuffers.Cache cache = new DirectBuffers.Cache();
        int n = DirectBuffers.Cache.SLOTS * 2 + 7;
        ByteBuffer[] bufs = new ByteBuffer[n];
        for (int i = 0; i < n; i++) {
            bufs[i] = ByteBuffer.allocateDirect(1 + (i & 15));
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < n; i++) {
                assertEquals(jna(bufs[i]), cache.lookup(bufs[i]), "buffer " + i + " round " + round);
            }
            // a batch-sized working set, looked up again and again
            for (int again = 0; again < 4; again++) {
                for (int i = 0; i < 128; i++) {
                    assertEquals(jna(bufs[i]), cache.lookup(bufs[i]), "buffer " + i);
                }
            }
        }
    }

    @Test
    void aSlicedBufferHasItsOwnAddress() {
        DirectBuffers.Cache cache = new DirectBuffers.Cache();
        ByteBuffer whole = ByteBuffer.allocateDirect(64);
        ByteBuffer tail = whole.position(16).slice();
        assertEquals(jna(whole), cache.lookup(whole));
        assertEquals(jna(whole) + 16, cache.lookup(tail));
        assertEquals(jna(whole), cache.lookup(whole));
    }
}
