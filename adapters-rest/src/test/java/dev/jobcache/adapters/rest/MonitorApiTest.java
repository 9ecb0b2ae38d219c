package dev.jobcache.adapters.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.jobcache.adapters.rest.RunningApi.ADMIN;
import static dev.jobcache.adapters.rest.RunningApi.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

/** The live monitor over HTTP ({@link MonitorResource}, {@link LiveMonitor}): JSON snapshots and the SSE stream. */
@ParameterizedClass
@EnumSource(HitPath.class)
class MonitorApiTest {

    private static final String REALTIME = "/admin/cache/monitor/realtime";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunningApi api;

    MonitorApiTest(HitPath hitPath) {
        api = new RunningApi(hitPath);
    }
    private final HttpClient streaming = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void refusesTheSnapshotAndTheStreamWithoutATokenAsUnauthorized() {
        HttpResponse<String> snapshot = api.get(REALTIME, null);
        HttpResponse<String> stream = api.send(api.request(REALTIME, null).header("Accept", "text/event-stream").build());

        assertThat(List.of(snapshot, stream)).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate")).isPresent();
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        });
    }

    @Test
    void refusesTheSnapshotAndTheStreamToAUserAsForbidden() {
        HttpResponse<String> snapshot = api.get(REALTIME, ALICE);
        HttpResponse<String> stream = api.send(api.request(REALTIME, ALICE).header("Accept", "text/event-stream").build());

        assertThat(List.of(snapshot.statusCode(), stream.statusCode())).containsOnly(403);
        assertThat(api.openLiveStreamsAreNone()).isTrue();
    }

    @Test
    void reportsHitRatioLatencyStoreAndInvalidationsInASnapshot() {
        api.get("/health", null);
        api.get("/health", null);
        api.get("/health", null);
        api.postJson("/admin/cache/invalidate", ADMIN, "{\"tags\":[\"version\"]}");

        HttpResponse<String> answer = api.get(REALTIME, ADMIN);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Cache-Control")).hasValueSatisfying(
                cacheControl -> assertThat(cacheControl).contains("no-store"));
        JsonNode snapshot = json(answer.body());
        assertThat(snapshot.get("at").asText()).isEqualTo(api.clock.now().toString());
        assertThat(snapshot.get("hitRatio").asDouble()).isBetween(0.66, 0.67);
        assertThat(snapshot.get("lookups").asLong()).isEqualTo(3);
        assertThat(snapshot.get("latency").get("cachedCount").asLong()).isEqualTo(2);
        assertThat(snapshot.get("latency").get("uncachedCount").asLong()).isEqualTo(1);
        assertThat(snapshot.get("routes").get(0).get("route").asText()).isEqualTo("/health");
        assertThat(snapshot.get("store").get("entries").asLong()).isEqualTo(1);
        assertThat(snapshot.get("invalidations").get(0).get("tags").get(0).asText()).isEqualTo("version");
    }

    @Test
    void reportsRequestsPerSecondSinceThePreviousSnapshot() {
        JsonNode first = json(api.get(REALTIME, ADMIN).body());
        api.get("/health", null);
        api.get("/health", null);
        api.get("/version", null);
        api.get("/version", null);
        api.clock.advance(Duration.ofSeconds(2));

        JsonNode second = json(api.get(REALTIME, ADMIN).body());

        assertThat(first.has("requestsPerSecond")).isFalse();
        assertThat(second.get("requestsPerSecond").asDouble()).isEqualTo(2.0);
    }

    @Test
    void streamsSnapshotsToAnAdminUntilTheClientLeaves() throws Exception {
        HttpResponse<InputStream> response = openStream(ADMIN);

        List<String> events = new ArrayList<>();
        try (InputStream body = response.body()) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null && events.size() < 2; line = lines.readLine()) {
                if (line.startsWith("data:")) {
                    events.add(line.substring("data:".length()));
                }
            }
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(events).hasSize(2).allSatisfy(data -> assertThat(json(data).has("hitRatio")).isTrue());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(api::openLiveStreamsAreNone);
    }

    @Test
    void refusesAStreamBeyondTheCapWithAProblem() throws Exception {
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        for (int i = 0; i < LiveMonitor.MAX_STREAMS; i++) {
            open.add(openStream(ADMIN));
        }

        HttpResponse<String> refused = api.send(api.request(REALTIME, ADMIN).header("Accept", "text/event-stream").build());

        assertThat(open).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        for (HttpResponse<InputStream> response : open) {
            response.body().close();
        }
    }

    @Test
    void prefersJsonWhenTheClientAcceptsAnything() {
        HttpResponse<String> answer = api.send(api.request(REALTIME, ADMIN).header("Accept", "*/*").build());

        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    private HttpResponse<InputStream> openStream(String token) throws IOException, InterruptedException {
        // no request timeout: a stream has no end of its own
        HttpRequest request = HttpRequest.newBuilder(api.request(REALTIME, token).build().uri())
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .GET().build();
        return streaming.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
