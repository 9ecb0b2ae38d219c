package dev.jobcache.adapters.rest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import static dev.jobcache.adapters.rest.JobsApiTest.json;
import static dev.jobcache.adapters.rest.RunningApi.ALICE;
import static dev.jobcache.adapters.rest.RunningApi.BOB;
import static org.assertj.core.api.Assertions.assertThat;

/** The response cache as clients see it over HTTP ({@link ResponseCacheFilter}, {@link ResponseCaptureInterceptor}). */
@ParameterizedClass
@EnumSource(HitPath.class)
class ResponseCacheFilterTest {

    private final RunningApi api;

    ResponseCacheFilterTest(HitPath hitPath) {
        api = new RunningApi(hitPath);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void answersTheSecondGetFromTheCacheWithTheSameEtag() {
        createJob(ALICE);

        HttpResponse<String> first = api.get("/jobs", ALICE);
        HttpResponse<String> second = api.get("/jobs", ALICE);

        assertThat(first.headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(second.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(second.headers().firstValue("Cache-Status")).hasValueSatisfying(v -> assertThat(v).startsWith("jobcache; hit"));
        assertThat(second.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag")).isPresent();
        assertThat(second.headers().firstValue("Cache-Control")).hasValue("private, max-age=120");
        assertThat(second.headers().firstValue("Age")).isPresent();
        assertThat(second.body()).isEqualTo(first.body());
    }

    @Test
    void returnsNotModifiedWithoutABodyWhenEtagMatches() {
        String etag = api.get("/jobs", ALICE).headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> revalidated = api.send(api.request("/jobs", ALICE).header("If-None-Match", etag).GET().build());

        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(revalidated.body()).isEmpty();
        assertThat(revalidated.headers().firstValue("ETag")).hasValue(etag);
    }

    @Test
    void showsTheOwnersWriteOnTheNextRead() {
        String id = createJob(ALICE);
        api.get("/jobs/" + id, ALICE);
        api.get("/jobs", ALICE);
        api.get("/user/me", ALICE);

        api.patchJson("/jobs/" + id, ALICE, "{\"status\":\"RUNNING\",\"progress\":10}");

        assertThat(json(api.get("/jobs/" + id, ALICE)).get("status").asText()).isEqualTo("RUNNING");
        assertThat(json(api.get("/jobs", ALICE)).get("items").get(0).get("status").asText()).isEqualTo("RUNNING");
        assertThat(json(api.get("/user/me", ALICE)).get("jobs").get("RUNNING").asLong()).isEqualTo(1);
    }

    @Test
    void aWriteToOneJobLeavesTheOwnersOtherJobsAndUnchangedCountsCached() {
        String written = createJob(ALICE);
        String other = createJob(ALICE);
        api.patchJson("/jobs/" + written, ALICE, "{\"status\":\"RUNNING\",\"progress\":10}");
        api.get("/jobs/" + written, ALICE);
        api.get("/jobs/" + other, ALICE);
        api.get("/user/me", ALICE);

        api.patchJson("/jobs/" + written, ALICE, "{\"progress\":20}");

        HttpResponse<String> otherJob = api.get("/jobs/" + other, ALICE);
        HttpResponse<String> profile = api.get("/user/me", ALICE);
        HttpResponse<String> writtenJob = api.get("/jobs/" + written, ALICE);
        assertThat(otherJob.headers().firstValue("X-Cache")).as("the owner's other job").hasValue("HIT");
        assertThat(profile.headers().firstValue("X-Cache")).as("counts by status, which progress leaves alone").hasValue("HIT");
        assertThat(writtenJob.headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(json(writtenJob).get("progress").asInt()).isEqualTo(20);
    }

    @Test
    void aWriteToOneJobDropsOnlyTheListPagesThatShowItOrStartTheNextPageWithIt() {
        createJob(ALICE);
        createJob(ALICE);
        createJob(ALICE);
        String first = "/jobs?limit=1";
        String second = first + "&cursor=" + json(api.get(first, ALICE)).get("nextCursor").asText();
        String third = first + "&cursor=" + json(api.get(second, ALICE)).get("nextCursor").asText();
        String last = json(api.get(third, ALICE)).get("items").get(0).get("id").asText();

        api.patchJson("/jobs/" + last, ALICE, "{\"status\":\"RUNNING\",\"progress\":5}");

        assertThat(api.get(first, ALICE).headers().firstValue("X-Cache")).as("shows another job").hasValue("HIT");
        assertThat(api.get(second, ALICE).headers().firstValue("X-Cache")).as("its next page starts with the job")
                .hasValue("MISS");
        HttpResponse<String> shown = api.get(third, ALICE);
        assertThat(shown.headers().firstValue("X-Cache")).as("shows the job").hasValue("MISS");
        assertThat(json(shown).get("items").get(0).get("progress").asInt()).isEqualTo(5);
    }

    @Test
    void aNewJobDropsThePagesOfTheListsItJoinsOnly() {
        String running = createJob(ALICE);
        api.patchJson("/jobs/" + running, ALICE, "{\"status\":\"RUNNING\"}");
        api.get("/jobs", ALICE);
        api.get("/jobs?status=QUEUED", ALICE);
        api.get("/jobs?status=RUNNING", ALICE);

        String created = createJob(ALICE);

        HttpResponse<String> all = api.get("/jobs", ALICE);
        HttpResponse<String> queued = api.get("/jobs?status=QUEUED", ALICE);
        assertThat(all.headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(all.body()).contains(created);
        assertThat(queued.headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(queued.body()).contains(created);
        assertThat(api.get("/jobs?status=RUNNING", ALICE).headers().firstValue("X-Cache")).hasValue("HIT");
    }

    @Test
    void aJobEnteringAStatusDropsTheListOfThatStatusOnly() {
        String id = createJob(ALICE);
        api.get("/jobs?status=RUNNING", ALICE);
        api.get("/jobs?status=FAILED", ALICE);

        api.patchJson("/jobs/" + id, ALICE, "{\"status\":\"RUNNING\"}");

        HttpResponse<String> running = api.get("/jobs?status=RUNNING", ALICE);
        assertThat(running.headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(json(running).get("items").get(0).get("id").asText()).isEqualTo(id);
        assertThat(api.get("/jobs?status=FAILED", ALICE).headers().firstValue("X-Cache")).hasValue("HIT");
    }

    @Test
    void theTagsAListPageNamesForTheCacheNeverReachTheClient() {
        createJob(ALICE);

        HttpResponse<String> miss = api.get("/jobs", ALICE);
        HttpResponse<String> hit = api.get("/jobs", ALICE);

        assertThat(hit.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(miss.headers().firstValue("Cache-Tag")).isEmpty();
        assertThat(hit.headers().firstValue("Cache-Tag")).isEmpty();
    }

    @Test
    void neverShowsOneUsersCachedListToAnother() {
        createJob(ALICE);
        api.get("/jobs", ALICE);
        api.get("/jobs", ALICE);

        HttpResponse<String> bobs = api.get("/jobs", BOB);

        assertThat(bobs.headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(json(bobs).get("items")).isEmpty();
    }

    @Test
    void neverCachesErrors() {
        HttpResponse<String> first = api.get("/jobs/does-not-exist", ALICE);
        HttpResponse<String> second = api.get("/jobs/does-not-exist", ALICE);

        assertThat(second.statusCode()).isEqualTo(404);
        assertThat(second.headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void keysAndTagsAPathWithMatrixParametersLikeThePathJerseyMatches() {
        String id = createJob(ALICE);
        api.patchJson("/jobs/" + id, ALICE, "{\"status\":\"RUNNING\"}");
        api.get("/jobs;v=1/" + id + ";x=2", ALICE);

        api.patchJson("/jobs/" + id, ALICE, "{\"progress\":55}");

        HttpResponse<String> again = api.get("/jobs;v=1/" + id + ";x=2", ALICE);
        assertThat(json(again).get("progress").asInt()).isEqualTo(55);
    }

    @Test
    void neverLetsASharedCacheKeepAnAuthorizedAnswer() {
        HttpResponse<String> authorized = api.get("/health", ALICE);

        assertThat(authorized.headers().firstValue("Cache-Control")).hasValue("private, no-store");
    }

    @Test
    void neverLabelsAWriteWithTheCachingRulesOfItsRoute() {
        HttpResponse<String> created = api.postJson("/jobs", ALICE, "{\"type\":\"render\"}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control")).isEmpty();
        assertThat(created.headers().firstValue("X-Cache")).hasValue("BYPASS");
    }

    @Test
    void bypassesAPublicRouteWhenTheRequestCarriesCredentials() {
        api.get("/health", null);

        HttpResponse<String> authorized = api.get("/health", ALICE);

        assertThat(authorized.headers().firstValue("X-Cache")).hasValue("BYPASS");
    }

    @Test
    void servesStoredGzipToClientsThatAcceptItAndIdentityToOthers() throws IOException {
        for (int i = 0; i < 12; i++) {
            createJob(ALICE);
        }
        HttpResponse<String> identityMiss = api.get("/jobs", ALICE);

        HttpResponse<byte[]> gzipHit = api.sendForBytes(api.request("/jobs", ALICE).header("Accept-Encoding", "gzip").GET().build());
        HttpResponse<String> identityHit = api.get("/jobs", ALICE);

        assertThat(identityMiss.body().length()).isGreaterThan(1024);
        assertThat(gzipHit.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(gzipHit.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gunzip(gzipHit.body())).isEqualTo(identityMiss.body());
        assertThat(gzipHit.headers().firstValue("ETag")).isNotEqualTo(identityHit.headers().firstValue("ETag"));
        assertThat(identityHit.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(identityHit.body()).isEqualTo(identityMiss.body());
    }

    @Test
    void answersHeadFromTheGetEntry() {
        HttpResponse<String> get = api.get("/version", null);

        HttpResponse<String> head = api.send(api.request("/version", null).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(head.headers().firstValue("ETag")).isEqualTo(get.headers().firstValue("ETag"));
        assertThat(head.body()).isEmpty();
    }

    @Test
    void answersFromTheOriginWhenTheCacheStoreFails() {
        String id = createJob(ALICE);
        api.faultyStore.failAll();

        HttpResponse<String> first = api.get("/jobs/" + id, ALICE);
        HttpResponse<String> second = api.get("/jobs/" + id, ALICE);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(json(second).get("id").asText()).isEqualTo(id);
        assertThat(api.metrics.events(dev.jobcache.domain.cache.CacheOutcome.ERROR)).isNotEmpty();
    }

    @Test
    void cachesTheDownloadedResultPerUser() {
        String id = createJob(ALICE);
        api.patchJson("/jobs/" + id, ALICE, "{\"status\":\"RUNNING\"}");
        api.send(api.request("/jobs/" + id + "/download", ALICE).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[]{1, 2, 3})).build());
        api.patchJson("/jobs/" + id, ALICE, "{\"status\":\"COMPLETED\"}");

        HttpResponse<byte[]> first = api.sendForBytes(api.request("/jobs/" + id + "/download", ALICE).GET().build());
        HttpResponse<byte[]> second = api.sendForBytes(api.request("/jobs/" + id + "/download", ALICE).GET().build());

        assertThat(second.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(second.body()).containsExactly(1, 2, 3).isEqualTo(first.body());
        assertThat(api.get("/jobs/" + id + "/download", BOB).statusCode()).isEqualTo(404);
    }

    private String createJob(String token) {
        HttpResponse<String> created = api.postJson("/jobs", token, "{\"type\":\"render\",\"input\":{\"scene\":\"forest\"}}");
        JsonNode job = json(created);
        return job.get("id").asText();
    }

    private static String gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
