package dev.jobcache.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobcache.bootstrap.config.ConfigLoader;
import dev.jobcache.bootstrap.config.JobcacheConfig;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.testkit.redis.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API of the whole service on a private redis-server, over real HTTP: what an operator sees of Redis
 * itself (its cursors, its memory settings).
 */
@Timeout(60)
class RedisBackendAdminTest {

    private static final String ADMIN = "admin-token-0003";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private RedisServer redis;
    private JobcacheApplication app;

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
        assertThat(app.wiring().metrics().snapshot().total(CacheOutcome.ERROR)).as("no outage counted").isZero();
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

        assertThat(health.get("warnings")).isEmpty();
        assertThat(json("/admin/cache/performance").get("recommendations")).isEmpty();
    }

    private void start(Path data, String... redisArgs) {
        redis = RedisServer.start(redisArgs);
        Map<String, String> environment = new HashMap<>();
        environment.put("HTTP_HOST", "127.0.0.1");
        environment.put("HTTP_PORT", "0");
        environment.put("CACHE_BACKEND", "redis");
        environment.put("REDIS_URL", redis.uri());
        environment.put("CACHE_WARM_ROUTES", "none");
        environment.put("JOBS_DB_URL", "jdbc:h2:file:" + data.resolve("jobcache").toAbsolutePath());
        environment.put("ADMIN_TOKENS", "root:" + ADMIN);
        environment.put("SHUTDOWN_GRACE_SECONDS", "1");
        JobcacheConfig config = ConfigLoader.load(Map.of(), environment);
        app = JobcacheApplication.start(config, Clock.system());
    }

    private JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = get(path);
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path).header("Authorization", "Bearer " + ADMIN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Without a token: a public route is cached only for requests without credentials. */
    private HttpResponse<String> anonymous(String path) throws IOException, InterruptedException {
        return client.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(10)).GET();
    }
}
