package dev.jobcache.adapters.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.StoreFailure;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.cache.Tag;
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
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

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
    void reportsCacheOperationsStoreErrorsAndTheErrorRateBesideMemoryAgainstTheBound() {
        api.get("/health", null);
        api.get("/health", null);
        api.get("/health", null);
        api.faultyStore.failNextCallWith(new StoreFailure("timed out", StoreFailure.Reach.CALL, null));
        HttpResponse<String> failedOpen = api.get("/version", null);

        JsonNode snapshot = json(api.get(REALTIME, ADMIN).body());

        assertThat(failedOpen.statusCode()).isEqualTo(200);
        assertThat(snapshot.get("totalCacheOperations").asLong()).as("four lookups, two responses stored").isEqualTo(6);
        assertThat(snapshot.get("errors").asLong()).isEqualTo(1);
        assertThat(snapshot.get("errorRate").asDouble()).isEqualTo(1.0 / 6);
        JsonNode memory = snapshot.get("memoryUsage");
        assertThat(memory.get("bytes").asLong()).isEqualTo(snapshot.get("store").get("bytes").asLong()).isPositive();
        assertThat(memory.has("ratio")).as("the test's store has no bound").isFalse();
    }

    @Test
    void givesTheMemoryRatioOfABoundedStore() {
        MonitorJson.MemoryUsage usage = MonitorJson.MemoryUsage.of(new StoreUsage(10, 25_000_000, 100_000_000, 0));

        assertThat(usage.ratio()).isEqualTo(0.25);
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
    void keepsStreamingToAReaderBesideOneThatStoppedReading() throws Exception {
        try (CountingStream reading = new CountingStream(openStream(ADMIN)); Socket stalled = stalledStream()) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.openLiveStreams() == 2);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reading.events() >= 2);

            invalidateThousandKeysFiveTimes();
            int before = reading.events();

            // long enough for snapshots of this size to fill the stalled connection's buffers, were they written in turn
            Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> reading.events() >= before + 15);
        }
    }

    @Test
    void boundsTheInvalidationsOfASnapshotAndCountsWhatItLeftOut() {
        invalidateThousandKeysFiveTimes();

        HttpResponse<String> answer = api.get(REALTIME, ADMIN);

        JsonNode invalidations = json(answer.body()).get("invalidations");
        assertThat(answer.body().length()).isLessThan(64 * 1024);
        assertThat(invalidations).hasSize(5).allSatisfy(event -> {
            assertThat(event.get("keys")).hasSize(MonitorJson.ITEMS_SHOWN);
            assertThat(event.get("keyCount").asInt()).isEqualTo(1000);
            assertThat(event.get("truncated").asBoolean()).isTrue();
        });
    }

    @Test
    void dropsAndCountsAStreamWhoseReaderFellBehindWhileOthersGoOn() throws Exception {
        invalidateWithLongTagsAndKeys(MonitorJson.INVALIDATIONS_SHOWN);
        try (CountingStream reading = new CountingStream(openStream(ADMIN)); Socket stalled = stalledStream()) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.openLiveStreams() == 2);

            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> api.openLiveStreams() == 1);

            int before = reading.events();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reading.events() >= before + 2);
            assertThat(json(api.get(REALTIME, ADMIN).body()).get("droppedStreams").asLong()).isEqualTo(1);
            assertThat(endsOnceRead(stalled)).as("the server hung up on the stalled reader").isTrue();
        }
    }

    @Test
    void prefersJsonWhenTheClientAcceptsAnything() {
        HttpResponse<String> answer = api.send(api.request(REALTIME, ADMIN).header("Accept", "*/*").build());

        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    /**
     * A stream whose client asked for events and then never reads: a raw socket with a receive buffer as small as
     * the system allows, so that the server's writes to it fill the buffers soon.
     */
    private Socket stalledStream() throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new InetSocketAddress(api.base().getHost(), api.base().getPort()), 5_000);
        socket.getOutputStream().write(("GET " + REALTIME + " HTTP/1.1\r\nHost: " + api.base().getHost() + "\r\n"
                + "Authorization: Bearer " + ADMIN + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** Reads what the server had sent until the connection ends; false if it is still open after 10 s of quiet. */
    private static boolean endsOnceRead(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        byte[] buffer = new byte[64 * 1024];
        try {
            while (socket.getInputStream().read(buffer) >= 0) {
                // what was in flight before the hang-up
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    /** Five invalidations of 1,000 keys of about 240 characters each: 1.2 MB of key text in the history. */
    private void invalidateThousandKeysFiveTimes() {
        for (int invalidation = 0; invalidation < 5; invalidation++) {
            List<String> keys = new ArrayList<>();
            for (int key = 0; key < 1000; key++) {
                keys.add("\"GET:/jobs:user=alice:" + "k".repeat(200) + "-" + invalidation + "-" + key + "\"");
            }
            HttpResponse<String> answer = api.postJson("/admin/cache/invalidate", ADMIN,
                    "{\"keys\":[" + String.join(",", keys) + "]}");
            assertThat(answer.statusCode()).isEqualTo(200);
        }
    }

    /** Invalidations whose shown tags and keys are as long as tags and keys get: the largest snapshot there is. */
    private void invalidateWithLongTagsAndKeys(int invalidations) {
        for (int invalidation = 0; invalidation < invalidations; invalidation++) {
            List<String> tags = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (int item = 0; item < MonitorJson.ITEMS_SHOWN; item++) {
                String suffix = "-" + invalidation + "-" + item;
                tags.add("\"" + "t".repeat(Tag.MAX_LENGTH - suffix.length()) + suffix + "\"");
                keys.add("\"" + "k".repeat(CacheKey.MAX_LENGTH - suffix.length()) + suffix + "\"");
            }
            HttpResponse<String> answer = api.postJson("/admin/cache/invalidate", ADMIN,
                    "{\"tags\":[" + String.join(",", tags) + "],\"keys\":[" + String.join(",", keys) + "]}");
            assertThat(answer.statusCode()).isEqualTo(200);
        }
    }

    /** Reads an event stream on a thread of its own and counts its events, as a dashboard that keeps up. */
    private static final class CountingStream implements AutoCloseable {

        private final InputStream body;
        private final AtomicInteger events = new AtomicInteger();
        private final Thread reader;

        CountingStream(HttpResponse<InputStream> response) {
            assertThat(response.statusCode()).isEqualTo(200);
            body = response.body();
            reader = new Thread(() -> {
                try {
                    BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.startsWith("data:")) {
                            events.incrementAndGet();
                        }
                    }
                } catch (IOException closed) {
                    // the test closed the stream
                }
            }, "counting-stream");
            reader.setDaemon(true);
            reader.start();
        }

        int events() {
            return events.get();
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
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
