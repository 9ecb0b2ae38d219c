package dev.jobcache.bootstrap.config;

import dev.jobcache.application.warming.IdleWarming;
import dev.jobcache.application.warming.UserWarming;
import dev.jobcache.domain.security.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Specification of {@link ConfigLoader}: defaults, precedence, and one clear line for every bad value. */
class ConfigLoaderTest {

    @Test
    void startsOnTheEmbeddedDefaults() {
        JobcacheConfig config = ConfigLoader.load(Map.of(), Map.of());

        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.cache().backend()).isEqualTo(CacheBackend.CAFFEINE);
        assertThat(config.cache().defaultTtl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(config.cache().maxMemoryBytes()).isEqualTo(100L * 1024 * 1024);
        assertThat(config.cache().compression()).isTrue();
        assertThat(config.cache().compressionMinBytes()).isEqualTo(1024);
        assertThat(config.jobsDb().url()).isEqualTo("jdbc:h2:file:./data/jobcache");
        assertThat(config.http().answerHitsFirst()).isTrue();
    }

    @Test
    void turnsTheFastPathForHitsOff() {
        JobcacheConfig config = ConfigLoader.load(Map.of(), Map.of("HTTP_FAST_PATH", "false"));

        assertThat(config.http().answerHitsFirst()).isFalse();
    }

    @Test
    void stopsOnAFastPathSettingThatIsNotABoolean() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("HTTP_FAST_PATH", "fast")))
                .hasMessage("HTTP_FAST_PATH=fast: expected true or false");
    }

    @Test
    void generatesOneUserAndOneAdminTokenWhenNoneAreConfigured() {
        JobcacheConfig config = ConfigLoader.load(Map.of(), Map.of());

        assertThat(config.auth().generated()).isTrue();
        assertThat(config.auth().tokens()).hasSize(2);
        assertThat(config.auth().tokens().values()).filteredOn(p -> p.has(Role.ADMIN)).hasSize(1);
    }

    @Test
    void readsUserAndAdminTokens() {
        JobcacheConfig config = ConfigLoader.load(Map.of(), Map.of(
                "AUTH_TOKENS", "alice:alice-secret-token, bob:bob-secret-token1",
                "ADMIN_TOKENS", "ops-secret-token-1"));

        assertThat(config.auth().generated()).isFalse();
        assertThat(config.auth().tokens().get("alice-secret-token").userId()).isEqualTo("alice");
        assertThat(config.auth().tokens().get("bob-secret-token1").userId()).isEqualTo("bob");
        assertThat(config.auth().tokens().get("ops-secret-token-1").has(Role.ADMIN)).isTrue();
    }

    @Test
    void warmsHealthAndVersionAndLogsNoOperationsByDefault() {
        JobcacheConfig config = ConfigLoader.load(Map.of(), Map.of());

        assertThat(config.cache().warmRoutes()).containsExactly("/health", "/version");
        assertThat(config.cache().logOperations()).isFalse();
    }

    @Test
    void readsOperationLoggingAndWarmingTurnedOff() {
        JobcacheConfig config = ConfigLoader.load(Map.of(), Map.of(
                "CACHE_LOG_OPERATIONS", "true", "CACHE_WARM_ROUTES", "none"));

        assertThat(config.cache().logOperations()).isTrue();
        assertThat(config.cache().warmRoutes()).isEmpty();
    }

    @Test
    void stopsOnAPerUserWarmRouteNamingTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("CACHE_WARM_ROUTES", "/health,/jobs")))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("CACHE_WARM_ROUTES=/health,/jobs: ")
                .hasMessageContaining("/jobs is per user");
    }

    @Test
    void stopsOnAnAdminWarmRoute() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("CACHE_WARM_ROUTES", "/admin/cache/stats")))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("CACHE_WARM_ROUTES=/admin/cache/stats: ");
    }

    @Test
    void leavesScheduledIdleAndUserWarmingOffByDefault() {
        JobcacheConfig.Warming warming = ConfigLoader.load(Map.of(), Map.of()).warming();

        assertThat(warming.schedule().isEmpty()).isTrue();
        assertThat(warming.idle()).isEmpty();
        assertThat(warming.users()).isEmpty();
    }

    @Test
    void readsTheWarmingScheduleAndEachBackgroundModeWithItsSettings() {
        JobcacheConfig.Warming warming = ConfigLoader.load(Map.of(), Map.of(
                "CACHE_WARM_SCHEDULE", "5m:/health,/version;60m:/openapi.json",
                "CACHE_WARM_IDLE", "true", "CACHE_WARM_IDLE_BELOW_RPS", "20", "CACHE_WARM_IDLE_LOADS_PER_SECOND", "2",
                "CACHE_WARM_USERS", "true", "CACHE_WARM_USERS_MAX", "500")).warming();

        assertThat(warming.schedule().describe()).isEqualTo("every 5m: /health, /version; every 60m: /openapi.json");
        assertThat(warming.idle()).hasValue(new IdleWarming.Settings(20, Duration.ofSeconds(30), 2, 200,
                Duration.ofSeconds(300)));
        assertThat(warming.users()).hasValue(new UserWarming.Settings(500, Duration.ofSeconds(900), 5));
    }

    @Test
    void stopsOnAWarmingScheduleItCannotReadInOneLineNamingTheVariableAndWhatIsAllowed() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("CACHE_WARM_SCHEDULE", "5:/health")))
                .isInstanceOf(ConfigError.class)
                .hasMessage("CACHE_WARM_SCHEDULE=5:/health: expected <minutes>m:<public routes separated by ','>, "
                        + "several separated by ';' (e.g. 5m:/health,/version;60m:/openapi.json), minutes from 1 to "
                        + "1440, or none; '5:/health' is not <minutes>m:<routes>");
    }

    @Test
    void stopsOnAScheduledRouteTheConfiguredPoliciesDoNotCacheOrKeepPerUser() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(
                "CACHE_ROUTE_TTLS", "/version=0", "CACHE_WARM_SCHEDULE", "5m:/health,/version")))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("CACHE_WARM_SCHEDULE=5m:/health,/version: expected ")
                .hasMessageEndingWith("; /version is not cached (its policy /version caches nothing)");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("CACHE_WARM_SCHEDULE", "5m:/user/me")))
                .hasMessageEndingWith("; /user/me is per user; only public routes are scheduled");
    }

    @Test
    void stopsOnAWarmingSettingOutOfRangeEvenWithItsModeOff() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("CACHE_WARM_IDLE_LOADS_PER_SECOND", "0")))
                .hasMessage("CACHE_WARM_IDLE_LOADS_PER_SECOND=0: expected a whole number from 1 to 50");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("CACHE_WARM_USERS", "sometimes")))
                .hasMessage("CACHE_WARM_USERS=sometimes: expected true or false");
    }

    @Test
    void stopsOnANonNumericMemoryLimitNamingTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("CACHE_MAX_MEMORY_MB", "abc")))
                .isInstanceOf(ConfigError.class)
                .hasMessage("CACHE_MAX_MEMORY_MB=abc: expected a whole number from 1 to 1048576");
    }

    @Test
    void stopsOnAnUnknownBackendListingTheAllowedOnes() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("CACHE_BACKEND", "memcached")))
                .isInstanceOf(ConfigError.class)
                .hasMessage("CACHE_BACKEND=memcached: expected one of caffeine, redis, two-tier, none");
    }

    @Test
    void readsTheRedisSettings() {
        JobcacheConfig config = ConfigLoader.load(Map.of(), Map.of(
                "CACHE_BACKEND", "redis", "REDIS_URL", "rediss://cache:secret@redis.internal:6380/2",
                "REDIS_TIMEOUT_MS", "80", "REDIS_BREAKER_OPEN_MS", "500"));

        assertThat(config.cache().backend()).isEqualTo(CacheBackend.REDIS);
        assertThat(config.redis().url()).isEqualTo("rediss://cache:secret@redis.internal:6380/2");
        assertThat(config.redis().commandTimeout()).isEqualTo(Duration.ofMillis(80));
        assertThat(config.redis().openFor()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.redis().toString()).doesNotContain("secret");
    }

    @Test
    void readsAClusterSeedListAndSentinelsAndTheReplicationSettings() {
        JobcacheConfig cluster = ConfigLoader.load(Map.of(), Map.of(
                "REDIS_URL", "redis-cluster://127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002",
                "REDIS_WAIT_REPLICAS", "1", "REDIS_READ_FROM", "replica-preferred"));
        JobcacheConfig sentinel = ConfigLoader.load(Map.of(), Map.of(
                "REDIS_URL", "redis-sentinel://127.0.0.1:26379,127.0.0.1:26380/0#jobcache"));

        assertThat(cluster.redis().url()).isEqualTo("redis-cluster://127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002");
        assertThat(cluster.redis().waitReplicas()).isEqualTo(1);
        assertThat(cluster.redis().readFromReplicas()).isTrue();
        assertThat(sentinel.redis().url()).isEqualTo("redis-sentinel://127.0.0.1:26379,127.0.0.1:26380/0#jobcache");
        assertThat(sentinel.redis().waitReplicas()).isEqualTo(-1);
        assertThat(sentinel.redis().readFromReplicas()).isFalse();
    }

    @Test
    void stopsOnReplicationSettingsItCannotUse() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("REDIS_WAIT_REPLICAS", "all")))
                .hasMessage("REDIS_WAIT_REPLICAS=all: expected auto or a number of replicas from 0 to 16");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("REDIS_READ_FROM", "replica")))
                .hasMessage("REDIS_READ_FROM=replica: expected master or replica-preferred");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("REDIS_URL", "redis://a:6379,b:6379")))
                .hasMessageStartingWith("REDIS_URL=redis://a:6379,b:6379: expected");
    }

    @Test
    void stopsOnARedisUrlItCannotUseWithoutShowingItsPassword() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("REDIS_URL", "http://user:secret@host:6379")))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("REDIS_URL=http://***@host:6379: expected redis://")
                .hasMessageNotContaining("secret");
    }

    @Test
    void stopsOnABooleanThatIsNotOne() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("CACHE_ENABLE_COMPRESSION", "maybe")))
                .hasMessage("CACHE_ENABLE_COMPRESSION=maybe: expected true or false");
    }

    @Test
    void stopsOnAHostThatIsNotOne() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("HTTP_HOST", "local host")))
                .hasMessage("HTTP_HOST=local host: expected a host name, an IPv4 address or a bracketed IPv6 address");
    }

    @Test
    void stopsOnAPortOutOfRange() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("HTTP_PORT", "70000")))
                .hasMessageStartingWith("HTTP_PORT=70000: ");
    }

    @Test
    void stopsOnADatabaseUrlItCannotServe() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("JOBS_DB_URL", "jdbc:mysql://db/jobs")))
                .hasMessage("JOBS_DB_URL=jdbc:mysql://db/jobs: expected a jdbc:h2: or jdbc:postgresql:// URL");
    }

    @Test
    void stopsOnAShortTokenWithoutPrintingIt() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("AUTH_TOKENS", "alice:short")))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("AUTH_TOKENS=(hidden): ")
                .hasMessageNotContaining("short");
    }

    @Test
    void overridesRouteTtlsAndRejectsUnknownRoutes() {
        JobcacheConfig config = ConfigLoader.load(Map.of(), Map.of("CACHE_ROUTE_TTLS", "/jobs=30, /jobs/{id}=0"));

        assertThat(config.cache().routeTtls()).containsEntry("/jobs", Duration.ofSeconds(30))
                .containsEntry("/jobs/{id}", Duration.ZERO);
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("CACHE_ROUTE_TTLS", "/nope=30")))
                .hasMessageStartingWith("CACHE_ROUTE_TTLS=/nope=30: expected route=seconds pairs");
    }

    @Test
    void prefersSystemPropertiesToEnvironmentToTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("jobcache.properties");
        Files.writeString(file, "HTTP_PORT=7001\nCACHE_DEFAULT_TTL=11\nCACHE_MAX_MEMORY_MB=12\n");

        JobcacheConfig config = ConfigLoader.load(
                Map.of("HTTP_PORT", "7003"),
                Map.of("JOBCACHE_CONFIG_FILE", file.toString(), "HTTP_PORT", "7002", "CACHE_DEFAULT_TTL", "22"));

        assertThat(config.http().port()).isEqualTo(7003);
        assertThat(config.cache().defaultTtl()).isEqualTo(Duration.ofSeconds(22));
        assertThat(config.cache().maxMemoryBytes()).isEqualTo(12L * 1024 * 1024);
    }

    @Test
    void stopsWhenTheNamedConfigFileIsMissing(@TempDir Path dir) {
        String missing = dir.resolve("absent.properties").toString();

        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("JOBCACHE_CONFIG_FILE", missing)))
                .hasMessage("JOBCACHE_CONFIG_FILE=" + missing + ": expected a readable properties file");
    }
}
