package dev.jobcache.bootstrap;

import dev.jobcache.testkit.redis.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on the Redis backend (no in-process tier: hits are read asynchronously, on Lettuce's I/O thread,
 * and misses handed from there to a worker): a storm on a cold key still costs the origin at most one call per
 * instance, every answer is the job, and a write acknowledged by one instance is what the other answers next.
 */
@Timeout(300)
@ParameterizedClass(name = "HTTP_FAST_PATH={0}")
@ValueSource(strings = {"true", "false"})
class RedisBackendStormIT {

    private static final String ALICE = "alice-token-0001";
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final Pattern PROGRESS = Pattern.compile("\"progress\":(\\d+)");

    private final String fastPath;
    private final Map<String, AtomicInteger> findsByJob = new ConcurrentHashMap<>();
    private final List<RunningService> instances = new ArrayList<>();
    private RedisServer redis;

    RedisBackendStormIT(String fastPath) {
        this.fastPath = fastPath;
    }

    @BeforeEach
    void start(@TempDir Path data) {
        redis = RedisServer.start();
        RunningService.Environment environment = RunningService.in(data)
                .with("CACHE_BACKEND", "redis")
                .with("REDIS_URL", redis.uri())
                // the bound on origin calls holds while Redis answers; a call that times out fails open into one
                // more load, which RedisBackendFaultIT is about: 5 s, so that a loaded machine's pauses (the storm
                // writes its hits on Lettuce's thread) are not taken for a fault
                .with("REDIS_TIMEOUT_MS", "5000")
                .with("AUTH_TOKENS", "alice:" + ALICE)
                .with("HTTP_FAST_PATH", fastPath);
        for (int i = 0; i < 2; i++) {
            instances.add(environment.start(RunningService.countingFinds(findsByJob)));
        }
    }

    @AfterEach
    void stop() {
        instances.forEach(RunningService::close);
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aStormOnAColdKeyCostsTheOriginAtMostOneCallPerInstance() throws Exception {
        String job = createJob();
        findsByJob.clear();
        ExecutorService pool = Executors.newFixedThreadPool(400);
        CountDownLatch go = new CountDownLatch(1);
        Map<String, Integer> outcomes = new TreeMap<>();
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                RunningService instance = instances.get(i % 2);
                answers.add(pool.submit(() -> {
                    go.await();
                    return instance.get("/jobs/" + job, ALICE);
                }));
            }

            go.countDown();

            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).contains(job);
                outcomes.merge(response.headers().firstValue("X-Cache").orElse("?"), 1, Integer::sum);
            }
        } finally {
            pool.shutdownNow();
        }
        int originCalls = findsByJob.getOrDefault(job, new AtomicInteger()).get();
        System.out.printf("redis storm: 200 concurrent GETs per instance on one cold key, 2 instances: %d origin "
                + "calls, answers %s (HTTP_FAST_PATH=%s)%n", originCalls, outcomes, fastPath);
        assertThat(originCalls).isBetween(1, 2);
    }

    @Test
    void theOtherInstanceAnswersAnAcknowledgedWriteAtOnce() {
        String job = createJob();
        int stale = 0;
        for (int progress = 1; progress <= 99; progress++) {
            int writer = progress % 2;
            instances.get(1 - writer).get("/jobs/" + job, ALICE);
            HttpResponse<String> written = instances.get(writer).send("PATCH", "/jobs/" + job, ALICE,
                    "{\"progress\":" + progress + "}");
            assertThat(written.statusCode()).isEqualTo(200);

            HttpResponse<String> read = instances.get(1 - writer).get("/jobs/" + job, ALICE);

            Matcher shown = PROGRESS.matcher(read.body());
            assertThat(shown.find()).as(read.body()).isTrue();
            stale += Integer.parseInt(shown.group(1)) < progress ? 1 : 0;
        }
        System.out.printf("redis backend: 99 writes, %d stale reads on the other instance (HTTP_FAST_PATH=%s)%n",
                stale, fastPath);
        assertThat(stale).isZero();
    }

    private String createJob() {
        HttpResponse<String> created = instances.get(0).send("POST", "/jobs", ALICE, "{\"type\":\"render\"}");
        Matcher id = ID.matcher(created.body());
        assertThat(id.find()).as(created.body()).isTrue();
        instances.get(0).send("PATCH", "/jobs/" + id.group(1), ALICE, "{\"status\":\"RUNNING\"}");
        return id.group(1);
    }
}
