package dev.jobcache.domain.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Specifies the boundaries between the {@link Freshness} states of a cached response. */
class FreshnessTest {

    private static final Instant STORED = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(60);
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Duration NANO = Duration.ofNanos(1);

    @Test
    void isFreshFromStorageUntilJustBeforeTheTtlEnds() {
        CachedResponse response = storedWithGrace(GRACE);

        Freshness atStore = response.freshnessAt(STORED);
        Freshness lastMoment = response.freshnessAt(STORED.plus(TTL).minus(NANO));

        assertThat(atStore).isEqualTo(Freshness.FRESH);
        assertThat(lastMoment).isEqualTo(Freshness.FRESH);
    }

    @Test
    void isStaleFromTheEndOfTheTtlUntilJustBeforeTheGraceEnds() {
        CachedResponse response = storedWithGrace(GRACE);

        Freshness atExpiry = response.freshnessAt(STORED.plus(TTL));
        Freshness lastMoment = response.freshnessAt(STORED.plus(TTL).plus(GRACE).minus(NANO));

        assertThat(atExpiry).isEqualTo(Freshness.STALE);
        assertThat(lastMoment).isEqualTo(Freshness.STALE);
    }

    @Test
    void isExpiredOnceTheGraceEnds() {
        CachedResponse response = storedWithGrace(GRACE);

        Freshness atEnd = response.freshnessAt(STORED.plus(TTL).plus(GRACE));

        assertThat(atEnd).isEqualTo(Freshness.EXPIRED);
    }

    @Test
    void withoutGraceGoesStraightFromFreshToExpired() {
        CachedResponse response = storedWithGrace(Duration.ZERO);

        Freshness atExpiry = response.freshnessAt(STORED.plus(TTL));

        assertThat(atExpiry).isEqualTo(Freshness.EXPIRED);
    }

    @Test
    void aStoreKeepsAnEntryForItsTtlPlusGrace() {
        CachedResponse response = storedWithGrace(GRACE);

        Duration retention = response.retention();

        assertThat(retention).isEqualTo(Duration.ofSeconds(70));
        assertThat(response.expiresAt()).isEqualTo(STORED.plus(TTL));
    }

    @Test
    void ageCountsWholeSecondsAndIsNeverNegative() {
        CachedResponse response = storedWithGrace(GRACE);

        long later = response.ageSecondsAt(STORED.plusMillis(2_999));
        long earlier = response.ageSecondsAt(STORED.minusSeconds(5));

        assertThat(later).isEqualTo(2);
        assertThat(earlier).isZero();
    }

    private static CachedResponse storedWithGrace(Duration grace) {
        return new CachedResponse(200, Map.of(), new byte[0], false, "\"e\"", STORED, TTL, grace);
    }
}
