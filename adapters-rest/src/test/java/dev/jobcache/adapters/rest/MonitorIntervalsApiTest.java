package dev.jobcache.adapters.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.jobcache.adapters.rest.RunningApi.ADMIN;
import static dev.jobcache.adapters.rest.RunningApi.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The live monitor's figures per interval over HTTP ({@code intervals}, {@code perSecond}): the last 10 s, minute and
 * 5 minutes, each counted from its own seconds on the application's clock, which the test moves instead of waiting.
 */
@ParameterizedClass
@EnumSource(HitPath.class)
class MonitorIntervalsApiTest {

    private static final String REALTIME = "/admin/cache/monitor/realtime";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A route whose entry outlives every test here (one hour), so that its reads stay hits. */
    private static final String HIT = "/version";
    private static final int BURST = 20;

    private final RunningApi api;

    MonitorIntervalsApiTest(HitPath hitPath) {
        api = new RunningApi(hitPath);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void showsABurstOfMissesInTheLast10SecondsFarMoreThanInTheLast5Minutes() {
        get(HIT, null);
        steadyHits(305, 2);
        missBurst();
        nextSecond();
        steadyHits(3, 2);

        JsonNode snapshot = snapshot();
        JsonNode last10Seconds = snapshot.get("intervals").get("10s");
        JsonNode last5Minutes = snapshot.get("intervals").get("5m");

        // 10 s: 6 seconds of 2 hits, the burst, 3 seconds of 2 hits; 5 min: 296 such seconds and the same burst
        assertThat(last10Seconds.get("seconds").asInt()).isEqualTo(10);
        assertThat(last10Seconds.get("misses").asLong()).isEqualTo(BURST);
        assertThat(last10Seconds.get("hits").asLong()).isEqualTo(18);
        assertThat(last10Seconds.get("hitRatio").asDouble()).isCloseTo(18.0 / 38, within(1e-9));
        assertThat(last5Minutes.get("seconds").asInt()).isEqualTo(300);
        assertThat(last5Minutes.get("hitRatio").asDouble()).isCloseTo(598.0 / 618, within(1e-9));
        assertThat(snapshot.get("intervals").get("1m").get("hitRatio").asDouble()).isCloseTo(118.0 / 138, within(1e-9));
        assertThat(last10Seconds.get("requestsPerSecond").asDouble()).isEqualTo(3.8);
    }

    @Test
    void countsEachIntervalFromItsOwnSecondsNotFromStart() {
        missBurst();
        get(HIT, null);
        nextSecond();
        steadyHits(301, 1);

        JsonNode snapshot = snapshot();

        assertThat(snapshot.get("intervals").get("5m").get("misses").asLong())
                .as("the burst of the first second has left the last 5 minutes").isZero();
        assertThat(snapshot.get("intervals").get("5m").get("hitRatio").asDouble()).isEqualTo(1.0);
        assertThat(snapshot.get("hitRatio").asDouble()).as("since start, for comparison").isLessThan(1.0);
    }

    @Test
    void drawsTheBurstAsADipInItsOwnSecond() {
        get(HIT, null);
        steadyHits(3, 2);
        missBurst();
        nextSecond();
        steadyHits(2, 2);

        JsonNode seconds = snapshot().get("perSecond");

        assertThat(seconds).hasSize(6);
        assertThat(seconds.get(0).get("hitRatio").asDouble()).as("the first read of /version").isCloseTo(2.0 / 3, within(1e-9));
        assertThat(seconds.get(3).get("hitRatio").asDouble()).isZero();
        assertThat(seconds.get(3).get("misses").asLong()).isEqualTo(BURST);
        assertThat(seconds.get(4).get("hitRatio").asDouble()).isEqualTo(1.0);
        assertThat(seconds.get(5).get("hitRatio").asDouble()).isEqualTo(1.0);
    }

    @Test
    void givesTheMeanP95AndP99OfEachIntervalsAnswersFromTheCacheAndFromTheOrigin() throws Exception {
        get(HIT, null);
        nextSecond();

        heldByTheStoreFor(HIT, null, Duration.ofMillis(30));
        heldByTheStoreFor("/jobs?limit=7", ALICE, Duration.ofMillis(200));
        nextSecond();

        JsonNode last10Seconds = snapshot().get("intervals").get("10s");
        JsonNode cached = last10Seconds.get("cached");
        JsonNode origin = last10Seconds.get("origin");

        // the clock moves only while the store holds a request: one measured latency of each kind
        assertThat(cached.get("count").asLong()).isEqualTo(1);
        assertThat(cached.get("meanMs").asDouble()).isEqualTo(30.0);
        assertThat(cached.get("p95Ms").asDouble()).isEqualTo(30.0);
        assertThat(cached.get("p99Ms").asDouble()).isEqualTo(30.0);
        assertThat(origin.get("count").asLong()).isEqualTo(1);
        assertThat(origin.get("p99Ms").asDouble()).isEqualTo(200.0);
        assertThat(snapshot().get("perSecond").get(1).get("origin").get("p95Ms").asDouble()).isEqualTo(200.0);
    }

    @Test
    void countsBypassAndStoreErrorsPerIntervalButNotTheAdminsOwnRequests() {
        get(HIT, null);
        api.faultyStore.failNextCallWith(new dev.jobcache.domain.cache.StoreFailure("timed out",
                dev.jobcache.domain.cache.StoreFailure.Reach.CALL, null));
        get("/health", null);
        get("/jobs", ALICE);
        api.get("/jobs?limit=3", ALICE);
        assertThat(api.send(api.request("/jobs?limit=4", ALICE).header("Cache-Control", "no-store").GET().build())
                .statusCode()).isEqualTo(200);
        api.get(REALTIME, ADMIN);
        api.get("/admin/cache/stats", ADMIN);
        nextSecond();

        JsonNode last10Seconds = snapshot().get("intervals").get("10s");

        assertThat(last10Seconds.get("errors").asLong()).isEqualTo(1);
        assertThat(last10Seconds.get("bypass").asLong()).as("the no-store request; admin requests are not counted")
                .isEqualTo(1);
        assertThat(last10Seconds.get("errorRate").asDouble()).isPositive();
        assertThat(last10Seconds.has("nearCache")).as("a store without a near-cache").isFalse();
    }

    @Test
    void carriesTheStoresHealthAndTheRecommendationsWithTheFiguresBehindThem() {
        for (int limit = 1; limit <= 100; limit++) {
            get("/jobs?limit=" + limit, ALICE);
        }

        JsonNode snapshot = snapshot();

        assertThat(snapshot.get("health").get("backend").asText()).isEqualTo("in-memory");
        assertThat(snapshot.get("health").get("up").asBoolean()).isTrue();
        assertThat(snapshot.get("recommendations")).anySatisfy(advice -> {
            assertThat(advice.get("code").asText()).isEqualTo("low-hit-ratio");
            assertThat(advice.get("route").asText()).isEqualTo("/jobs");
            assertThat(advice.get("figure").asText()).isEqualTo("hit ratio 0% over 100 lookups");
        });
    }

    @Test
    void answersALateClientWithTheFiguresOfTheSecondsBeforeIt() {
        get(HIT, null);
        steadyHits(70, 1);

        JsonNode snapshot = snapshot();

        assertThat(snapshot.get("perSecond")).hasSize(60)
                .allSatisfy(second -> assertThat(second.get("hits").asLong()).isEqualTo(1));
        assertThat(snapshot.get("intervals").get("1m").get("lookups").asLong()).isEqualTo(60);
    }

    /** One request answered while the store holds it and the clock moves {@code by}: a latency of exactly that. */
    private void heldByTheStoreFor(String path, String token, Duration by) throws Exception {
        api.faultyStore.pause();
        CompletableFuture<HttpResponse<String>> answer;
        try {
            answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .sendAsync(api.request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.faultyStore.blockedCalls() == 1);
            api.clock.advance(by);
        } finally {
            api.faultyStore.resume();
        }
        assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    private void steadyHits(int seconds, int perSecond) {
        for (int second = 0; second < seconds; second++) {
            for (int i = 0; i < perSecond; i++) {
                HttpResponse<String> answer = get(HIT, null);
                assertThat(answer.headers().firstValue("X-Cache")).hasValue("HIT");
            }
            nextSecond();
        }
    }

    /** {@value #BURST} misses in one second: first reads of as many pages of different sizes. */
    private void missBurst() {
        for (int limit = 1; limit <= BURST; limit++) {
            HttpResponse<String> answer = get("/jobs?limit=" + limit, ALICE);
            assertThat(answer.headers().firstValue("X-Cache")).hasValue("MISS");
        }
    }

    private HttpResponse<String> get(String path, String token) {
        HttpResponse<String> answer = api.get(path, token);
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        return answer;
    }

    private void nextSecond() {
        api.clock.advance(Duration.ofSeconds(1));
    }

    private JsonNode snapshot() {
        HttpResponse<String> answer = api.get(REALTIME, ADMIN);
        assertThat(answer.statusCode()).isEqualTo(200);
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
