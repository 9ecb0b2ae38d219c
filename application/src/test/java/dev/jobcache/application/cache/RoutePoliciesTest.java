package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheScope;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Specification of {@link RoutePolicies}: the DESIGN.md table, matching, and configuration overrides. */
class RoutePoliciesTest {

    private final RoutePolicies defaults = RoutePolicies.defaults(Duration.ofSeconds(300), Duration.ofSeconds(10), Map.of());

    @Test
    void matchesEachRouteOfTheDesignTable() {
        assertThat(defaults.match("/jobs/42/download").policy().route()).isEqualTo(RoutePolicies.JOB_DOWNLOAD);
        assertThat(defaults.match("/jobs/42").pathParameters()).containsEntry("id", "42");
        assertThat(defaults.match("/jobs/").policy().route()).isEqualTo(RoutePolicies.JOBS);
        assertThat(defaults.match("/user/me").policy().ttl()).isEqualTo(Duration.ofSeconds(600));
        assertThat(defaults.match("/version").policy().cacheControl()).isEqualTo("public, max-age=3600");
        assertThat(defaults.match("/jobs").policy().scope()).isEqualTo(CacheScope.USER);
    }

    @Test
    void neverCachesAdministration() {
        assertThat(defaults.match("/admin/cache/stats").policy().cacheable()).isFalse();
    }

    @Test
    void givesUnknownPathsTheDefaultTtl() {
        assertThat(defaults.match("/openapi.json").policy().ttl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(defaults.match("/openapi.json").policy().route()).isEqualTo(RoutePolicies.OTHER);
    }

    @Test
    void appliesConfiguredTtlsAndTurnsRoutesOffWithZero() {
        RoutePolicies configured = RoutePolicies.defaults(Duration.ofSeconds(300), Duration.ZERO,
                Map.of(RoutePolicies.JOBS, Duration.ofSeconds(30), RoutePolicies.JOB, Duration.ZERO));

        assertThat(configured.match("/jobs").policy().ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(configured.match("/jobs").policy().cacheControl()).isEqualTo("private, max-age=30");
        assertThat(configured.match("/jobs/1").policy().cacheable()).isFalse();
    }

    @Test
    void refusesAnOverrideForARouteThatDoesNotExist() {
        assertThatThrownBy(() -> RoutePolicies.defaults(Duration.ofSeconds(1), Duration.ZERO,
                Map.of("/nope", Duration.ofSeconds(1)))).isInstanceOf(IllegalArgumentException.class);
    }
}
