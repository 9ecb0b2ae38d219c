package dev.jobcache.application.admin;

import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.cache.StoreUsage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Specification of {@link CacheAdvisor}: each rule, its threshold, and the figure it reports. */
class CacheAdvisorTest {

    private static final StoreUsage ROOMY = new StoreUsage(10, 1_000, 100_000, 0);
    private static final StoreHealth FAST = StoreHealth.up("memory", Duration.ofMillis(1));

    private final CacheAdvisor advisor = new CacheAdvisor();

    @Test
    void saysNothingAboutAHealthyCache() {
        List<Recommendation> advice = advisor.advise(figures(route(500, 0.9), 100, 0, ROOMY, FAST));

        assertThat(advice).isEmpty();
    }

    @Test
    void flagsALowHitRatioWithTheRatioAndLookups() {
        List<Recommendation> advice = advisor.advise(figures(route(200, 0.25), 100, 0, ROOMY, FAST));

        assertThat(advice).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo("low-hit-ratio");
            assertThat(r.route()).isEqualTo("/jobs");
            assertThat(r.figure()).isEqualTo("hit ratio 25% over 200 lookups");
        });
    }

    @Test
    void blamesInvalidationsWhenMostStoredEntriesAreInvalidated() {
        List<Recommendation> advice = advisor.advise(figures(route(200, 0.1), 100, 80, ROOMY, FAST));

        assertThat(advice).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo("low-hit-ratio-invalidations");
            assertThat(r.figure()).contains("80 of 100 stored entries invalidated");
        });
    }

    @Test
    void ignoresALowHitRatioOverTooFewLookups() {
        List<Recommendation> advice = advisor.advise(figures(route(99, 0.0), 10, 0, ROOMY, FAST));

        assertThat(advice).isEmpty();
    }

    @Test
    void flagsEvictionsWhenTheStoreIsNearlyFull() {
        StoreUsage full = new StoreUsage(1_000, 95_000, 100_000, 42);

        List<Recommendation> advice = advisor.advise(figures(route(0, 0), 0, 0, full, FAST));

        assertThat(advice).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo("memory-pressure");
            assertThat(r.figure()).isEqualTo("42 evictions; 95000 of 100000 bytes used");
        });
    }

    @Test
    void ignoresEvictionsWhileTheStoreHasRoom() {
        StoreUsage roomyButEvicted = new StoreUsage(1_000, 50_000, 100_000, 42);

        assertThat(advisor.advise(figures(route(0, 0), 0, 0, roomyButEvicted, FAST))).isEmpty();
    }

    @Test
    void flagsARedisPolicyThatIsNeitherLruLfuNorVolatile() {
        StoreHealth redis = new StoreHealth("redis", true, Duration.ofMillis(1), Map.of("maxmemory-policy", "noeviction"));

        List<Recommendation> advice = advisor.advise(figures(route(0, 0), 0, 0, ROOMY, redis));

        assertThat(advice).extracting(Recommendation::code, Recommendation::figure)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("eviction-policy", "maxmemory-policy=noeviction"));
    }

    @Test
    void acceptsLruLfuAndVolatilePolicies() {
        for (String policy : List.of("volatile-lru", "allkeys-lfu", "volatile-ttl", "allkeys-lru")) {
            StoreHealth redis = new StoreHealth("redis", true, Duration.ZERO, Map.of("maxmemory-policy", policy));

            assertThat(advisor.advise(figures(route(0, 0), 0, 0, ROOMY, redis))).as(policy).isEmpty();
        }
    }

    @Test
    void flagsAStoreSlowerThanTenMilliseconds() {
        StoreHealth slow = StoreHealth.up("redis", Duration.ofMillis(14));

        List<Recommendation> advice = advisor.advise(figures(route(0, 0), 0, 0, ROOMY, slow));

        assertThat(advice).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo("store-latency");
            assertThat(r.figure()).isEqualTo("latency 14 ms");
        });
    }

    @Test
    void flagsAnL1ThatEvicts() {
        StoreHealth near = new StoreHealth("redis", true, Duration.ZERO,
                Map.of("l1.evictions", "12", "l1.maxBytes", "1024"));

        List<Recommendation> advice = advisor.advise(figures(route(0, 0), 0, 0, ROOMY, near));

        assertThat(advice).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo("l1-too-small");
            assertThat(r.figure()).isEqualTo("l1.evictions=12, l1.maxBytes=1024");
        });
    }

    @Test
    void warnsThatRedisMemoryGrowsWithoutBoundWhenMaxmemoryIsZero() {
        StoreHealth unbounded = new StoreHealth("redis", true, Duration.ZERO,
                Map.of("maxmemory", "0", "maxmemory-policy", "allkeys-lru"));

        List<Recommendation> advice = advisor.advise(figures(route(0, 0), 0, 0, ROOMY, unbounded));

        assertThat(advice).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo("unbounded-memory");
            assertThat(r.route()).isEqualTo("*");
            assertThat(r.advice()).contains("maxmemory", "allkeys-lru", "volatile-lru");
            assertThat(r.figure()).isEqualTo("maxmemory=0");
        });
    }

    @Test
    void warnsInHealthForEachClusterMasterWithoutMaxmemory() {
        StoreHealth cluster = new StoreHealth("redis", true, Duration.ZERO, Map.of(
                "10.0.0.1:7000 maxmemory", "0", "10.0.0.2:7000 maxmemory", "1073741824"));

        List<Recommendation> warnings = advisor.healthWarnings(cluster);

        assertThat(warnings).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo("unbounded-memory");
            assertThat(r.figure()).isEqualTo("10.0.0.1:7000 maxmemory=0");
        });
    }

    private static CacheAdvisor.RouteFigures route(long lookups, double hitRatio) {
        return new CacheAdvisor.RouteFigures("/jobs", lookups, hitRatio);
    }

    private static CacheAdvisor.Figures figures(CacheAdvisor.RouteFigures route, long stored, long invalidated,
                                                StoreUsage usage, StoreHealth health) {
        return new CacheAdvisor.Figures(List.of(route), stored, invalidated, usage, health);
    }
}
