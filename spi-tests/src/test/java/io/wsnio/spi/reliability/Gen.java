package io.wsnio.spi.reliability;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A small seeded generator for the hostile-input properties: uniform and weighted choices with
 * edge values mixed in. Every case gets its own generator derived from the run's seed, the
 * property's name and the try's index, so a failing case is reproduced by running again with
 * {@code -Dwsnio.hostile.seed=<seed>}.
 */
final class Gen {

    /** The run's seed: system property {@code wsnio.hostile.seed} (decimal or 0x hex), or a fixed default. */
    static final long SEED = seedFromProperty();

    /** How often a bounded or unbounded int draw takes one of its edge values instead. */
    private static final double EDGE_PROBABILITY = 0.1;

    private static final int[] INT_EDGES = {0, 1, -1, 2, -2, Integer.MIN_VALUE, Integer.MIN_VALUE + 1,
        Integer.MAX_VALUE, Integer.MAX_VALUE - 1, 255, 256, 65535, 65536};

    private final SplittableRandom random;

    private Gen(long seed) {
        random = new SplittableRandom(seed);
    }

    private static long seedFromProperty() {
        String s = System.getProperty("wsnio.hostile.seed");
        if (s == null || s.isBlank()) {
            return 0x5EED_0F_4057_11E5L;
        }
        s = s.strip();
        return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16)
                : Long.parseLong(s);
    }

    /** The generator for try {@code index} of {@code property}. */
    static Gen forCase(String property, int index) {
        long h = SEED;
        for (int i = 0; i < property.length(); i++) {
            h = h * 31 + property.charAt(i);
        }
        return new Gen(mix(mix(h) + index));
    }

    private static long mix(long z) { // SplitMix64's finaliser
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /** {@code true} with probability {@code p}. */
    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    boolean bool() {
        return random.nextBoolean();
    }

    /** Uniform in [lo, hi] without edges. */
    int uniform(int lo, int hi) {
        return (int) random.nextLong(lo, (long) hi + 1);
    }

    /** In [lo, hi], the edges lo, lo+1, hi-1, hi, 0, -1, 1 (those within the range) mixed in. */
    int between(int lo, int hi) {
        if (chance(EDGE_PROBABILITY)) {
            int[] edges = {lo, lo + 1, hi - 1, hi, 0, -1, 1};
            int e = edges[random.nextInt(edges.length)];
            if (e >= lo && e <= hi) {
                return e;
            }
        }
        return uniform(lo, hi);
    }

    /** Any int, with 0, ±1, ±2, MIN_VALUE, MAX_VALUE and their neighbours, 65535, 65536 mixed in. */
    int anyInt() {
        if (chance(EDGE_PROBABILITY)) {
            return INT_EDGES[random.nextInt(INT_EDGES.length)];
        }
        return random.nextInt();
    }

    /** One of {@code values}, uniformly. */
    @SafeVarargs
    final <T> T oneOf(T... values) {
        return values[random.nextInt(values.length)];
    }

    int oneOfInts(int... values) {
        return values[random.nextInt(values.length)];
    }

    <T> T oneOf(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A constant of {@code type}, uniformly. */
    <E extends Enum<E>> E oneOf(Class<E> type) {
        return oneOf(type.getEnumConstants());
    }

    /** One weighted alternative, like a frequency table: {@code weight} is its share of the total. */
    record Weighted<T>(int weight, Supplier<? extends T> value) {
    }

    static <T> Weighted<T> weight(int weight, Supplier<? extends T> value) {
        return new Weighted<>(weight, value);
    }

    @SafeVarargs
    final <T> T frequency(Weighted<? extends T>... choices) {
        int total = 0;
        for (Weighted<? extends T> c : choices) {
            total += c.weight();
        }
        int r = random.nextInt(total);
        for (Weighted<? extends T> c : choices) {
            r -= c.weight();
            if (r < 0) {
                return c.value().get();
            }
        }
        throw new AssertionError("unreachable");
    }

    /** {@code value.get()}, or null with probability {@code p}. */
    <T> T orNull(double p, Supplier<T> value) {
        return chance(p) ? null : value.get();
    }

    /** A string of {@code minLength..maxLength} characters from {@code alphabet}. */
    String string(int minLength, int maxLength, String alphabet) {
        int n = between(minLength, maxLength);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
