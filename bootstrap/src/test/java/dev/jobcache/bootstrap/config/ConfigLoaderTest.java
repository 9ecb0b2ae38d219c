package dev.jobcache.bootstrap.config;

import dev.jobcache.application.warming.IdleWarming;
import dev.jobcache.application.warming.UserWarming;
import dev.jobcache.domain.security.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
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
    void writesTextLogsWithAnAccessLineForEveryRequestByDefault() {
        JobcacheConfig config = ConfigLoader.load(Map.of(), Map.of());

        assertThat(config.logs().format()).isEqualTo(LogFormat.TEXT);
        assertThat(config.logs().accessLog()).isTrue();
    }

    @Test
    void readsJsonLogsAndTheAccessLogTurnedOff() {
        JobcacheConfig config = ConfigLoader.load(Map.of(), Map.of("LOG_FORMAT", "JSON", "ACCESS_LOG", "false"));

        assertThat(config.logs().format()).isEqualTo(LogFormat.JSON);
        assertThat(config.logs().accessLog()).isFalse();
    }

    @Test
    void stopsOnALogFormatItDoesNotWriteOrAnAccessLogSettingThatIsNotABoolean() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("LOG_FORMAT", "xml")))
                .isInstanceOf(ConfigError.class).hasMessage("LOG_FORMAT=xml: expected one of text, json");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("ACCESS_LOG", "sometimes")))
                .isInstanceOf(ConfigError.class).hasMessage("ACCESS_LOG=sometimes: expected true or false");
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

    /** Every boolean setting takes exactly what its message says: {@code true} or {@code false}. */
    private static final List<String> BOOLEANS = List.of("HTTP_FAST_PATH", "CACHE_ENABLE_COMPRESSION",
            "CACHE_LOG_OPERATIONS", "CACHE_REFRESH_AHEAD", "CACHE_CLIENT_REVALIDATE", "ACCESS_LOG", "CACHE_WARM_IDLE",
            "HTTP_SERVER_TIMING",
            "CACHE_WARM_USERS");

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "TRUE", "False", "yes", "no", "on", "off", "1", "0", "t", "enabled"})
    void everyBooleanStopsOnAnythingButTrueOrFalse(String value) {
        for (String name : BOOLEANS) {
            assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(name, value)))
                    .isInstanceOf(ConfigError.class)
                    .hasMessage(name + "=" + value + ": expected true or false");
        }
    }

    @Test
    void everyBooleanTakesTrueAndFalse() {
        Map<String, String> allTrue = new HashMap<>();
        Map<String, String> allFalse = new HashMap<>();
        BOOLEANS.forEach(name -> {
            allTrue.put(name, "true");
            allFalse.put(name, " false ");
        });

        JobcacheConfig on = ConfigLoader.load(Map.of(), allTrue);
        JobcacheConfig off = ConfigLoader.load(Map.of(), allFalse);

        assertThat(List.of(on.http().answerHitsFirst(), on.cache().compression(), on.cache().logOperations(),
                on.cache().refreshAhead(), on.cache().clientRevalidate())).containsOnly(true);
        assertThat(List.of(off.http().answerHitsFirst(), off.cache().compression(), off.cache().logOperations(),
                off.cache().refreshAhead(), off.cache().clientRevalidate())).containsOnly(false);
    }

    /** A bad value of each kind: one line naming the variable and the value, and saying what is allowed. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "HTTP_PORT | 80a | expected a whole number from 0 to 65535",
            "HTTP_PORT | -1 | expected a whole number from 0 to 65535",
            "HTTP_MAX_JSON_BODY_KB | 0 | expected a whole number from 1 to 1048576",
            "HTTP_HEADER_TIMEOUT_MS | 10s | expected a whole number from 100 to 3600000",
            "HTTP_BODY_TIMEOUT_MS | 99 | expected a whole number from 100 to 3600000",
            "CACHE_BACKEND | two_tier | expected one of caffeine, redis, two-tier, none",
            "CACHE_DEFAULT_TTL | 5m | expected a whole number from 1 to 31536000",
            "CACHE_ROUTE_TTLS | /jobs:30 | expected route=seconds pairs",
            "CACHE_STALE_GRACE_SECONDS | 99999999999 | expected a whole number from 0 to 86400",
            "CACHE_MAX_MEMORY_MB | 1.5 | expected a whole number from 1 to 1048576",
            "CACHE_MAX_ENTRY_KB | 0 | expected a whole number from 1 to 524288",
            "CACHE_OWNER_SHARE_PERCENT | 101 | expected a whole number from 1 to 100",
            "CACHE_COMPRESSION_MIN_BYTES | -5 | expected a whole number from 0 to 2147483647",
            "CACHE_SINGLE_FLIGHT_WAIT_MS | 1e3 | expected a whole number from 0 to 600000",
            "CACHE_WARM_ROUTES | health | expected public routes separated by commas",
            "CACHE_L1_MAX_MEMORY_MB | 0 | expected a whole number from 1 to 1048576",
            "CACHE_L1_MAX_AGE_MS | 0 | expected a whole number from 1 to 86400000",
            "CACHE_BUS_DELIVERY_DELAY_MS | 60001 | expected a whole number from 0 to 60000",
            "REDIS_URL | localhost:6379 | expected redis://host:port/db",
            "REDIS_WAIT_REPLICAS | 17 | expected auto or a number of replicas from 0 to 16",
            "REDIS_READ_FROM | replicas | expected master or replica-preferred",
            "REDIS_TIMEOUT_MS | 0 | expected a whole number from 1 to 60000",
            "REDIS_BREAKER_FAILURE_RATE | 0 | expected a whole number from 1 to 100",
            "REDIS_BREAKER_WINDOW | many | expected a whole number from 1 to 10000",
            "REDIS_BREAKER_MIN_CALLS | 0 | expected a whole number from 1 to 10000",
            "REDIS_BREAKER_OPEN_MS | 2s | expected a whole number from 1 to 3600000",
            "REDIS_KEY_PREFIX | jobs cache | expected 1 to 64 letters, digits",
            "JOBS_DB_URL | postgresql://db/jobs | expected a jdbc:h2: or jdbc:postgresql:// URL",
            "JOBS_MAX_RESULT_MB | 1025 | expected a whole number from 1 to 1024",
            "SHUTDOWN_GRACE_SECONDS | 3601 | expected a whole number from 0 to 3600",
            "HTTP_HOST | 999.1.1.1 | expected an IPv4 address",
            "HTTP_FAST_PATH | yes | expected true or false"
    })
    void everyBadValueStopsWithOneLineNamingTheVariableTheValueAndWhatIsAllowed(String name, String value,
                                                                              String allowed) {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(name, value)))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith(name + "=" + value + ": " + allowed)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void stopsOnReplicaReadsWithoutReplicaAcknowledgementsNamingTheSettingToChange() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("REDIS_READ_FROM", "replica-preferred")))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("REDIS_READ_FROM=replica-preferred: replica-preferred needs REDIS_WAIT_REPLICAS"
                        + " of 1 or more (auto is 0 on one server)");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("REDIS_READ_FROM", "replica-preferred",
                "REDIS_URL", "redis-cluster://127.0.0.1:7000", "REDIS_WAIT_REPLICAS", "0")))
                .hasMessageStartingWith("REDIS_READ_FROM=replica-preferred: ");
        assertThat(ConfigLoader.load(Map.of(), Map.of("REDIS_READ_FROM", "replica-preferred",
                "REDIS_WAIT_REPLICAS", "1")).redis().readFromReplicas()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"999.1.1.1", "256.0.0.1", "1.2.3", "127.1", "01.2.3.4", "1.2.3.4.5", "1.2.3.4.", "::g",
            "[::1", "1:2:3:4:5:6:7:8:9", "my_host", "local host", "-leading.dash", "*"})
    void stopsOnAHostThatIsNoAddressNamingHttpHostAndWhatIsAllowed(String host) {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("HTTP_HOST", host)))
                .isInstanceOf(ConfigError.class)
                .hasMessage("HTTP_HOST=" + host + ": expected an IPv4 address such as 127.0.0.1, an IPv6 address such"
                        + " as ::1, or a host name that resolves");
    }

    @Test
    void stopsOnAHostNameThatDoesNotResolve() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("HTTP_HOST", "no-such-host.invalid")))
                .isInstanceOf(ConfigError.class)
                .hasMessage("HTTP_HOST=no-such-host.invalid: does not resolve to an address; expected an IPv4 address"
                        + " such as 127.0.0.1, an IPv6 address such as ::1, or a host name that resolves");
    }

    @ParameterizedTest
    @CsvSource({"0.0.0.0, 0.0.0.0", "127.0.0.1, 127.0.0.1", "255.255.255.255, 255.255.255.255", "::1, [::1]",
            "[::1], [::1]", "::, [::]", "localhost, localhost"})
    void listensOnAnIpAddressOrAHostNameThatResolves(String host, String listensOn) {
        assertThat(ConfigLoader.load(Map.of(), Map.of("HTTP_HOST", host)).http().host()).isEqualTo(listensOn);
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
