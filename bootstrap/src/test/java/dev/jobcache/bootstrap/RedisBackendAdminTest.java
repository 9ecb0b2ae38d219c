package dev.jobcache.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.testkit.redis.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API of the whole service on a private redis-server, over real HTTP: what an operator sees of Redis
 * itself (its cursors, its memory settings).
 */
@Timeout(60)
class RedisBackendAdminTest {

    private static final String ADMIN = "admin-token-0003";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RedisServer redis;
    private RunningService app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void answersBadRequestForMalformedKeysCursorOnRedis(@TempDir Path data) throws Exception {
        start(data);
        anonymous("/version");

        HttpResponse<String> bad = get("/admin/cache/keys?cursor=abc");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(bad.body()).get("field").asText()).isEqualTo("cursor");
        assertThat(app.app().wiring().metrics().snapshot().total(CacheOutcome.ERROR)).as("no outage counted").isZero();
        assertThat(anonymous("/version").headers().firstValue("X-Cache")).hasValue("HIT");
    }

    @Test
    void warnsInHealthAndRecommendationsWhileRedisHasNoMaxmemory(@TempDir Path data) throws Exception {
        start(data);

        JsonNode health = json("/admin/cache/health");
        JsonNode performance = json("/admin/cache/performance");

        assertThat(health.get("details").get("maxmemory").asText()).isEqualTo("0");
        assertThat(health.get("warnings")).anySatisfy(warning -> {
            assertThat(warning.get("code").asText()).isEqualTo("unbounded-memory");
            assertThat(warning.get("advice").asText()).contains("maxmemory", "allkeys-lru", "volatile-lru");
        });
        assertThat(performance.get("recommendations"))
                .anySatisfy(r -> assertThat(r.get("code").asText()).isEqualTo("unbounded-memory"));
    }

    @Test
    void warnsOfNoUnboundedMemoryOnceMaxmemoryIsSet(@TempDir Path data) throws Exception {
        start(data, "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru");

        JsonNode health = json("/admin/cache/health");

        // only the memory advice is this test's concern: a loaded machine may add a latency one
        assertThat(health.get("warnings")).noneSatisfy(
                warning -> assertThat(warning.get("code").asText()).isEqualTo("unbounded-memory"));
        assertThat(json("/admin/cache/performance").get("recommendations")).noneSatisfy(
                r -> assertThat(r.get("code").asText()).isEqualTo("unbounded-memory"));
    }

    private void start(Path data, String... redisArgs) {
        redis = RedisServer.start(redisArgs);
        app = RunningService.in(data)
                .with("CACHE_BACKEND", "redis")
                .with("REDIS_URL", redis.uri())
                // what health says of a Redis that answers: a busy machine must not turn INFO into a 50 ms timeout
                .with("REDIS_TIMEOUT_MS", "500")
                .with("CACHE_WARM_ROUTES", "none")
                .with("ADMIN_TOKENS", "root:" + ADMIN)
                .start();
    }

    private JsonNode json(String path) throws IOException {
        HttpResponse<String> answer = get(path);
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private HttpResponse<String> get(String path) {
        return app.get(path, ADMIN);
    }

    /** Without a token: a public route is cached only for requests without credentials. */
    private HttpResponse<String> anonymous(String path) {
        return app.get(path, null);
    }
}
