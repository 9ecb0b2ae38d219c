package dev.jobcache.benchmarks.workload;

import java.util.Arrays;
import java.util.Random;

/**
 * Ranks drawn with probability proportional to {@code 1 / (rank + 1)^s}: rank 0 (the most popular user, the newest
 * job) most often, the long tail rarely. The number of ranks may change between draws (a user's jobs come and go), so
 * the cumulative weights are computed once for the most ranks there can be and searched over a prefix.
 */
final class Zipf {

    private final double[] cumulative;

    Zipf(double exponent, int maxRanks) {
        cumulative = new double[maxRanks];
        double total = 0;
        for (int rank = 0; rank < maxRanks; rank++) {
            total += 1.0 / Math.pow(rank + 1, exponent);
            cumulative[rank] = total;
        }
    }

    /** A rank in {@code [0, ranks)}; the same {@code random} state gives the same rank. */
    int rank(Random random, int ranks) {
        int n = Math.min(ranks, cumulative.length);
        if (n < 1) {
            throw new IllegalArgumentException("no ranks to draw from: " + ranks);
        }
        int found = Arrays.binarySearch(cumulative, 0, n, random.nextDouble() * cumulative[n - 1]);
        return found >= 0 ? found : Math.min(-found - 1, n - 1);
    }
}
