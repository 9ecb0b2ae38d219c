package dev.jobcache.application.admin;

import dev.jobcache.application.InvalidInput;
import dev.jobcache.application.cache.CacheInvalidator;
import dev.jobcache.application.cache.CacheStatistics;
import dev.jobcache.application.cache.InvalidationHistory;
import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.StoreOperation;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.testkit.fake.ForwardingCacheStore;
import dev.jobcache.testkit.fake.InMemoryCacheStore;
import dev.jobcache.testkit.fake.InMemoryInvalidationBus;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.fake.RecordingCacheMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Specification of {@link CacheAdministration}: the two-step clear, pattern invalidation, key pages, reports. */
class CacheAdministrationTest {

    private final MutableClock clock = new MutableClock();
    private final InMemoryCacheStore store = new InMemoryCacheStore(clock);
    private final InvalidationHistory history = new InvalidationHistory(10, clock);
    private final RecordingCacheMetrics metrics = new RecordingCacheMetrics();
    private final CacheAdministration admin = CacheAdministration.of(store,
            new CacheInvalidator(store, new InMemoryInvalidationBus(), metrics, "memory", Optional.of(history)),
            metrics, new CacheStatistics(), history, new RecentActivity(clock), clock);

    @Test
    void refusesARequestThatNamesNothing() {
        assertThatThrownBy(() -> admin.invalidation().invalidate(Set.of(), Set.of(), Set.of(), Optional.empty()))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("body"));
    }

    @Test
    void invalidatesEveryKeyMatchingAPatternAcrossPages() {
        for (int i = 0; i < AdminInvalidation.PATTERN_PAGE_SIZE + 20; i++) {
            put("GET:/jobs:user=alice:" + i);
        }
        put("GET:/health:public:1");

        long removed = admin.invalidation().invalidate(Set.of(), Set.of(), Set.of(), Optional.of(new KeyPattern("GET:/jobs:*")));

        assertThat(removed).isEqualTo(AdminInvalidation.PATTERN_PAGE_SIZE + 20);
        assertThat(store.usage().entries()).isEqualTo(1);
        assertThat(history.recent()).allSatisfy(e -> assertThat(e.invalidation().reason()).isEqualTo("admin"));
    }

    @Test
    void clearsNothingOnTheFirstStep() {
        put("GET:/health:public:1");

        AdminInvalidation.ClearOutcome first = admin.invalidation().clear(Optional.empty());

        assertThat(first).isInstanceOfSatisfying(AdminInvalidation.ClearOutcome.ConfirmationRequired.class,
                required -> assertThat(required.entries()).isEqualTo(1));
        assertThat(store.usage().entries()).isEqualTo(1);
    }

    @Test
    void clearsWithATokenOnlyOnce() {
        put("GET:/health:public:1");
        String token = tokenOf(admin.invalidation().clear(Optional.empty()));

        AdminInvalidation.ClearOutcome cleared = admin.invalidation().clear(Optional.of(token));
        AdminInvalidation.ClearOutcome reused = admin.invalidation().clear(Optional.of(token));

        assertThat(cleared).isEqualTo(new AdminInvalidation.ClearOutcome.Cleared(1));
        assertThat(reused).isInstanceOf(AdminInvalidation.ClearOutcome.Refused.class);
    }

    @Test
    void refusesATokenAfterSixtySeconds() {
        put("GET:/health:public:1");
        String token = tokenOf(admin.invalidation().clear(Optional.empty()));
        clock.advance(Duration.ofSeconds(60));

        AdminInvalidation.ClearOutcome late = admin.invalidation().clear(Optional.of(token));

        assertThat(late).isInstanceOf(AdminInvalidation.ClearOutcome.Refused.class);
        assertThat(store.usage().entries()).isEqualTo(1);
    }

    @Test
    void refusesAKeyPageLargerThanTheMaximum() {
        assertThatThrownBy(() -> admin.keys().keys(KeyPattern.ALL, Optional.empty(), KeyBrowser.MAX_LIMIT + 1))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("limit"));
    }

    @Test
    void refusesACursorTheStoreDoesNotKnowNamingTheCursor() {
        assertThatThrownBy(() -> admin.keys().keys(KeyPattern.ALL, Optional.of("abc"), 10))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("cursor"));
    }

    @Test
    void countsInvalidationsByReason() {
        put("GET:/health:public:1");

        admin.invalidation().invalidate(Set.of(), Set.of(), Set.of(new CacheKey("GET:/health:public:1")), Optional.empty());

        assertThat(admin.reports().stats().invalidationsByReason()).containsEntry("admin", 1L);
    }

    @Test
    void aSnapshotReadsTheStoresUsageAndHealthOnce() {
        AtomicInteger usageReads = new AtomicInteger();
        AtomicInteger healthReads = new AtomicInteger();
        CacheStore counting = new ForwardingCacheStore(store) {
            @Override
            public StoreUsage usage() {
                usageReads.incrementAndGet();
                return super.usage();
            }

            @Override
            public StoreHealth health() {
                healthReads.incrementAndGet();
                return super.health();
            }
        };
        put("GET:/health:public:1");
        CacheReports reports = new CacheReports(counting, metrics, new CacheStatistics(), history,
                new RecentActivity(clock), clock);

        CacheReports.Snapshot snapshot = reports.snapshot();

        // on Redis usage() scans the whole key space, and an open dashboard takes a snapshot a second
        assertThat(usageReads).hasValue(1);
        assertThat(healthReads).hasValue(1);
        assertThat(snapshot.stats().usage().entries()).isEqualTo(1);
    }

    @Test
    void countsTheNearCachesProbesNeitherAsRoutesLookupsNorAsCacheOperations() {
        CacheTier twoTier = CacheTier.of("two-tier");
        metrics.record(CacheEvent.of("/jobs", twoTier, CacheOutcome.HIT, Duration.ofMillis(1)));
        metrics.record(CacheEvent.of("/jobs", twoTier, CacheOutcome.MISS, Duration.ofMillis(9)));
        // the same two requests, as the near-cache saw them inside the store's reads
        metrics.record(CacheEvent.of("/jobs", CacheTier.L1, CacheOutcome.HIT, Duration.ZERO));
        metrics.record(CacheEvent.of("/jobs", CacheTier.L1, CacheOutcome.MISS, Duration.ZERO));
        metrics.record(CacheEvent.of("/jobs", twoTier, CacheOutcome.STORE, Duration.ZERO));
        metrics.record(CacheEvent.storeFailure(twoTier, StoreOperation.INVALIDATE_TAGS));

        CacheReports.Performance performance = admin.reports().performance();
        CacheReports.Stats stats = admin.reports().stats();

        assertThat(performance.routes()).singleElement().satisfies(route -> {
            assertThat(route.lookups()).isEqualTo(2);
            assertThat(route.hitRatio()).isEqualTo(0.5);
        });
        assertThat(stats.cacheOperations()).as("two lookups and a store").isEqualTo(3);
        assertThat(stats.storeErrors()).isEqualTo(1);
        assertThat(stats.errorRate()).isEqualTo(1.0 / 3);
    }

    private void put(String key) {
        store.put(new CacheKey(key), aCachedResponse().storedAt(clock.now()).withTtl(Duration.ofHours(1)).build(),
                Set.of(Tag.of("t")));
    }

    private static String tokenOf(AdminInvalidation.ClearOutcome outcome) {
        return ((AdminInvalidation.ClearOutcome.ConfirmationRequired) outcome).token();
    }
}
