package io.wsnio.channels;

import java.nio.channels.SelectionKey;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The selected-key set: an array with each key knowing its slot, so add, contains and remove are
 * O(1). Keys may be removed but not added by users. Iteration runs from the last slot down, so
 * {@code Iterator.remove()} (a swap with the last element) never moves an unvisited key; the
 * iterator object is reused once exhausted, or after a new selection, so the usual
 * iterate-and-remove loop allocates nothing.
 */
final class SelectedKeySet extends UngrowableSet<SelectionKey> {
    private WsnioSelectionKey[] keys = new WsnioSelectionKey[16];
    private int size;
    private int modCount;
    private final KeyIterator cached = new KeyIterator();
    private boolean cachedInUse;
    private int selectGeneration;
    private int cachedGeneration;

    /** Called by the selector when a selection starts: an iterator of an earlier selection is done. */
    void newSelection() {
        selectGeneration++;
    }

    /** Adds a key (selector only). */
    void addKey(WsnioSelectionKey k) {
        if (k.selectedIndex >= 0) {
            return;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
        }
        k.selectedIndex = size;
        keys[size++] = k;
        modCount++;
    }

    boolean containsKey(WsnioSelectionKey k) {
        int i = k.selectedIndex;
        return i >= 0 && i < size && keys[i] == k;
    }

    void removeKey(WsnioSelectionKey k) {
        int i = k.selectedIndex;
        if (i < 0 || i >= size || keys[i] != k) {
            return;
        }
        int last = --size;
        if (i != last) {
            keys[i] = keys[last];
            keys[i].selectedIndex = i;
        }
        keys[last] = null;
        k.selectedIndex = -1;
        modCount++;
    }

    @Override
    public boolean contains(Object o) {
        return o instanceof WsnioSelectionKey && containsKey((WsnioSelectionKey) o);
    }

    @Override
    public boolean remove(Object o) {
        if (!contains(o)) {
            return false;
        }
        removeKey((WsnioSelectionKey) o);
        return true;
    }

    @Override
    public void clear() {
        for (int i = 0; i < size; i++) {
            keys[i].selectedIndex = -1;
            keys[i] = null;
        }
        size = 0;
        modCount++;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public Iterator<SelectionKey> iterator() {
        if (!cachedInUse || cachedGeneration != selectGeneration) {
            cachedInUse = true;
            cachedGeneration = selectGeneration;
            cached.reset();
            return cached;
        }
        KeyIterator it = new KeyIterator();
        it.reset();
        return it;
    }

    private final class KeyIterator implements Iterator<SelectionKey> {
        private int next;          // index of the next key to return (counting down)
        private int lastReturned;
        private int expectedMod;

        void reset() {
            next = size - 1;
            lastReturned = -1;
            expectedMod = modCount;
        }

        @Override
        public boolean hasNext() {
            boolean more = next >= 0 && next < size;
            if (!more && this == cached) {
                cachedInUse = false;
            }
            return more;
        }

        @Override
        public SelectionKey next() {
            if (modCount != expectedMod) {
                throw new ConcurrentModificationException();
            }
            if (next < 0 || next >= size) {
                throw new NoSuchElementException();
            }
            lastReturned = next;
            return keys[next--];
        }

        @Override
        public void remove() {
            if (lastReturned < 0) {
                throw new IllegalStateException();
            }
            if (modCount != expectedMod) {
                throw new ConcurrentModificationException();
            }
            removeKey(keys[lastReturned]);
            expectedMod = modCount;
            lastReturned = -1;
        }
    }
}
