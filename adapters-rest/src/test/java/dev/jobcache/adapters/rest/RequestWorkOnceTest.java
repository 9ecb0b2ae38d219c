package dev.jobcache.adapters.rest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import static dev.jobcache.adapters.rest.RunningApi.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request's cache work is done once, whichever threads it passes (selector, store client, worker, Jersey): one
 * authentication, one read of the store, and on a miss one generation read before the origin is called.
 */
class RequestWorkOnceTest {

    static Stream<Arguments> pathsAndStores() {
        return Stream.of(HitPath.values()).flatMap(path -> Stream.of(RunningApi.Store.values())
                .map(store -> Arguments.of(path, store)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("pathsAndStores")
    void aMissIsAuthenticatedOnceAndReadsTheStoreOnce(HitPath path, RunningApi.Store kind) {
        try (RunningApi api = new RunningApi(path, kind)) {
            api.postJson("/jobs", ALICE, "{\"type\":\"render\",\"input\":{\"frames\":1}}");
            api.counted.reset();
            api.authentications.set(0);

            HttpResponse<String> miss = api.get("/jobs", ALICE);

            assertThat(miss.headers().firstValue("X-Cache")).hasValue("MISS");
            assertThat(api.authentications).hasValue(1);
            assertThat(api.counted.reads()).isEqualTo(expectedReadsOfAMiss(path, kind));
            assertThat(api.counted.generationReads()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("pathsAndStores")
    void aHitIsAuthenticatedOnceAndReadsTheStoreOnce(HitPath path, RunningApi.Store kind) {
        try (RunningApi api = new RunningApi(path, kind)) {
            api.postJson("/jobs", ALICE, "{\"type\":\"render\",\"input\":{\"frames\":1}}");
            api.get("/jobs", ALICE);
            api.counted.reset();
            api.authentications.set(0);

            HttpResponse<String> hit = api.get("/jobs", ALICE);

            assertThat(hit.headers().firstValue("X-Cache")).hasValue("HIT");
            assertThat(api.authentications).hasValue(1);
            assertThat(api.counted.reads()).isEqualTo(1);
            assertThat(api.counted.generationReads()).isZero();
        }
    }

    /**
     * One, except with a near-cache in front of Jersey: the selector thread probes the in-process copies, which
     * cannot tell a miss of the whole store, and the worker then reads the store.
     */
    private static int expectedReadsOfAMiss(HitPath path, RunningApi.Store kind) {
        return path == HitPath.IN_FRONT_OF_JERSEY && kind == RunningApi.Store.FAULTY_IN_PROCESS ? 2 : 1;
    }
}
