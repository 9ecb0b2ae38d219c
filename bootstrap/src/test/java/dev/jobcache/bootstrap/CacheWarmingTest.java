package dev.jobcache.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobcache.application.warming.WarmMode;
import dev.jobcache.application.warming.WarmingActivity;
import dev.jobcache.testkit.fake.MutableClock;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cache warming in the whole service, over HTTP: entries become hits without a client having asked for them, loaded
 * as the right caller with its real roles, and each mode says what it did in the admin API. The service runs on a
 * clock the test moves; the warming threads look at it on their own.
 */
@ParameterizedClass(name = "HTTP_FAST_PATH={0}")
@ValueSource(strings = {"true", "false"})
class CacheWarmingTest {

    private static final String ALICE = "alice-token-0001";
    private static final String ROOT = "root-admin-token-01";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    /** Whether hits are answered in front of Jersey: both ways tell warming of every client request. */
    private final String fastPath;
    private final MutableClock clock = new MutableClock();

    CacheWarmingTest(String fastPath) {
        this.fastPath = fastPath;
    }

    @Test
    void warmingUserMeForAnAdminCachesTheAdminsRealRoles(@TempDir Path data) {
        try (RunningService app = service(data).start()) {
            HttpResponse<String> warmed = app.send("POST", "/admin/cache/warm", ROOT,
                    "{\"routes\":[\"/user/me\"],\"users\":[\"root\"]}");

            HttpResponse<String> me = app.get("/user/me", ROOT);

            assertThat(json(warmed).at("/results/0/cache").asText()).isEqualTo("MISS");
            assertThat(me.headers().firstValue("X-Cache")).hasValue("HIT");
            assertThat(json(me).get("roles")).extracting(JsonNode::asText).containsExactly("ADMIN", "USER");
        }
    }

    @Test
    void scheduledWarmingReloadsTheListedRoutesEveryPeriodWithoutAClientAsking(@TempDir Path data) {
        try (RunningService app = service(data).with("CACHE_WARM_SCHEDULE", "1m:/version,/health").start(clock)) {
            clock.advance(Duration.ofMinutes(1));
            awaitRuns(app, WarmMode.SCHEDULED, 1);

            HttpResponse<String> version = app.get("/version", null);
            HttpResponse<String> status = app.get("/admin/cache/warm", ROOT);

            assertThat(version.headers().firstValue("X-Cache")).hasValue("HIT");
            JsonNode scheduled = mode(status, "scheduled");
            assertThat(scheduled.get("enabled").asBoolean()).isTrue();
            assertThat(scheduled.get("settings").asText()).isEqualTo("every 1m: /version, /health");
            assertThat(scheduled.at("/lastRun/loaded").asInt()).isEqualTo(2);
            assertThat(scheduled.at("/lastRun/failed").asInt()).isZero();
            assertThat(app.get("/metrics", null).body()).as("each mode's series, at 0 for the modes left off")
                    .contains("jobcache_cache_warm_runs_total{mode=\"scheduled\"} 1.0")
                    .contains("jobcache_cache_warm_loads_total{mode=\"scheduled\"} 2.0")
                    .contains("jobcache_cache_warm_failures_total{mode=\"scheduled\"} 0.0")
                    .contains("jobcache_cache_warm_loads_total{mode=\"idle\"} 0.0");
        }
    }

    @Test
    void idleWarmingReloadsWhatClientsReadLatelyOnceTheyHaveBeenQuiet(@TempDir Path data) {
        try (RunningService app = service(data).with("CACHE_WARM_IDLE", "true").start(clock)) {
            app.get("/jobs", ALICE);
            app.get("/jobs", ALICE);
            // /jobs lives 120 s and may be served 10 s stale: gone by now, unless warmed
            clock.advance(Duration.ofSeconds(200));
            awaitRuns(app, WarmMode.IDLE, 1);

            HttpResponse<String> jobs = app.get("/jobs", ALICE);
            JsonNode idle = mode(app.get("/admin/cache/warm", ROOT), "idle");

            assertThat(jobs.headers().firstValue("X-Cache")).hasValue("HIT");
            assertThat(idle.at("/lastRun/loaded").asInt()).isEqualTo(1);
            assertThat(idle.at("/details/idle").asText()).isEqualTo("true");
        }
    }

    @Test
    void userBasedWarmingKeepsAnActiveUsersPagesWarmAsThemAndReloadsThemAfterTheirWrite(@TempDir Path data) {
        try (RunningService app = service(data).with("CACHE_WARM_USERS", "true").start(clock)) {
            app.get("/jobs", ALICE);
            app.get("/health", ROOT);
            // alice's /user/me, root's /jobs and /user/me: alice's /jobs is fresh
            awaitLoadsAsTimePasses(app, WarmMode.USERS, 3);

            HttpResponse<String> alicesProfile = app.get("/user/me", ALICE);
            HttpResponse<String> rootsProfile = app.get("/user/me", ROOT);

            assertThat(alicesProfile.headers().firstValue("X-Cache")).hasValue("HIT");
            assertThat(rootsProfile.headers().firstValue("X-Cache")).hasValue("HIT");
            assertThat(json(rootsProfile).get("roles")).extracting(JsonNode::asText).containsExactly("ADMIN", "USER");

            String id = json(app.send("POST", "/jobs", ALICE, "{\"type\":\"render\"}")).get("id").asText();
            // the write dropped alice's first page and profile
            awaitLoadsAsTimePasses(app, WarmMode.USERS, 5);
            HttpResponse<String> jobs = app.get("/jobs", ALICE);

            assertThat(jobs.headers().firstValue("X-Cache")).hasValue("HIT");
            assertThat(jobs.body()).contains(id);
            assertThat(mode(app.get("/admin/cache/warm", ROOT), "users").at("/details/activeUsers").asInt())
                    .isEqualTo(2);
        }
    }

    @Test
    void listsEveryModeAsSwitchedOnOrOffForAdminsOnly(@TempDir Path data) {
        try (RunningService app = service(data).with("CACHE_WARM_ROUTES", "/health").start()) {
            HttpResponse<String> status = app.get("/admin/cache/warm", ROOT);
            HttpResponse<String> asUser = app.get("/admin/cache/warm", ALICE);

            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(json(status).get("modes")).extracting(m -> m.get("mode").asText() + " "
                    + m.get("enabled").asBoolean()).containsExactly("startup true", "scheduled false", "idle false",
                    "users false", "admin true");
            assertThat(status.headers().firstValue("X-Cache")).as("never cached").hasValue("BYPASS");
            assertThat(asUser.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void leavesTheBackgroundModesOffWhenNoBackendKeepsWhatTheyLoad(@TempDir Path data) {
        try (RunningService app = service(data).with("CACHE_BACKEND", "none").with("CACHE_WARM_SCHEDULE", "1m:/health")
                .with("CACHE_WARM_IDLE", "true").with("CACHE_WARM_USERS", "true").start()) {
            HttpResponse<String> status = app.get("/admin/cache/warm", ROOT);

            assertThat(json(status).get("modes")).extracting(m -> m.get("mode").asText() + " "
                    + m.get("enabled").asBoolean()).containsExactly("startup false", "scheduled false", "idle false",
                    "users false", "admin true");
        }
    }

    private RunningService.Environment service(Path data) {
        return RunningService.in(data)
                .with("AUTH_TOKENS", "alice:" + ALICE)
                .with("ADMIN_TOKENS", "root:" + ROOT)
                .with("CACHE_WARM_ROUTES", "none")
                .with("HTTP_FAST_PATH", fastPath);
    }

    /** Waits for the mode's thread, which looks at the moved clock on its own, to have finished {@code runs} runs. */
    private static void awaitRuns(RunningService app, WarmMode mode, long runs) {
        Awaitility.await().atMost(PATIENCE).until(() -> status(app, mode).runs() >= runs);
    }

    /**
     * Moves the clock a tenth of a second at a time, as it would pass, until the mode has loaded {@code loads} entries
     * since start: a mode paces its loads by the clock.
     */
    private void awaitLoadsAsTimePasses(RunningService app, WarmMode mode, long loads) {
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> {
            clock.advance(Duration.ofMillis(100));
            return status(app, mode).loads() >= loads;
        });
    }

    private static WarmingActivity.ModeStatus status(RunningService app, WarmMode mode) {
        return app.app().wiring().warmer().activity().status().get(mode.ordinal());
    }

    private static JsonNode mode(HttpResponse<String> status, String mode) {
        for (JsonNode each : json(status).get("modes")) {
            if (each.get("mode").asText().equals(mode)) {
                return each;
            }
        }
        throw new AssertionError("no mode " + mode + " in " + status.body());
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
