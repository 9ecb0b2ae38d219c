package dev.jobcache.adapters.rest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests refused 401 are told to operators at a bounded rate: the first at once, then at most one WARN line every
 * ten seconds summing up the refusals since the line before, wherever they were refused (by Jersey, or at the edge
 * before a body is read), naming the route and the address and never the token.
 */
class RefusedTokensApiTest {

    private static final String GUESSED = "guessed-token-0042";

    private final RunningApi api = new RunningApi(HitPath.IN_FRONT_OF_JERSEY);
    private final LogLines refusals = LogLines.of(UnauthorizedRequests.LOGGER);
    private final LogLines access = LogLines.of(RequestLog.ACCESS_LOGGER);
    private final LogLines warnings = new LogLines();

    @AfterEach
    void stop() {
        warnings.close();
        access.close();
        refusals.close();
        api.close();
    }

    @Test
    void logsTheFirstRefusalAtOnceAndSumsUpTheOthersAtMostOnceEveryTenSeconds() {
        refuse(() -> api.get("/jobs?status=QUEUED", GUESSED), 1);

        assertThat(lines()).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage()).isEqualTo("refused 1 request(s) without a valid bearer token in "
                    + "the last 0 s; the latest: GET /jobs from 127.0.0.1");
        });

        refuse(() -> api.get("/jobs/1234", GUESSED), 2);
        refuse(() -> api.get("/user/me", null), 3);
        refuse(() -> api.send(api.request("/jobs", null).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"render\",\"input\":{}}")).build()), 4);
        api.clock.advance(UnauthorizedRequests.EVERY.minusMillis(1));
        refuse(() -> api.get("/admin/cache/stats", GUESSED), 5);

        assertThat(lines()).hasSize(1);

        api.clock.advance(Duration.ofMillis(1));
        refuse(() -> api.get("/jobs/1234/download", GUESSED), 6);

        assertThat(lines()).hasSize(2).last().satisfies(line -> assertThat(line.getFormattedMessage()).isEqualTo(
                "refused 5 request(s) without a valid bearer token in the last 10 s; the latest: "
                        + "GET /jobs/{id}/download from 127.0.0.1"));
        assertThat(Stream.of(refusals, access, warnings).flatMap(lines -> lines.events().stream()))
                .allSatisfy(line -> assertThat(line.getFormattedMessage()).doesNotContain(GUESSED));
    }

    @Test
    void sumsUpABurstThatStoppedWithTheFirstRequestAnsweredAfterTenSeconds() {
        refuse(() -> api.get("/jobs", GUESSED), 1);
        refuse(() -> api.get("/jobs/1234", GUESSED), 2);
        refuse(() -> api.get("/user/me", GUESSED), 3);
        answer("/health", 1);

        assertThat(lines()).as("within the ten seconds").hasSize(1);

        api.clock.advance(UnauthorizedRequests.EVERY);
        answer("/health", 2);

        assertThat(lines()).hasSize(2);
        assertThat(lines().get(1).getFormattedMessage()).isEqualTo("refused 2 request(s) without a valid bearer token "
                + "in the last 10 s; the latest: GET /user/me from 127.0.0.1");
    }

    /** Sends a request that must be refused 401, and waits until the service has counted it: its access line. */
    private void refuse(Runnable request, int refusedSoFar) {
        request.run();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> access.events().stream()
                .filter(line -> line.getFormattedMessage().contains(" status=401 ")).count() == refusedSoFar);
    }

    /** Sends a request that is answered 200, and waits for its access line, written after any refusals' line. */
    private void answer(String path, int answeredSoFar) {
        assertThat(api.get(path, null).statusCode()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> access.events().stream()
                .filter(line -> line.getFormattedMessage().contains(" status=200 ")).count() == answeredSoFar);
    }

    private List<ILoggingEvent> lines() {
        return refusals.events();
    }
}
