package dev.jobcache.benchmarks.workload;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Specification of the Zipf sampler: reproducible from a seed, and skewed as s = 1 says. */
class ZipfTest {

    private final Zipf zipf = new Zipf(1.0, 1_000);

    @Test
    void theSameSeedDrawsTheSameRanks() {
        Random first = new Random(7);
        Random second = new Random(7);

        int[] ranks = IntStream.range(0, 1_000).map(i -> zipf.rank(first, 200)).toArray();

        assertThat(IntStream.range(0, 1_000).map(i -> zipf.rank(second, 200)).toArray()).isEqualTo(ranks);
    }

    @Test
    void ranksStayWithinTheRanksAskedFor() {
        Random random = new Random(1);

        assertThat(IntStream.range(0, 10_000).map(i -> zipf.rank(random, 3))).allMatch(rank -> rank >= 0 && rank < 3);
        assertThat(zipf.rank(random, 1)).isZero();
    }

    @Test
    void rankZeroIsDrawnWithProbabilityOneOverTheHarmonicNumber() {
        Random random = new Random(3);
        int draws = 200_000;
        double harmonic = IntStream.rangeClosed(1, 200).mapToDouble(k -> 1.0 / k).sum();

        long top = IntStream.range(0, draws).filter(i -> zipf.rank(random, 200) == 0).count();

        assertThat((double) top / draws).isCloseTo(1 / harmonic, within(0.005));
    }
}
