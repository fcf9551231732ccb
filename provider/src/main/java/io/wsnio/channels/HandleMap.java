package io.wsnio.channels;

import java.util.Arrays;

/**
 * Open-addressing map from a native handle ({@code long}) to a value (a selector's key, a parked
 * thread), with linear probing and backward-shift deletion: no boxing and no allocation on lookup,
 * put or remove once grown. Not thread-safe.
 */
final class HandleMap<V> {
    private static final long EMPTY = -1L;
    private long[] handles = new long[64];
    private Object[] keys = new Object[64];
    private int size;

    HandleMap() {
        Arrays.fill(handles, EMPTY);
    }

    private static int mix(long h) {
        long x = h * 0x9E3779B97F4A7C15L;
        return (int) (x ^ (x >>> 32));
    }

    @SuppressWarnings("unchecked")
    V get(long handle) {
        int mask = handles.length - 1;
        for (int i = mix(handle) & mask;; i = (i + 1) & mask) {
            long h = handles[i];
            if (h == handle) {
                return (V) keys[i];
            }
            if (h == EMPTY) {
                return null;
            }
        }
    }

    void put(long handle, V key) {
        putRaw(handle, key);
    }

    private void putRaw(long handle, Object key) {
        if ((size + 1) * 2 > handles.length) {
            grow();
        }
        int mask = handles.length - 1;
        for (int i = mix(handle) & mask;; i = (i + 1) & mask) {
            if (handles[i] == EMPTY || handles[i] == handle) {
                if (handles[i] == EMPTY) {
                    size++;
                }
                handles[i] = handle;
                keys[i] = key;
                return;
            }
        }
    }

    void remove(long handle) {
        int mask = handles.length - 1;
        int i = mix(handle) & mask;
        for (;; i = (i + 1) & mask) {
            if (handles[i] == EMPTY) {
                return;
            }
            if (handles[i] == handle) {
                break;
            }
        }
        size--;
        // shift later entries of the probe run back into the hole
        int hole = i;
        for (int j = (hole + 1) & mask; handles[j] != EMPTY; j = (j + 1) & mask) {
            int home = mix(handles[j]) & mask;
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                handles[hole] = handles[j];
                keys[hole] = keys[j];
                hole = j;
            }
        }
        handles[hole] = EMPTY;
        keys[hole] = null;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oh = handles;
        Object[] ok = keys;
        handles = new long[oh.length * 2];
        keys = new Object[oh.length * 2];
        Arrays.fill(handles, EMPTY);
        size = 0;
        for (int i = 0; i < oh.length; i++) {
            if (oh[i] != EMPTY) {
                putRaw(oh[i], ok[i]);
            }
        }
    }
}
