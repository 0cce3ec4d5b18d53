package org.astroarchive.cutmerge.hdf5;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each key of a key dataset (e.g. {@code /CompleteSource/source_id}) sits in its file: the row index the
 * catalogue does not store. Built by one linear scan, never assuming the file is sorted. Of duplicate keys the
 * first row wins.
 */
public abstract sealed class RowIndex permits RowIndex.Longs, RowIndex.Texts {

    /** The row holding {@code key} (a Long or a String), or -1. */
    public abstract int find(Object key);

    /** Rows of the key dataset. */
    public abstract int rows();

    /**
     * An index of a key dataset's values: {@code long[]}, {@code int[]}, {@code short[]} or {@code String[]}.
     *
     * @throws IllegalArgumentException for any other kind of dataset
     */
    public static RowIndex of(Object keys) {
        if (keys instanceof long[] longs) {
            return new Longs(longs);
        }
        if (keys instanceof int[] ints) {
            long[] longs = new long[ints.length];
            for (int i = 0; i < ints.length; i++) {
                longs[i] = ints[i];
            }
            return new Longs(longs);
        }
        if (keys instanceof short[] shorts) {
            long[] longs = new long[shorts.length];
            for (int i = 0; i < shorts.length; i++) {
                longs[i] = shorts[i];
            }
            return new Longs(longs);
        }
        if (keys instanceof String[] texts) {
            return new Texts(texts);
        }
        throw new IllegalArgumentException("a key dataset must be a one-dimensional integer or string dataset, not "
                + (keys == null ? "null" : keys.getClass().getSimpleName()));
    }

    /**
     * Integer keys in an open-addressing hash table of primitives: 24 bytes a row instead of ~80 for a
     * {@code HashMap<Long, Integer>}, which matters for files of millions of transits.
     */
    static final class Longs extends RowIndex {
        private final long[] keys;
        /** row + 1; 0 marks an empty slot. */
        private final int[] slots;
        private final int mask;
        private final int rows;

        Longs(long[] values) {
            rows = values.length;
            int capacity = Integer.highestOneBit(Math.max(2, values.length) * 2 - 1) << 1;
            keys = new long[capacity];
            slots = new int[capacity];
            mask = capacity - 1;
            for (int row = 0; row < values.length; row++) {
                int slot = slot(values[row]);
                while (slots[slot] != 0 && keys[slot] != values[row]) {
                    slot = (slot + 1) & mask;
                }
                if (slots[slot] == 0) {
                    keys[slot] = values[row];
                    slots[slot] = row + 1;
                }
            }
        }

        @Override
        public int find(Object key) {
            if (!(key instanceof Number number)) {
                return -1;
            }
            long value = number.longValue();
            int slot = slot(value);
            while (slots[slot] != 0) {
                if (keys[slot] == value) {
                    return slots[slot] - 1;
                }
                slot = (slot + 1) & mask;
            }
            return -1;
        }

        @Override
        public int rows() {
            return rows;
        }

        private int slot(long value) {
            long h = value * 0x9E3779B97F4A7C15L; // Fibonacci hashing: HEALPix-based ids share their low bits
            return (int) (h ^ (h >>> 32)) & mask;
        }
    }

    static final class Texts extends RowIndex {
        private final Map<String, Integer> rowsByKey;
        private final int rows;

        Texts(String[] values) {
            rows = values.length;
            rowsByKey = new HashMap<>(values.length * 2);
            for (int row = 0; row < values.length; row++) {
                rowsByKey.putIfAbsent(values[row], row);
            }
        }

        @Override
        public int find(Object key) {
            return rowsByKey.getOrDefault(String.valueOf(key), -1);
        }

        @Override
        public int rows() {
            return rows;
        }
    }
}
