package dev.jobcache.adapters.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static dev.jobcache.adapters.rest.RunningApi.ALICE;
import static dev.jobcache.adapters.rest.RunningApi.BOB;
import static org.assertj.core.api.Assertions.assertThat;

/** The jobs API over HTTP ({@link JobsResource}, {@link UserResource}): behaviour, ownership and problem responses. */
@ParameterizedClass
@EnumSource(HitPath.class)
class JobsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunningApi api;

    JobsApiTest(HitPath hitPath) {
        api = new RunningApi(hitPath);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void createsAJobAndReadsItBack() {
        HttpResponse<String> created = api.postJson("/jobs", ALICE, "{\"type\":\"render\",\"input\":{\"frames\":3}}");

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode job = json(created);
        assertThat(job.get("status").asText()).isEqualTo("QUEUED");
        assertThat(job.get("input").get("frames").asInt()).isEqualTo(3);
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/jobs/" + job.get("id").asText()));
        HttpResponse<String> read = api.get("/jobs/" + job.get("id").asText(), ALICE);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).get("type").asText()).isEqualTo("render");
    }

    @Test
    void answersAnotherUsersJobAsNotFound() {
        String id = createJob(ALICE);

        HttpResponse<String> asBob = api.get("/jobs/" + id, BOB);

        assertThat(asBob.statusCode()).isEqualTo(404);
        assertThat(asBob.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(asBob).get("status").asInt()).isEqualTo(404);
    }

    @Test
    void movesAJobThroughItsStates() {
        String id = createJob(ALICE);

        HttpResponse<String> running = api.patchJson("/jobs/" + id, ALICE, "{\"status\":\"RUNNING\",\"progress\":40}");
        HttpResponse<String> completed = api.patchJson("/jobs/" + id, ALICE, "{\"status\":\"COMPLETED\"}");

        assertThat(json(running).get("progress").asInt()).isEqualTo(40);
        assertThat(json(completed).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(json(completed).get("progress").asInt()).isEqualTo(100);
    }

    @Test
    void refusesAnIllegalTransitionWithConflict() {
        String id = createJob(ALICE);
        api.patchJson("/jobs/" + id, ALICE, "{\"status\":\"CANCELLED\"}");

        HttpResponse<String> reopened = api.patchJson("/jobs/" + id, ALICE, "{\"status\":\"RUNNING\"}");

        assertThat(reopened.statusCode()).isEqualTo(409);
        assertThat(json(reopened).get("field").asText()).isEqualTo("status");
    }

    @Test
    void namesTheFieldOfAValueOfTheWrongType() {
        String id = createJob(ALICE);

        HttpResponse<String> bad = api.patchJson("/jobs/" + id, ALICE, "{\"progress\":\"lots\"}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(bad).get("field").asText()).isEqualTo("progress");
    }

    @Test
    void namesTheAllowedStatusesForAnUnknownOne() {
        String id = createJob(ALICE);

        HttpResponse<String> bad = api.patchJson("/jobs/" + id, ALICE, "{\"status\":\"DONE\"}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("status");
        assertThat(json(bad).get("detail").asText()).contains("QUEUED", "RUNNING", "COMPLETED").doesNotContain("java.");
    }

    @Test
    void namesAnUnknownField() {
        HttpResponse<String> bad = api.postJson("/jobs", ALICE, "{\"type\":\"render\",\"priority\":1}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("priority");
    }

    @Test
    void namesAMissingRequiredField() {
        HttpResponse<String> bad = api.postJson("/jobs", ALICE, "{\"input\":{}}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("type");
    }

    @Test
    void rejectsMalformedJson() {
        HttpResponse<String> bad = api.postJson("/jobs", ALICE, "{\"type\":");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("body");
    }

    @Test
    void namesAnOutOfRangeQueryParameter() {
        HttpResponse<String> bad = api.get("/jobs?limit=1000", ALICE);

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("limit");
    }

    @Test
    void refusesACursorNoDatabaseTimestampCanHoldWithAProblemNamingTheCursor() {
        createJob(ALICE);
        // Instant.MAX as a cursor: well encoded, but never one this API wrote, and no SQL TIMESTAMP can bind it
        String crafted = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("31556889864403199.999999999.abc".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        HttpResponse<String> bad = api.get("/jobs?cursor=" + crafted, ALICE);

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(bad).get("field").asText()).isEqualTo("cursor");
    }

    @Test
    void listsOnlyTheCallersJobsAPageAtATime() {
        for (int i = 0; i < 3; i++) {
            createJob(ALICE);
            api.clock.advance(java.time.Duration.ofSeconds(1));
        }
        createJob(BOB);

        JsonNode first = json(api.get("/jobs?limit=2", ALICE));
        JsonNode second = json(api.get("/jobs?limit=2&cursor=" + first.get("nextCursor").asText(), ALICE));

        assertThat(first.get("items")).hasSize(2);
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.has("nextCursor")).isFalse();
        first.get("items").forEach(job -> assertThat(job.get("owner").asText()).isEqualTo("alice"));
    }

    @Test
    void refusesAnUnknownTokenWithAChallenge() {
        HttpResponse<String> denied = api.get("/jobs", "not-a-real-token");

        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(denied.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void refusesAnonymousCallsToTheJobsApi() {
        assertThat(api.get("/jobs", null).statusCode()).isEqualTo(401);
        assertThat(api.get("/user/me", null).statusCode()).isEqualTo(401);
    }

    @Test
    void servesHealthAndVersionWithoutAToken() {
        assertThat(json(api.get("/health", null)).get("status").asText()).isEqualTo("UP");
        assertThat(json(api.get("/version", null)).get("version").asText()).isEqualTo("1.2.3");
    }

    @Test
    void answersAnUnknownRouteWithAProblem() {
        HttpResponse<String> missing = api.get("/nowhere", ALICE);

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void refusesDownloadUntilTheJobCompletesThenServesTheResult() {
        String id = createJob(ALICE);
        api.patchJson("/jobs/" + id, ALICE, "{\"status\":\"RUNNING\"}");
        HttpResponse<String> uploaded = api.send(api.request("/jobs/" + id + "/download", ALICE)
                .header("Content-Type", "text/csv").PUT(HttpRequest.BodyPublishers.ofString("a,b\n1,2\n")).build());
        HttpResponse<String> early = api.get("/jobs/" + id + "/download", ALICE);
        api.patchJson("/jobs/" + id, ALICE, "{\"status\":\"COMPLETED\"}");

        HttpResponse<String> download = api.get("/jobs/" + id + "/download", ALICE);

        assertThat(uploaded.statusCode()).isEqualTo(200);
        assertThat(json(uploaded).get("result").get("sizeBytes").asLong()).isEqualTo(8);
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("a,b\n1,2\n");
        assertThat(download.headers().firstValue("Content-Type")).hasValue("text/csv");
    }

    @Test
    void deletesAJob() {
        String id = createJob(ALICE);

        HttpResponse<String> deleted = api.send(api.request("/jobs/" + id, ALICE).DELETE().build());

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(api.get("/jobs/" + id, ALICE).statusCode()).isEqualTo(404);
    }

    @Test
    void countsTheCallersJobsByStatus() {
        createJob(ALICE);
        String running = createJob(ALICE);
        api.patchJson("/jobs/" + running, ALICE, "{\"status\":\"RUNNING\"}");

        JsonNode me = json(api.get("/user/me", ALICE));

        assertThat(me.get("userId").asText()).isEqualTo("alice");
        assertThat(me.get("jobs").get("QUEUED").asLong()).isEqualTo(1);
        assertThat(me.get("jobs").get("RUNNING").asLong()).isEqualTo(1);
        assertThat(me.get("totalJobs").asLong()).isEqualTo(2);
    }

    private String createJob(String token) {
        HttpResponse<String> created = api.postJson("/jobs", token, "{\"type\":\"render\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        return json(created).get("id").asText();
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }
}
