package io.wsnio.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.SelectionKey;
import java.util.ConcurrentModificationException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SelectedKeySetTest {
    private static WsnioSelectionKey[] keys(int n) {
        WsnioSelectionKey[] k = new WsnioSelectionKey[n];
        for (int i = 0; i < n; i++) {
            k[i] = KeyStub.key();
        }
        return k;
    }

    @Test
    void iteratorRemoveVisitsEveryKeyExactlyOnce() {
        SelectedKeySet set = new SelectedKeySet();
        WsnioSelectionKey[] k = keys(50);
        for (WsnioSelectionKey key : k) {
            set.addKey(key);
        }
        Random rnd = new Random(7);
        Set<SelectionKey> seen = new HashSet<>();
        Set<SelectionKey> kept = new HashSet<>();
        for (Iterator<SelectionKey> it = set.iterator(); it.hasNext();) {
            SelectionKey key = it.next();
            assertTrue(seen.add(key), "visited twice: " + key);
            if (rnd.nextBoolean()) {
                it.remove();
            } else {
                kept.add(key);
            }
        }
        assertEquals(50, seen.size());
        assertEquals(kept, new HashSet<>(set));
        for (SelectionKey key : kept) {
            assertTrue(set.contains(key));
        }
    }

    @Test
    void theExhaustedIteratorIsReusedAndANestedOneIsNot() {
        SelectedKeySet set = new SelectedKeySet();
        for (WsnioSelectionKey key : keys(3)) {
            set.addKey(key);
        }
        Iterator<SelectionKey> a = set.iterator();
        Iterator<SelectionKey> nested = set.iterator();
        assertNotSame(a, nested, "an iterator in use is never handed out twice");
        while (a.hasNext()) {
            a.next();
        }
        assertSame(a, set.iterator(), "the exhausted iterator is reused");
    }

    @Test
    void removalOutsideTheIteratorIsDetectedAndAddIsRefused() {
        SelectedKeySet set = new SelectedKeySet();
        WsnioSelectionKey[] k = keys(3);
        for (WsnioSelectionKey key : k) {
            set.addKey(key);
        }
        Iterator<SelectionKey> it = set.iterator();
        it.next();
        assertTrue(set.remove(k[0]));
        assertFalse(set.remove(k[0]));
        assertThrows(ConcurrentModificationException.class, it::next);
        assertThrows(UnsupportedOperationException.class, () -> set.add(k[0]));
        set.clear();
        assertTrue(set.isEmpty());
        assertFalse(set.contains(k[1]));
    }
}
