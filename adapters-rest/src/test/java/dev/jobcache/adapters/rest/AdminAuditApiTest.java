package dev.jobcache.adapters.rest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static dev.jobcache.adapters.rest.RunningApi.ADMIN;
import static dev.jobcache.adapters.rest.RunningApi.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Every admin action leaves one audit line naming the admin who acted (the name their token was given, here
 * {@code root}), what they did and what came of it, with the request's id; never a token, theirs or a clear's
 * confirmation token.
 */
class AdminAuditApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunningApi api = new RunningApi(HitPath.IN_FRONT_OF_JERSEY);
    private final LogLines audit = LogLines.of(AdminAudit.LOGGER);

    @AfterEach
    void stop() {
        audit.close();
        api.close();
    }

    @Test
    void namesTheAdminWhatTheyInvalidatedAndHowManyEntriesWentWithTheRequestsId() {
        api.get("/jobs", ALICE);
        api.get("/health", null);

        post("/admin/cache/invalidate", "{\"tags\":[\"user:alice\",\"health\"],\"tagPrefixes\":[\"job:\"]}", "inv-1");

        assertThat(audit.events()).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.INFO);
            assertThat(line.getFormattedMessage()).isEqualTo("admin root invalidated tags [user:alice, health], "
                    + "tag prefixes [job:*], 0 keys, pattern -: 2 entries removed");
            assertThat(line.getMDCPropertyMap()).containsEntry(RequestIds.MDC_KEY, "inv-1");
        });
    }

    @Test
    void namesTheAdminAtEachStepOfAClearWithoutItsConfirmationToken() {
        api.get("/health", null);

        String token = json(post("/admin/cache/clear", "{}", "clear-1")).get("confirmationToken").asText();
        post("/admin/cache/clear", "{\"confirm\":\"" + token + "\"}", "clear-2");
        post("/admin/cache/clear", "{\"confirm\":\"" + token + "\"}", "clear-3");

        assertThat(audit.events()).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        tuple(Level.INFO,
                                "admin root asked to clear the cache (1 entries): confirmation required"),
                        tuple(Level.WARN,
                                "admin root cleared the cache: 1 entries removed"),
                        tuple(Level.INFO, "admin root did not clear the cache: the "
                                + "confirmation token is unknown, expired or already used; ask for a new one"));
        assertThat(audit.events()).allSatisfy(line -> assertThat(line.getFormattedMessage())
                .doesNotContain(token).doesNotContain(ADMIN));
    }

    @Test
    void namesTheAdminAndWhatTheyWarmed() {
        post("/admin/cache/warm", "{\"routes\":[\"/health\",\"/user/me\"],\"users\":[\"alice\"]}", "warm-1");

        assertThat(audit.events()).singleElement().satisfies(line -> assertThat(line.getFormattedMessage())
                .isEqualTo("admin root warmed routes [/health, /user/me] for users [alice]: 2 loads, 2 answered 2xx"));
    }

    @Test
    void writesNothingForARequestThatChangedNothing() {
        HttpResponse<String> refused = post("/admin/cache/invalidate", "{\"tags\":[\"Not A Tag\"]}", "bad-1");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(audit.events()).isEmpty();
    }

    private HttpResponse<String> post(String path, String json, String requestId) {
        return api.send(api.request(path, ADMIN).header("Content-Type", "application/json")
                .header("X-Request-Id", requestId).POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
