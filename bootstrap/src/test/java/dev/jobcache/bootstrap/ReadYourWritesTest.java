package dev.jobcache.bootstrap;

import dev.jobcache.testkit.redis.RedisServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes across two two-tier instances on one private redis-server, with invalidation messages reaching
 * each near-cache {@value #DELAY_MS} ms late (the {@code CACHE_BUS_DELIVERY_DELAY_MS} seam): within that window the
 * other instance still holds its copy from before a write. A read that carries the write's consistency token, in the
 * header or the cookie, shows the write there all the same; one that carries none shows the older copy, which is
 * what the token is for.
 */
@Timeout(120)
@ParameterizedClass(name = "HTTP_FAST_PATH={0}")
@ValueSource(strings = {"true", "false"})
class ReadYourWritesTest {

    private static final long DELAY_MS = 2_000;
    private static final String ALICE = "alice-token-0001";
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final Pattern PROGRESS = Pattern.compile("\"progress\":(\\d+)");

    private final String fastPath;
    private RedisServer redis;
    private RunningService writer;
    private RunningService reader;

    ReadYourWritesTest(String fastPath) {
        this.fastPath = fastPath;
    }

    @BeforeEach
    void start(@TempDir Path data) {
        redis = RedisServer.start();
        RunningService.Environment environment = RunningService.in(data)
                .with("CACHE_BACKEND", "two-tier")
                .with("REDIS_URL", redis.uri())
                .with("REDIS_TIMEOUT_MS", "500")
                .with("AUTH_TOKENS", "alice:" + ALICE)
                .with("CACHE_BUS_DELIVERY_DELAY_MS", String.valueOf(DELAY_MS))
                .with("HTTP_FAST_PATH", fastPath);
        writer = environment.start();
        reader = environment.start();
    }

    @AfterEach
    void stop() {
        for (AutoCloseable closing : new AutoCloseable[] {writer, reader, redis}) {
            try {
                if (closing != null) {
                    closing.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aReadCarryingTheWritesTokenShowsItOnAnInstanceTheMessageHasNotReachedYet() {
        String id = idOf(writer.send("POST", "/jobs", ALICE, "{\"type\":\"render\"}").body());
        String running = writer.send("PATCH", "/jobs/" + id, ALICE, "{\"status\":\"RUNNING\",\"progress\":1}")
                .headers().firstValue("Consistency-Token").orElseThrow();
        // the earlier messages have reached the reader, and its L1 holds a copy of progress 1
        awaitAnsweredFromNearCache(id, running);

        HttpResponse<String> written = writer.send("PATCH", "/jobs/" + id, ALICE, "{\"progress\":50}");
        String token = written.headers().firstValue("Consistency-Token").orElseThrow();

        // first: the tokened read's miss stores the new job, and its copy replaces the old one in the L1
        HttpResponse<String> withoutToken = reader.get("/jobs/" + id, ALICE);
        HttpResponse<String> withCookie = reader.send(read("/jobs/" + id)
                .header("Cookie", "jobcache-consistency=" + token).build());
        HttpResponse<String> withHeader = reader.send(read("/jobs/" + id).header("Consistency-Token", token).build());
        HttpResponse<String> listWithHeader = reader.send(read("/jobs").header("Consistency-Token", token).build());

        assertThat(progressOf(withHeader)).as("with the token in the header").isEqualTo(50);
        assertThat(progressOf(withCookie)).as("with the token in the cookie").isEqualTo(50);
        assertThat(progressOf(listWithHeader)).as("the list, with the token").isEqualTo(50);
        assertThat(progressOf(withoutToken)).as("without it, the L1's copy until the late message arrives").isEqualTo(1);
    }

    @Test
    void onceTheMessageHasArrivedATokenedReadIsAnsweredFromTheNearCacheAgain() {
        String id = idOf(writer.send("POST", "/jobs", ALICE, "{\"type\":\"render\"}").body());
        String token = writer.send("PATCH", "/jobs/" + id, ALICE, "{\"status\":\"RUNNING\",\"progress\":7}").headers()
                .firstValue("Consistency-Token").orElseThrow();

        HttpResponse<String> answered = awaitAnsweredFromNearCache(id, token);

        assertThat(progressOf(answered)).isEqualTo(7);
    }

    /**
     * Reads the job with the token until the reader's L1 answers it (its L1 hits go up), which it does once it has
     * applied what the token names; returns that answer.
     */
    private HttpResponse<String> awaitAnsweredFromNearCache(String id, String token) {
        AtomicReference<HttpResponse<String>> answered = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofMillis(DELAY_MS * 10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            reader.send(read("/jobs/" + id).header("Consistency-Token", token).build());
            long before = l1Hits(reader);
            answered.set(reader.send(read("/jobs/" + id).header("Consistency-Token", token).build()));
            assertThat(l1Hits(reader)).isGreaterThan(before);
        });
        return answered.get();
    }

    /** The reader's L1 hits so far, from its {@code /metrics}. */
    private static long l1Hits(RunningService service) {
        double hits = 0;
        for (String line : service.get("/metrics", null).body().split("\n")) {
            if (line.startsWith("jobcache_cache_requests_total{") && line.contains("tier=\"l1\"")
                    && line.contains("result=\"hit\"")) {
                hits += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) hits;
    }

    private static HttpRequest.Builder read(RunningService service, String path) {
        return HttpRequest.newBuilder(service.uri(path)).header("Authorization", "Bearer " + ALICE).GET();
    }

    private HttpRequest.Builder read(String path) {
        return read(reader, path);
    }

    private static String idOf(String body) {
        Matcher m = ID.matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }

    private static int progressOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Matcher m = PROGRESS.matcher(response.body());
        assertThat(m.find()).as(response.body()).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
