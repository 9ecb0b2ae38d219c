package dev.jobcache.adapters.rest;

import dev.jobcache.adapters.rest.cache.ServerTiming;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;

import static dev.jobcache.adapters.rest.RunningApi.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code Server-Timing} as a browser's developer tools read it, when the service is asked to send it. */
@ParameterizedClass
@EnumSource(HitPath.class)
class ServerTimingApiTest {

    private static final String DURATION = "\\d+\\.\\d{3}";

    private final HitPath hitPath;
    private RunningApi api;

    ServerTimingApiTest(HitPath hitPath) {
        this.hitPath = hitPath;
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aMissNamesTheLookupAndTheOriginAndAHitItsOwnLookup() {
        api = new RunningApi(hitPath, ServerTiming.ON);

        HttpResponse<String> miss = api.get("/jobs", ALICE);
        HttpResponse<String> hit = api.get("/jobs", ALICE);

        assertThat(miss.headers().firstValue("Server-Timing")).hasValueSatisfying(timing -> assertThat(timing)
                .matches("cache;desc=\"miss\";dur=" + DURATION + ", origin;dur=" + DURATION));
        assertThat(hit.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(hit.headers().firstValue("Server-Timing")).as("computed for the hit, not replayed from the miss")
                .hasValueSatisfying(timing -> assertThat(timing).matches("cache;desc=\"hit\";dur=" + DURATION));
    }

    @Test
    void anAnswerTheCacheStayedOutOfNamesTheOriginOnly() {
        api = new RunningApi(hitPath, ServerTiming.ON);

        HttpResponse<String> created = api.postJson("/jobs", ALICE, "{\"type\":\"render\"}");

        assertThat(created.headers().firstValue("Server-Timing")).hasValueSatisfying(
                timing -> assertThat(timing).matches("origin;dur=" + DURATION));
    }

    @Test
    void isNotSentUnlessAskedFor() {
        api = new RunningApi(hitPath);

        api.get("/jobs", ALICE);

        assertThat(api.get("/jobs", ALICE).headers().firstValue("Server-Timing")).isEmpty();
        assertThat(api.postJson("/jobs", ALICE, "{\"type\":\"render\"}").headers().firstValue("Server-Timing")).isEmpty();
    }
}
