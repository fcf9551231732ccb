package io.wsnio.backend.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The poller's handle-to-index map against a HashMap, with removals that exercise the back-shift. */
class LongIntMapTest {
    @Test
    void behavesLikeAHashMap() {
        LongIntMap map = new LongIntMap(4);
        Map<Long, Integer> model = new HashMap<>();
        Random random = new Random(42);
        for (int step = 0; step < 200_000; step++) {
            long key = (random.nextInt(300) * 8L) + 0x100; // handle-like: multiples of 4/8
            int op = random.nextInt(3);
            if (op == 0) {
                int value = random.nextInt(1000);
                map.put(key, value);
                model.put(key, value);
            } else if (op == 1) {
                Integer expected = model.remove(key);
                assertEquals(expected == null ? -1 : expected, map.remove(key));
            } else {
                Integer expected = model.get(key);
                assertEquals(expected == null ? -1 : expected, map.get(key));
            }
            assertEquals(model.size(), map.size());
        }
        for (Map.Entry<Long, Integer> e : model.entrySet()) {
            assertEquals(e.getValue(), map.get(e.getKey()));
        }
    }
}
