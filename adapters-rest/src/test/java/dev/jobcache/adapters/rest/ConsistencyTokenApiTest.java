package dev.jobcache.adapters.rest;

import dev.jobcache.domain.cache.ConsistencyToken;
import dev.jobcache.domain.cache.InvalidationStamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import static dev.jobcache.adapters.rest.JobsApiTest.json;
import static dev.jobcache.adapters.rest.RunningApi.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consistency token over HTTP, as clients see it: every successful write hands one out in a header and a cookie,
 * a request may carry it back in either, a malformed one is refused naming where it was, and neither changes what a
 * read is answered with or whether it is cached. (Which copy answers a read that carries it is the near-cache's rule,
 * run across instances in the bootstrap's two-tier tests.)
 */
@ParameterizedClass
@EnumSource(HitPath.class)
class ConsistencyTokenApiTest {

    private final RunningApi api;

    ConsistencyTokenApiTest(HitPath hitPath) {
        api = new RunningApi(hitPath);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aWriteIsAnsweredWithItsTokenInAHeaderAndInACookieThatLastsAsLongAsItMatters() {
        HttpResponse<String> created = api.postJson("/jobs", ALICE, "{\"type\":\"render\"}");

        String token = created.headers().firstValue("Consistency-Token").orElseThrow();
        assertThat(ConsistencyToken.parse(token).marks()).hasSize(1);
        assertThat(created.headers().firstValue("Set-Cookie")).hasValue(
                "jobcache-consistency=" + token + "; Max-Age=6; Path=/; HttpOnly; SameSite=Lax");
    }

    @Test
    void eachWriteNamesALaterInvalidationThanTheOneBefore() {
        String id = json(api.postJson("/jobs", ALICE, "{\"type\":\"render\"}")).get("id").asText();
        long first = sequenceOf(api.patchJson("/jobs/" + id, ALICE, "{\"progress\":1}"));
        long second = sequenceOf(api.patchJson("/jobs/" + id, ALICE, "{\"progress\":2}"));

        assertThat(second).isGreaterThan(first);
    }

    @Test
    void aWritesTokenKeepsWhatTheRequestCarriedFromOtherInstances() {
        ConsistencyToken elsewhere = ConsistencyToken.of(new InvalidationStamp("elsewhere1", 12), Instant.now());

        HttpResponse<String> created = api.send(api.request("/jobs", ALICE)
                .header("Content-Type", "application/json").header("Consistency-Token", elsewhere.text())
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"render\"}")).build());

        assertThat(ConsistencyToken.parse(created.headers().firstValue("Consistency-Token").orElseThrow()).marks())
                .extracting(ConsistencyToken.Mark::origin).contains("elsewhere1").hasSize(2);
    }

    @Test
    void aMalformedTokenIsRefusedNamingTheHeaderAndTheWriteDoesNotRun() {
        HttpResponse<String> refused = api.send(api.request("/jobs", ALICE)
                .header("Content-Type", "application/json").header("Consistency-Token", "not-a-token")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"render\"}")).build());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).get("field").asText()).isEqualTo("Consistency-Token");
        assertThat(json(api.get("/jobs", ALICE)).get("items")).isEmpty();
    }

    @Test
    void aMalformedTokenCookieOnACachedReadIsRefusedNamingTheCookie() {
        api.get("/jobs", ALICE);
        api.get("/jobs", ALICE);

        HttpResponse<String> refused = api.send(api.request("/jobs", ALICE)
                .header("Cookie", "theme=dark; jobcache-consistency=garbage").GET().build());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).get("field").asText()).isEqualTo("jobcache-consistency");
    }

    @Test
    void aReadCarryingTheTokenAndOtherCookiesIsCachedAndAnsweredLikeAnyOther() {
        String token = api.postJson("/jobs", ALICE, "{\"type\":\"render\"}").headers()
                .firstValue("Consistency-Token").orElseThrow();
        HttpResponse<String> plain = api.get("/jobs", ALICE);

        HttpResponse<String> carrying = api.send(api.request("/jobs", ALICE)
                .header("Cookie", "theme=dark; jobcache-consistency=" + token)
                .header("Consistency-Token", token).GET().build());

        assertThat(carrying.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(carrying.headers().firstValue("ETag")).isEqualTo(plain.headers().firstValue("ETag"));
        assertThat(carrying.body()).isEqualTo(plain.body());
        assertThat(carrying.headers().firstValue("Consistency-Token")).as("reads hand out none").isEmpty();
        assertThat(carrying.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void aFailedWriteHandsOutNoToken() {
        HttpResponse<String> refused = api.postJson("/jobs", ALICE, "{\"type\":1}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Consistency-Token")).isEmpty();
        assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
    }

    private static long sequenceOf(HttpResponse<String> written) {
        return ConsistencyToken.parse(written.headers().firstValue("Consistency-Token").orElseThrow())
                .marks().iterator().next().sequence();
    }
}
