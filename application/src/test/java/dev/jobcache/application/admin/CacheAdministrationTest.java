package dev.jobcache.application.admin;

import dev.jobcache.application.InvalidInput;
import dev.jobcache.application.cache.CacheInvalidator;
import dev.jobcache.application.cache.CacheStatistics;
import dev.jobcache.application.cache.InvalidationHistory;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.testkit.fake.InMemoryCacheStore;
import dev.jobcache.testkit.fake.InMemoryInvalidationBus;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.fake.RecordingCacheMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Specification of {@link CacheAdministration}: validation, the two-step clear, pattern invalidation, key pages. */
class CacheAdministrationTest {

    private final MutableClock clock = new MutableClock();
    private final InMemoryCacheStore store = new InMemoryCacheStore(clock);
    private final InvalidationHistory history = new InvalidationHistory(10, clock);
    private final RecordingCacheMetrics metrics = new RecordingCacheMetrics();
    private final CacheAdministration admin = new CacheAdministration(store,
            new CacheInvalidator(store, new InMemoryInvalidationBus(), metrics, "memory", Optional.of(history)),
            metrics, new CacheStatistics(), history, clock);

    @Test
    void namesTheFirstBadTagByItsIndex() {
        assertThatThrownBy(() -> admin.invalidate(List.of("job:1", "job:2", "no spaces"), null, Optional.empty()))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("tags[2]"));
    }

    @Test
    void refusesARequestThatNamesNothing() {
        assertThatThrownBy(() -> admin.invalidate(List.of(), null, Optional.empty()))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("body"));
    }

    @Test
    void invalidatesEveryKeyMatchingAPatternAcrossPages() {
        for (int i = 0; i < CacheAdministration.PATTERN_PAGE_SIZE + 20; i++) {
            put("GET:/jobs:user=alice:" + i);
        }
        put("GET:/health:public:1");

        long removed = admin.invalidate(null, null, Optional.of("GET:/jobs:*"));

        assertThat(removed).isEqualTo(CacheAdministration.PATTERN_PAGE_SIZE + 20);
        assertThat(store.usage().entries()).isEqualTo(1);
        assertThat(history.recent()).allSatisfy(e -> assertThat(e.invalidation().reason()).isEqualTo("admin"));
    }

    @Test
    void clearsNothingOnTheFirstStep() {
        put("GET:/health:public:1");

        CacheAdministration.ClearOutcome first = admin.clear(Optional.empty());

        assertThat(first).isInstanceOfSatisfying(CacheAdministration.ClearOutcome.ConfirmationRequired.class,
                required -> assertThat(required.entries()).isEqualTo(1));
        assertThat(store.usage().entries()).isEqualTo(1);
    }

    @Test
    void clearsWithATokenOnlyOnce() {
        put("GET:/health:public:1");
        String token = tokenOf(admin.clear(Optional.empty()));

        CacheAdministration.ClearOutcome cleared = admin.clear(Optional.of(token));
        CacheAdministration.ClearOutcome reused = admin.clear(Optional.of(token));

        assertThat(cleared).isEqualTo(new CacheAdministration.ClearOutcome.Cleared(1));
        assertThat(reused).isInstanceOf(CacheAdministration.ClearOutcome.Refused.class);
    }

    @Test
    void refusesATokenAfterSixtySeconds() {
        put("GET:/health:public:1");
        String token = tokenOf(admin.clear(Optional.empty()));
        clock.advance(Duration.ofSeconds(60));

        CacheAdministration.ClearOutcome late = admin.clear(Optional.of(token));

        assertThat(late).isInstanceOf(CacheAdministration.ClearOutcome.Refused.class);
        assertThat(store.usage().entries()).isEqualTo(1);
    }

    @Test
    void refusesAKeyPageLargerThanTheMaximum() {
        assertThatThrownBy(() -> admin.keys(Optional.empty(), Optional.empty(), Optional.of("501")))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("limit"));
    }

    @Test
    void countsInvalidationsByReason() {
        put("GET:/health:public:1");

        admin.invalidate(null, List.of("GET:/health:public:1"), Optional.empty());

        assertThat(admin.stats().invalidationsByReason()).containsEntry("admin", 1L);
    }

    private void put(String key) {
        store.put(new CacheKey(key), aCachedResponse().storedAt(clock.now()).withTtl(Duration.ofHours(1)).build(),
                Set.of(Tag.of("t")));
    }

    private static String tokenOf(CacheAdministration.ClearOutcome outcome) {
        return ((CacheAdministration.ClearOutcome.ConfirmationRequired) outcome).token();
    }
}
