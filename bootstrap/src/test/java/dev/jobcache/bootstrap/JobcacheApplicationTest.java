package dev.jobcache.bootstrap;

import dev.jobcache.domain.port.JobRepository;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service as the README runs it ({@link JobcacheApplication}): Caffeine, embedded H2 in a file, Grizzly on a
 * real socket.
 */
@ParameterizedClass(name = "HTTP_FAST_PATH={0}")
@ValueSource(strings = {"true", "false"})
class JobcacheApplicationTest {

    /** Whether cache hits are answered in front of Jersey: the behaviour must not depend on it. */
    private final String fastPath;

    JobcacheApplicationTest(String fastPath) {
        this.fastPath = fastPath;
    }

    private static final String ALICE = "alice-token-0001";
    private static final String BOB = "bob-token-000002";
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    @Test
    void servesJobsFromTheCacheAndKeepsThemAcrossARestart(@TempDir Path data) throws Exception {
        RunningService.Environment service = service(data, "caffeine");
        String id;
        try (RunningService app = service.start()) {
            HttpResponse<String> created = app.send("POST", "/jobs", ALICE, "{\"type\":\"render\"}");
            id = idOf(created.body());
            HttpResponse<String> miss = app.send("GET", "/jobs", ALICE, null);
            HttpResponse<String> hit = app.send("GET", "/jobs", ALICE, null);
            HttpResponse<String> bobs = app.send("GET", "/jobs", BOB, null);

            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(miss.headers().firstValue("X-Cache")).hasValue("MISS");
            assertThat(hit.headers().firstValue("X-Cache")).hasValue("HIT");
            assertThat(hit.body()).contains(id);
            assertThat(bobs.body()).doesNotContain(id);
        }

        try (RunningService restarted = service.start()) {
            HttpResponse<String> after = restarted.send("GET", "/jobs/" + id, ALICE, null);

            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.body()).contains("\"status\":\"QUEUED\"");
        }
    }

    @Test
    void withClientRevalidationPerUserAnswersTellClientsToRevalidateAndGetA304(@TempDir Path data) throws Exception {
        try (RunningService app = service(data, "caffeine").with("CACHE_CLIENT_REVALIDATE", "true").start()) {
            HttpResponse<String> list = app.send("GET", "/jobs", ALICE, null);
            HttpResponse<String> health = app.send("GET", "/health", null, null);
            String etag = list.headers().firstValue("ETag").orElseThrow();

            HttpResponse<String> revalidated = app.send(HttpRequest.newBuilder(app.uri("/jobs"))
                    .header("Authorization", "Bearer " + ALICE).header("If-None-Match", etag).GET().build());

            assertThat(list.headers().firstValue("Cache-Control")).hasValue("private, no-cache");
            assertThat(health.headers().firstValue("Cache-Control")).as("public routes keep their max-age")
                    .hasValue("public, max-age=60");
            assertThat(revalidated.statusCode()).isEqualTo(304);
            assertThat(revalidated.headers().firstValue("X-Cache")).hasValue("HIT");
            assertThat(revalidated.headers().firstValue("Cache-Control")).hasValue("private, no-cache");
        }
    }

    @Test
    void withoutClientRevalidationClientsMayReuseTheirCopyForTheRoutesTtl(@TempDir Path data) throws Exception {
        try (RunningService app = service(data, "caffeine").start()) {
            assertThat(app.send("GET", "/jobs", ALICE, null).headers().firstValue("Cache-Control"))
                    .hasValue("private, max-age=120");
        }
    }

    @Test
    void runsWithTheCacheTurnedOff(@TempDir Path data) throws Exception {
        try (RunningService app = service(data, "none").start()) {
            app.send("GET", "/version", null, null);

            HttpResponse<String> again = app.send("GET", "/version", null, null);

            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.headers().firstValue("X-Cache")).hasValue("MISS");
        }
    }

    @Test
    void answersAMalformedUriWithAProblemAndNoStackTrace(@TempDir Path data) throws Exception {
        try (RunningService app = service(data, "caffeine").start();
             Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.getOutputStream().write(("GET /jobs?cursor=%%% HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + ALICE + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
            assertThat(answer).contains("\"field\":\"uri\"").doesNotContain("java.", "Exception");
        }
    }

    @Test
    void refusesACursorNoDatabaseTimestampCanHoldWithAProblemNamingTheCursor(@TempDir Path data) throws Exception {
        try (RunningService app = service(data, "caffeine").start()) {
            app.send("POST", "/jobs", ALICE, "{\"type\":\"render\"}");
            // Instant.MAX, well encoded: H2 cannot bind it, and it came back a 500 with a stack trace
            String crafted = java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString("31556889864403199.999999999.abc".getBytes(StandardCharsets.UTF_8));

            HttpResponse<String> bad = app.send("GET", "/jobs?cursor=" + crafted, ALICE, null);

            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(bad.body()).contains("\"field\":\"cursor\"").doesNotContain("java.", "Exception");
        }
    }

    @Test
    void finishesARequestInFlightWhenStopped(@TempDir Path data) throws Exception {
        // the upload is held inside the repository until the stop has begun: a request the service is working on
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean saving = new AtomicBoolean();
        UnaryOperator<JobRepository> holdingUploads = real -> (JobRepository) Proxy.newProxyInstance(
                JobRepository.class.getClassLoader(), new Class<?>[]{JobRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("saveResult")) {
                        saving.set(true);
                        release.await(10, TimeUnit.SECONDS);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        RunningService app = service(data, "caffeine").start(holdingUploads);
        String id = idOf(app.send("POST", "/jobs", ALICE, "{\"type\":\"render\"}").body());
        app.send("PATCH", "/jobs/" + id, ALICE, "{\"status\":\"RUNNING\"}");
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /jobs/" + id + "/download HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ALICE
                    + "\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nresult").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilTrue(saving);
            Thread stopping = new Thread(app::close, "stopping");

            stopping.start();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stopping.getState() == Thread.State.TIMED_WAITING);
            release.countDown();

            String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(statusLine).isEqualTo("HTTP/1.1 200");
            stopping.join(10_000);
            assertThat(stopping.isAlive()).isFalse();
        }
    }

    @Test
    void warmsThePublicRoutesOnceStarted(@TempDir Path data) throws Exception {
        try (RunningService app = service(data, "caffeine").start()) {
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> app.app().wiring().cacheStore().usage().entries() == 2);

            HttpResponse<String> version = app.send("GET", "/version", null, null);

            assertThat(version.headers().firstValue("X-Cache")).hasValue("HIT");
        }
    }


    private RunningService.Environment service(Path data, String backend) {
        return RunningService.in(data)
                .with("CACHE_BACKEND", backend)
                .with("AUTH_TOKENS", "alice:" + ALICE + ",bob:" + BOB)
                .with("HTTP_FAST_PATH", fastPath);
    }

    private static String idOf(String json) {
        Matcher m = ID.matcher(json);
        assertThat(m.find()).as("an id in %s", json).isTrue();
        return m.group(1);
    }
}
