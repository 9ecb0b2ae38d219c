package dev.jobcache.benchmarks.jmh;

import java.util.Arrays;
import java.util.Random;

/**
 * A fixed sequence of entry indices drawn from a Zipf distribution, as a cache sees requests: a few entries are
 * asked for all the time, most rarely. Drawn once in set-up, so a benchmark pays an array read per operation and
 * no random numbers; the sequence is a power of two long so that cycling through it is a mask.
 *
 * <p>Ranks are scrambled onto indices by a seeded shuffle: the hottest entries are then spread over the store, not
 * the first ones inserted, which would sit next to each other in memory. The exponent 0.99 is the one YCSB's
 * workloads (and Caffeine's benchmarks after them) use.
 */
public final class ZipfKeys {

    public static final double EXPONENT = 0.99;
    private static final int LENGTH = 1 << 16;
    private static final long SEED = 42;

    private final int[] sequence;

    private ZipfKeys(int[] sequence) {
        this.sequence = sequence;
    }

    /** Indices in {@code [0, entries)}, the same sequence in every run. */
    public static ZipfKeys over(int entries) {
        return over(entries, SEED);
    }

    /** Indices in {@code [0, entries)}. */
    public static ZipfKeys over(int entries, long seed) {
        if (entries < 1) {
            throw new IllegalArgumentException("entries must be positive, was " + entries);
        }
        Random random = new Random(seed);
        double[] cumulative = new double[entries];
        double total = 0;
        for (int rank = 0; rank < entries; rank++) {
            total += 1.0 / Math.pow(rank + 1, EXPONENT);
            cumulative[rank] = total;
        }
        int[] indexOfRank = shuffled(entries, random);
        int[] sequence = new int[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            int found = Arrays.binarySearch(cumulative, random.nextDouble() * total);
            int rank = found >= 0 ? found : Math.min(-found - 1, entries - 1);
            sequence[i] = indexOfRank[rank];
        }
        return new ZipfKeys(sequence);
    }

    /** The {@code n}th index of the sequence, any {@code n}: it wraps around. */
    public int at(int n) {
        return sequence[n & (LENGTH - 1)];
    }

    /** A start for one thread's walk, so threads do not ask for the same entry in lock step. */
    public static int startFor(long threadSeed) {
        return new Random(threadSeed).nextInt(LENGTH);
    }

    private static int[] shuffled(int n, Random random) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
        return values;
    }
}
