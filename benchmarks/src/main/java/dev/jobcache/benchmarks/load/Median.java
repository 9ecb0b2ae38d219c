package dev.jobcache.benchmarks.load;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Medians and percentiles of small samples. */
final class Median {

    private Median() {
    }

    /** The median; of an even count, the mean of the middle two. */
    static <T> double of(List<T> items, ToDoubleFunction<T> figure) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double[] values = items.stream().mapToDouble(figure).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /** The nearest-rank percentile ({@code p} in 0..100) of the values. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
