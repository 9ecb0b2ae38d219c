package dev.jobcache.domain.cache;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Specification of {@link AppliedInvalidations}: when a near-cache reflects what a consistency token names. */
class AppliedInvalidationsTest {

    private static final String A = "aaaaaaaa1";
    private static final String B = "bbbbbbbb2";
    private static final Duration COPY_MAX_AGE = Duration.ofSeconds(5);

    private final SteppedClock clock = new SteppedClock();
    private final AppliedInvalidations applied = new AppliedInvalidations(COPY_MAX_AGE);

    @Test
    void anEmptyTokenIsAlwaysReflected() {
        assertThat(reflects(ConsistencyToken.NONE)).isTrue();
    }

    @Test
    void anInstanceNeverHeardFromIsNotReflected() {
        assertThat(reflects(token(A, 1))).isFalse();
    }

    @Test
    void aNumberIsReflectedOnceItAndEveryOneBelowItAreApplied() {
        applied.applied(new InvalidationStamp(A, 1), clock.nanoTime());
        applied.applied(new InvalidationStamp(A, 3), clock.nanoTime());

        assertThat(reflects(token(A, 1))).isTrue();
        assertThat(reflects(token(A, 3))).as("2 is missing").isFalse();

        applied.applied(new InvalidationStamp(A, 2), clock.nanoTime());

        assertThat(reflects(token(A, 3))).isTrue();
        assertThat(reflects(token(A, 4))).isFalse();
    }

    @Test
    void everyInstanceOfTheTokenMustBeReflected() {
        applied.applied(new InvalidationStamp(A, 5), clock.nanoTime());

        assertThat(reflects(token(A, 5).merge(token(B, 1)))).isFalse();

        applied.applied(new InvalidationStamp(B, 1), clock.nanoTime());

        assertThat(reflects(token(A, 5).merge(token(B, 1)))).isTrue();
    }

    @Test
    void theFirstNumberHeardFromAnInstanceCountsForAllBelowIt() {
        applied.applied(new InvalidationStamp(A, 40), clock.nanoTime());

        assertThat(reflects(token(A, 39))).isTrue();
    }

    @Test
    void aGapIsClosedWhenTheNearCacheIsEmptied() {
        applied.applied(new InvalidationStamp(A, 1), clock.nanoTime());
        applied.applied(new InvalidationStamp(A, 4), clock.nanoTime());

        applied.emptied();

        assertThat(reflects(token(A, 4))).isTrue();
        assertThat(reflects(token(A, 5))).as("not heard yet").isFalse();
    }

    @Test
    void aGapIsClosedOnceACopysMaximumAgeHasPassedSinceItShowed() {
        applied.applied(new InvalidationStamp(A, 1), clock.nanoTime());
        applied.applied(new InvalidationStamp(A, 3), clock.nanoTime());
        clock.advance(COPY_MAX_AGE.minusMillis(1));
        applied.applied(new InvalidationStamp(A, 6), clock.nanoTime());
        // the token is issued now, so it does not age out itself during this test
        assertThat(reflects(token(A, 3))).isFalse();

        clock.advance(Duration.ofMillis(1));

        assertThat(reflects(token(A, 3))).as("the gap at 2 showed a maximum age ago").isTrue();
        assertThat(reflects(token(A, 6))).as("the gap at 4-5 showed just now").isFalse();
    }

    @Test
    void aMarkOlderThanACopysLifetimeIsReflectedWhateverWasApplied() {
        ConsistencyToken old = token(A, 9);

        clock.advance(ConsistencyToken.markLifetime(COPY_MAX_AGE).plusMillis(1));

        assertThat(reflects(old)).isTrue();
    }

    private boolean reflects(ConsistencyToken token) {
        return applied.reflects(token, clock.now(), clock.nanoTime());
    }

    private ConsistencyToken token(String origin, long sequence) {
        return ConsistencyToken.of(new InvalidationStamp(origin, sequence), clock.now());
    }

    private static final class SteppedClock {
        private Instant now = Instant.parse("2026-12-07T10:00:00Z");
        private long nanos;

        void advance(Duration step) {
            now = now.plus(step);
            nanos += step.toNanos();
        }

        Instant now() {
            return now;
        }

        long nanoTime() {
            return nanos;
        }
    }
}
