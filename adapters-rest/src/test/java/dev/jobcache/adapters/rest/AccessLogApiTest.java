package dev.jobcache.adapters.rest;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.jobcache.adapters.rest.RunningApi.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log and request ids, over HTTP, whoever answers: Jersey, the hit handler on the selector thread, or the
 * hit handler on the store's own I/O thread as with Redis. Each request gets one access line naming its method,
 * route template, status, cache result and duration, with its request id in the MDC; every answer carries the id in
 * {@code X-Request-Id}, the client's own when it is sane.
 */
@ParameterizedClass
@EnumSource(AccessLogApiTest.Answering.class)
class AccessLogApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GENERATED = "[0-9a-f]{32}";

    /** Who answers a fresh hit. */
    enum Answering {
        JERSEY(HitPath.JERSEY_FILTER, RunningApi.Store.IN_PROCESS),
        SELECTOR_THREAD(HitPath.IN_FRONT_OF_JERSEY, RunningApi.Store.IN_PROCESS),
        STORE_THREAD(HitPath.IN_FRONT_OF_JERSEY, RunningApi.Store.REMOTE_ASYNCHRONOUS);

        final HitPath hitPath;
        final RunningApi.Store store;

        Answering(HitPath hitPath, RunningApi.Store store) {
            this.hitPath = hitPath;
            this.store = store;
        }
    }

    private final Answering answering;
    private final RunningApi api;
    private final LogLines access = LogLines.of(RequestLog.ACCESS_LOGGER);

    AccessLogApiTest(Answering answering) {
        this.answering = answering;
        api = new RunningApi(answering.hitPath, answering.store);
    }

    @AfterEach
    void stop() {
        api.remoteStore.answer();
        access.close();
        api.close();
    }

    @Test
    void logsOneLinePerRequestWithItsRouteTemplateStatusAndCacheResult() {
        String job = newJob();

        HttpResponse<String> miss = get("/jobs/" + job + "?pretty=1", "req-miss");
        HttpResponse<String> hit = get("/jobs/" + job, "req-hit");
        get("/nowhere/" + job, "req-unknown");

        assertThat(miss.headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(hit.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(lineOf("req-miss").getFormattedMessage())
                .startsWith("method=GET route=/jobs/{id} status=200 cache=MISS duration_us=");
        assertThat(lineOf("req-hit").getFormattedMessage())
                .startsWith("method=GET route=/jobs/{id} status=200 cache=HIT duration_us=");
        assertThat(lineOf("req-unknown").getFormattedMessage())
                .startsWith("method=GET route=- status=404 cache=");
        assertThat(lineOf("req-post").getFormattedMessage())
                .startsWith("method=POST route=/jobs status=201 cache=BYPASS duration_us=");
        // ids and queries stay out of the log: the route is a template
        assertThat(access.events()).allSatisfy(line -> assertThat(line.getFormattedMessage())
                .doesNotContain(job).doesNotContain("pretty"));
    }

    @Test
    void writesTheLineOfAHitOnTheThreadThatAnsweredIt() {
        String job = newJob();
        get("/jobs/" + job, "first");
        if (answering == Answering.STORE_THREAD) {
            // the store answers after the read began, so on its own thread, as Redis does
            api.remoteStore.stall();
        }

        CompletableFuture<HttpResponse<String>> hit =
                CompletableFuture.supplyAsync(() -> get("/jobs/" + job, "second"));
        if (answering == Answering.STORE_THREAD) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.remoteStore.waitingReads() == 1);
            api.remoteStore.answer();
        }

        assertThat(hit.join().headers().firstValue("X-Cache")).hasValue("HIT");
        String thread = lineOf("second").getThreadName();
        switch (answering) {
            case JERSEY -> assertThat(thread).startsWith("jobcache-http");
            case SELECTOR_THREAD -> assertThat(thread).doesNotStartWith("jobcache-http");
            case STORE_THREAD -> assertThat(thread).isEqualTo(RemoteStore.IO_THREAD);
        }
    }

    @Test
    void givesTheLineTheFieldsALogReaderQueriesBy() {
        get("/health", "fields");

        Map<String, Object> fields = lineOf("fields").getKeyValuePairs().stream()
                .collect(Collectors.toMap(pair -> pair.key, pair -> pair.value));
        assertThat(fields).containsEntry("method", "GET").containsEntry("route", "/health")
                .containsEntry("status", 200).containsKeys("cache", "duration_us");
    }

    @Test
    void echoesASaneRequestIdAndReplacesAnyOther() {
        assertThat(get("/health", "3f2c1b7e-6d0a-4c1e-9b8a-1f2e3d4c5b6a").headers().firstValue("X-Request-Id"))
                .hasValue("3f2c1b7e-6d0a-4c1e-9b8a-1f2e3d4c5b6a");
        assertThat(get("/health", null).headers().firstValue("X-Request-Id")).hasValueSatisfying(
                id -> assertThat(id).matches(GENERATED));
        for (String insane : List.of("a b", "<script>", "x".repeat(RequestIds.MAX_LENGTH + 1), "id;drop")) {
            assertThat(get("/health", insane).headers().firstValue("X-Request-Id")).as(insane)
                    .hasValueSatisfying(id -> assertThat(id).matches(GENERATED));
        }
    }

    @Test
    void answersAHitWithTheIdOfTheRequestItAnswersNeverTheOneThatFilledTheCache() {
        String job = newJob();

        HttpResponse<String> filled = get("/jobs/" + job, "filler");
        HttpResponse<String> named = get("/jobs/" + job, "reader");
        HttpResponse<String> unnamed = get("/jobs/" + job, null);

        assertThat(filled.headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(named.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(named.headers().allValues("X-Request-Id")).containsExactly("reader");
        assertThat(unnamed.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(unnamed.headers().allValues("X-Request-Id")).singleElement()
                .satisfies(id -> assertThat(id).matches(GENERATED));
    }

    @Test
    void answersAndLogsARequestTheEdgeRefusesWithItsIdToo() {
        String answer = api.exchange(
                "GET /jobs/42 HTTP/1.1\r\nHost: a\r\nHost: b\r\nX-Request-Id: edge-refused\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400").contains("\r\nX-Request-Id: edge-refused\r\n");
        assertThat(lineOf("edge-refused").getFormattedMessage())
                .startsWith("method=GET route=/jobs/{id} status=400 cache=- duration_us=");
        // and why, with the same id
        assertThat(access.events()).filteredOn(line -> line.getLoggerName().endsWith(".refused"))
                .singleElement().satisfies(line -> {
                    assertThat(line.getFormattedMessage()).startsWith("refused a request from ")
                            .endsWith(": more than one Host header");
                    assertThat(line.getMDCPropertyMap()).containsEntry(RequestIds.MDC_KEY, "edge-refused");
                });
    }

    @Test
    void givesARequestRefusedBeforeItsLineBeganAnIdOfItsOwnNotThePreviousRequests() {
        String answers = api.exchange("GET /health HTTP/1.1\r\nHost: a\r\nX-Request-Id: fine-one\r\n\r\n\n");

        String refusal = answers.substring(answers.indexOf("HTTP/1.1 400"));
        Matcher id = Pattern.compile("\r\nX-Request-Id: ([^\r]*)\r\n").matcher(refusal);
        assertThat(id.find()).isTrue();
        assertThat(id.group(1)).matches(GENERATED);
        assertThat(lineOf(id.group(1)).getFormattedMessage()).startsWith("method=- route=- status=400 cache=-");
    }

    private String newJob() {
        HttpResponse<String> created = api.send(api.request("/jobs", ALICE).header("X-Request-Id", "req-post")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"render\",\"input\":{}}")).build());
        assertThat(created.statusCode()).isEqualTo(201);
        try {
            return JSON.readTree(created.body()).get("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(String path, String requestId) {
        var request = api.request(path, ALICE);
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return api.send(request.GET().build());
    }

    /** The one access line of the request with this id; written once its answer is done, so perhaps just after. */
    private ILoggingEvent lineOf(String requestId) {
        Predicate<ILoggingEvent> ofIt = line -> line.getLoggerName().equals(RequestLog.ACCESS_LOGGER)
                && requestId.equals(line.getMDCPropertyMap().get(RequestIds.MDC_KEY));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> access.events().stream().anyMatch(ofIt));
        List<ILoggingEvent> lines = access.events().stream().filter(ofIt).toList();
        assertThat(lines).as("access lines of %s", requestId).hasSize(1);
        return lines.get(0);
    }
}
