package dev.jobcache.adapters.rest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static dev.jobcache.adapters.rest.JobsApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /ready} as a load balancer's probe sees it. */
class ReadinessApiTest {

    private final RunningApi api = new RunningApi(HitPath.IN_FRONT_OF_JERSEY);

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void isReadyWhileTheDatabaseAndTheCacheAnswerAndIsNeverCached() {
        HttpResponse<String> first = api.get("/ready", null);
        HttpResponse<String> second = api.get("/ready", null);

        JsonNode body = json(second);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(body.get("status").asText()).isEqualTo("READY");
        assertThat(body.get("database").asText()).isEqualTo("UP");
        assertThat(body.get("cache").get("status").asText()).isEqualTo("UP");
        assertThat(first.headers().firstValue("X-Cache")).hasValue("BYPASS");
        assertThat(second.headers().firstValue("X-Cache")).hasValue("BYPASS");
        assertThat(second.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void staysReadyButDegradedWhileTheCacheBackendFails() {
        api.faultyStore.failAll();

        HttpResponse<String> probed = api.get("/ready", null);

        assertThat(probed.statusCode()).as("the cache fails open: requests are still answered").isEqualTo(200);
        assertThat(json(probed).get("status").asText()).isEqualTo("DEGRADED");
        assertThat(json(probed).get("cache").get("status").asText()).isEqualTo("DOWN");
    }
}
