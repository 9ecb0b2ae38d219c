package dev.jobcache.adapters.rest;

import dev.jobcache.adapters.rest.cache.CacheHitHandler;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.jobcache.adapters.rest.RunningApi.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CacheHitHandler} over a store that reads asynchronously, as Redis does: a hit costs no worker thread and
 * no wait on a selector thread, a stalled store holds no thread at all, and a miss runs on a worker, never on the
 * store's I/O thread.
 */
class AsynchronousHitsTest {

    private final RunningApi api = new RunningApi(HitPath.IN_FRONT_OF_JERSEY, RunningApi.Store.REMOTE_ASYNCHRONOUS);
    private final RemoteStore remote = api.remoteStore;

    @AfterEach
    void stop() {
        remote.answer();
        api.close();
    }

    @Test
    void answersAHitFromTheStoresAnswerWithoutReachingJersey() {
        createJobs(2);
        HttpResponse<String> miss = api.get("/jobs", ALICE);
        int beforeTheHit = api.requestsThatReachedJersey();

        HttpResponse<String> hit = api.get("/jobs", ALICE);

        assertThat(miss.headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(hit.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(hit.body()).isEqualTo(miss.body());
        assertThat(api.requestsThatReachedJersey()).isEqualTo(beforeTheHit);
        assertThat(remote.misplacedCalls()).isEmpty();
    }

    @Test
    void aStalledStoreHoldsNeitherASelectorNorAWorkerThread() {
        createJobs(1);
        api.get("/jobs", ALICE);
        remote.stall();
        int held = RunningApi.WORKER_THREADS + 8;
        ExecutorService clients = Executors.newFixedThreadPool(held);
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        try {
            for (int i = 0; i < held; i++) {
                waiting.add(CompletableFuture.supplyAsync(() -> api.get("/jobs", ALICE), clients));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> remote.waitingReads() >= held);

            // more requests wait on the store than there are worker threads, and still others are answered
            HttpResponse<String> metrics = api.get("/metrics", null);
            HttpResponse<String> write = api.postJson("/jobs", RunningApi.BOB, "{\"type\":\"render\",\"input\":{}}");

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(write.statusCode()).isEqualTo(201);
            assertThat(waiting).noneMatch(CompletableFuture::isDone);
        } finally {
            remote.answer();
            clients.shutdown();
        }
        waiting.forEach(answer -> {
            assertThat(answer.join().statusCode()).isEqualTo(200);
            assertThat(answer.join().headers().firstValue("X-Cache")).hasValue("HIT");
        });
        assertThat(remote.misplacedCalls()).isEmpty();
    }

    @Test
    void aMissAfterTheStoresAnswerRunsOnAWorkerThread() {
        createJobs(1);

        HttpResponse<String> miss = api.get("/jobs?limit=5", ALICE);
        HttpResponse<String> hit = api.get("/jobs?limit=5", ALICE);

        assertThat(miss.statusCode()).isEqualTo(200);
        assertThat(miss.headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(hit.headers().firstValue("X-Cache")).hasValue("HIT");
        // the load's generation read and conditional put ran on a worker: not a selector, not the store's I/O thread
        assertThat(remote.misplacedCalls()).isEmpty();
        assertThat(api.counted.generationReads()).isEqualTo(1);
    }

    @Test
    void sendsTheSameBytesAsJerseyForEveryKindOfHit() {
        createJobs(8);

        CacheHitHandlerTest.assertSameBytesAsJerseyForEveryKindOfHit(api);
    }

    @Test
    void aClientThatSendsHitsButNeverReadsTheAnswersHoldsNeitherTheStoresThreadNorAnyOtherClient() throws Exception {
        createJobs(20);

        // its answers are written on the store's I/O thread unless the connection's write queue is full
        CacheHitHandlerTest.assertAClientThatNeverReadsHoldsNoOtherClient(api);
        assertThat(remote.misplacedCalls()).isEmpty();
    }

    private void createJobs(int count) {
        for (int i = 0; i < count; i++) {
            api.postJson("/jobs", ALICE, "{\"type\":\"render\",\"input\":{\"scene\":\"forest " + i + "\"}}");
        }
    }
}
