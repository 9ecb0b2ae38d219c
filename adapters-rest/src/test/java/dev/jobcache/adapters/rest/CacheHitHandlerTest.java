package dev.jobcache.adapters.rest;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.jobcache.adapters.rest.RunningApi.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CacheHitHandler}: fresh hits answered in front of Jersey, byte for byte as Jersey answers them, and
 * everything else left to Jersey.
 */
class CacheHitHandlerTest {

    private final RunningApi api = new RunningApi(HitPath.IN_FRONT_OF_JERSEY);

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void answersAFreshHitWithoutReachingJersey() {
        createJobs(1);
        api.get("/jobs", ALICE);
        int beforeTheHit = api.requestsThatReachedJersey();

        HttpResponse<String> hit = api.get("/jobs", ALICE);

        assertThat(hit.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(api.requestsThatReachedJersey()).isEqualTo(beforeTheHit);
    }

    @Test
    void leavesMissesWritesBadTokensAndUnplainUrisToJersey() {
        createJobs(1);
        api.get("/jobs", ALICE);
        int before = api.requestsThatReachedJersey();

        api.get("/jobs?status=QUEUED", ALICE);
        api.get("/jobs", "not-a-token-of-anyone");
        HttpResponse<String> encoded = api.get("/%6Aobs", ALICE);
        HttpResponse<String> trailingSlash = api.get("/jobs/", ALICE);

        assertThat(api.requestsThatReachedJersey()).isEqualTo(before + 4);
        // Jersey still answers them from the cache: the same entry, read the way Jersey reads the URI
        assertThat(encoded.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(trailingSlash.headers().firstValue("X-Cache")).hasValue("HIT");
    }

    @Test
    void sendsTheSameBytesAsJerseyForEveryKindOfHit() {
        createJobs(8);

        assertSameBytesAsJerseyForEveryKindOfHit(api);
    }

    /** A fresh hit, gzip or not, a HEAD, a 304 and a public hit: in front of Jersey as Jersey sends them. */
    static void assertSameBytesAsJerseyForEveryKindOfHit(RunningApi api) {
        String etag = api.get("/jobs", ALICE).headers().firstValue("ETag").orElseThrow();
        api.get("/health", null);
        URI jersey = api.alsoServedBy(HitPath.JERSEY_FILTER);
        List<String> requests = List.of(
                "GET /jobs HTTP/1.1\r\nAuthorization: Bearer " + ALICE + "\r\nAccept-Encoding: gzip\r\n",
                "GET /jobs HTTP/1.1\r\nAuthorization: Bearer " + ALICE + "\r\n",
                "HEAD /jobs HTTP/1.1\r\nAuthorization: Bearer " + ALICE + "\r\nAccept-Encoding: gzip\r\n",
                "GET /jobs HTTP/1.1\r\nAuthorization: Bearer " + ALICE + "\r\nIf-None-Match: " + etag + "\r\n",
                "GET /health HTTP/1.1\r\n");

        for (String request : requests) {
            String inFront = exchange(api.base(), request);
            String throughJersey = exchange(jersey, request);

            assertThat(inFront).as("answer to %s", request).contains("X-Cache: HIT").isEqualTo(throughJersey);
        }
    }

    @Test
    void answersOtherRequestsWhileTheStoreHangs() {
        createJobs(1);
        api.faultyStore.pause();
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 4; i++) {
                held.add(CompletableFuture.supplyAsync(() -> api.get("/jobs", ALICE), clients));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.faultyStore.blockedCalls() >= 4);

            HttpResponse<String> metrics = api.get("/metrics", null);

            assertThat(metrics.statusCode()).isEqualTo(200);
        } finally {
            api.faultyStore.resume();
            clients.shutdown();
        }
        held.forEach(answer -> assertThat(answer.join().statusCode()).isEqualTo(200));
    }

    @Test
    void aClientThatSendsHitsButNeverReadsTheAnswersHoldsNoOtherClient() throws Exception {
        createJobs(20);

        assertAClientThatNeverReadsHoldsNoOtherClient(api);
    }

    /** Clients that pipeline hits and never read the answers: another client's hit is still answered. */
    static void assertAClientThatNeverReadsHoldsNoOtherClient(RunningApi api) throws Exception {
        api.get("/jobs", ALICE);
        byte[] request = ("GET /jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ALICE + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        // far more than the kernel's socket buffers hold (a few MB each way): the server must stop reading
        int pipelined = 200_000;
        List<StalledClient> stalled = new ArrayList<>();
        ExecutorService senders = Executors.newCachedThreadPool();
        try {
            // one such client per selector thread at least; connections are spread over them in turn
            for (int i = 0; i < 4; i++) {
                StalledClient client = new StalledClient(new Socket(api.base().getHost(), api.base().getPort()));
                stalled.add(client);
                senders.submit(() -> client.send(request, pipelined));
            }
            // the stall has set in once no client's writes get anywhere any more (or the server cut it off)
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> stalled.stream().allMatch(client -> client.stuckFor(Duration.ofMillis(500))));

            HttpResponse<String> other = api.get("/jobs", ALICE);

            assertThat(stalled).as("clients that got all %d requests read: the stall never set in", pipelined)
                    .noneMatch(client -> client.sent.get() == pipelined);
            assertThat(other.statusCode()).isEqualTo(200);
            assertThat(other.body()).contains("forest 19");
        } finally {
            for (StalledClient client : stalled) {
                client.socket.close();
            }
            senders.shutdownNow();
        }
    }

    /** A client that writes pipelined requests and never reads an answer; notes how far its writes got. */
    private static final class StalledClient {

        final Socket socket;
        final AtomicInteger sent = new AtomicInteger();
        private volatile boolean ended;
        private int seen = -1;
        private long seenSince;

        StalledClient(Socket socket) {
            this.socket = socket;
        }

        Void send(byte[] request, int times) {
            try {
                OutputStream out = socket.getOutputStream();
                for (int i = 0; i < times; i++) {
                    out.write(request);
                    sent.incrementAndGet();
                }
            } catch (IOException cutOff) {
                // the server closed the connection of a client that does not read: as good as stalled
            } finally {
                ended = true;
            }
            return null;
        }

        /** Whether it ended, or wrote nothing more since the last look at least {@code quiet} ago (test thread only). */
        boolean stuckFor(Duration quiet) {
            int now = sent.get();
            long at = System.nanoTime();
            if (now != seen) {
                seen = now;
                seenSince = at;
            }
            return ended || (now > 0 && at - seenSince >= quiet.toNanos());
        }
    }

    private void createJobs(int count) {
        for (int i = 0; i < count; i++) {
            api.postJson("/jobs", ALICE, "{\"type\":\"render\",\"input\":{\"scene\":\"forest " + i + "\",\"frames\":"
                    + (100 + i) + "}}");
        }
    }

    /** One request on its own connection, and everything the server sent back, as the bytes arrived. */
    private static String exchange(URI base, String requestWithoutEnd) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            // one request id for both servers, which would otherwise each give the answer an id of their own
            out.write((requestWithoutEnd + "Host: 127.0.0.1\r\nX-Request-Id: same-bytes\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
