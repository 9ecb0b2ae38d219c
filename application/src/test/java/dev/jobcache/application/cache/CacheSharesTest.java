package dev.jobcache.application.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobcache.testkit.fake.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Specifies how {@link CacheShares} bounds the bytes one owner's entries may take. */
class CacheSharesTest {

    private final MutableClock clock = new MutableClock();
    private final CacheShares shares = new CacheShares(1_000, clock);

    @Test
    void admitsEntriesUntilTheOwnersShareIsFull() {
        assertThat(shares.admit("alice", 600, Duration.ofSeconds(60))).isTrue();
        assertThat(shares.admit("alice", 400, Duration.ofSeconds(60))).isTrue();
        assertThat(shares.admit("alice", 1, Duration.ofSeconds(60))).isFalse();
        assertThat(shares.bytesOf("alice")).isEqualTo(1_000);
    }

    @Test
    void oneOwnersFullShareLeavesOthersTheirs() {
        shares.admit("alice", 1_000, Duration.ofSeconds(60));

        assertThat(shares.admit("bob", 1_000, Duration.ofSeconds(60))).isTrue();
        assertThat(shares.admit("public", 500, Duration.ofSeconds(60))).isTrue();
    }

    @Test
    void anEntrysBytesStopCountingOnceItCanNoLongerBeHeld() {
        shares.admit("alice", 1_000, Duration.ofSeconds(60));

        clock.advance(Duration.ofSeconds(59));
        assertThat(shares.admit("alice", 1, Duration.ofSeconds(60))).isFalse();
        clock.advance(Duration.ofSeconds(3));
        assertThat(shares.bytesOf("alice")).isZero();
        assertThat(shares.admit("alice", 1_000, Duration.ofSeconds(60))).isTrue();
    }

    @Test
    void entriesOfDifferentLifetimesEndEachAtItsOwnTime() {
        shares.admit("alice", 300, Duration.ofSeconds(10));
        shares.admit("alice", 700, Duration.ofSeconds(600));

        clock.advance(Duration.ofSeconds(12));

        assertThat(shares.bytesOf("alice")).isEqualTo(700);
        assertThat(shares.admit("alice", 300, Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void refusesAnEntryLargerThanAWholeShare() {
        assertThat(shares.admit("alice", 1_001, Duration.ofSeconds(1))).isFalse();
        assertThat(shares.bytesOf("alice")).isZero();
    }

    @Test
    void theUnboundedShareAdmitsEverything() {
        assertThat(CacheShares.UNBOUNDED.admit("alice", Long.MAX_VALUE / 2, Duration.ofDays(365))).isTrue();
    }
}
