package io.wsnio.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HandleMapTest {
    @Test
    void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
        HandleMap<WsnioSelectionKey> map = new HandleMap<>();
        Map<Long, WsnioSelectionKey> ref = new HashMap<>();
        Random rnd = new Random(42);
        WsnioSelectionKey[] values = new WsnioSelectionKey[0];
        for (int i = 0; i < 200_000; i++) {
            // small dense fds (Linux) and sparse multiples of 4 (Winsock SOCKETs) collide in varied ways
            long h = rnd.nextBoolean() ? rnd.nextInt(300) : 4L * rnd.nextInt(5000) + 0x10000;
            if (rnd.nextInt(3) == 0) {
                map.remove(h);
                ref.remove(h);
            } else {
                WsnioSelectionKey k = KeyStub.key();
                map.put(h, k);
                ref.put(h, k);
            }
            if (i % 1000 == 0) {
                for (Map.Entry<Long, WsnioSelectionKey> e : ref.entrySet()) {
                    assertSame(e.getValue(), map.get(e.getKey()));
                }
                assertEquals(ref.size(), map.size());
            }
        }
        for (long h = 0; h < 300; h++) {
            assertSame(ref.get(h), map.get(h), "handle " + h);
        }
    }
}
