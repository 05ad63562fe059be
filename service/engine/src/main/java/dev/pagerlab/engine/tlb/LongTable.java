package dev.pagerlab.engine.tlb;

import org.jspecify.annotations.Nullable;

/**
 * A hash map from {@code long} keys to values, with open addressing and no boxing: a replay looks up a million
 * addresses, and a boxed key per lookup would be most of its garbage.
 */
final class LongTable<V> {

    private long[] keys;
    private @Nullable Object[] values;
    private int mask;
    private int size;

    LongTable() {
        keys = new long[8];
        values = new Object[8];
        mask = 7;
    }

    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }

    @SuppressWarnings("unchecked")
    @Nullable V get(long key) {
        for (int i = slot(key); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null || keys[i] == key) {
                return (V) v;
            }
        }
    }

    /** Stores {@code value} at {@code key}, replacing what was there. */
    void put(long key, V value) {
        if ((size + 1) * 2 > values.length) {
            grow();
        }
        int i = slot(key);
        while (values[i] != null && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (values[i] == null) {
            size++;
        }
        keys[i] = key;
        values[i] = value;
    }

    /** Removes {@code key}; answers its value or null. */
    @SuppressWarnings("unchecked")
    @Nullable V remove(long key) {
        int i = slot(key);
        while (values[i] != null && keys[i] != key) {
            i = (i + 1) & mask;
        }
        V old = (V) values[i];
        if (old == null) {
            return null;
        }
        size--;
        // Backward-shift deletion: move later entries of the probe run into the hole, so no tombstones build up.
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j]);
            boolean reachableFromHole = i <= j ? (home <= i || home > j) : (home <= i && home > j);
            if (reachableFromHole) {
                keys[i] = keys[j];
                values[i] = values[j];
                i = j;
            }
        }
        values[i] = null;
        return old;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                put(oldKeys[i], (V) oldValues[i]);
            }
        }
    }
}
