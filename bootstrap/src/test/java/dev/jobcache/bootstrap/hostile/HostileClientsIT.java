package dev.jobcache.bootstrap.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobcache.bootstrap.JobcacheApplication;
import dev.jobcache.bootstrap.RunningService;
import dev.jobcache.domain.job.JobId;
import dev.jobcache.domain.job.PageCursor;
import dev.jobcache.testkit.redis.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole service, as deployed, against clients that are careless or hostile: slow loris on headers and bodies,
 * huge bodies, header floods, key floods, malformed framing, headers, queries, cursors and JSON. Every client that
 * behaves must still be answered, every malformed request must get a 4xx problem with at most one log line and no
 * stack trace, and nobody may be served another request's answer. Each test prints its figures
 * ({@code hostile ...}); timings are reported, never asserted.
 */
@Timeout(300)
class HostileClientsIT {

    private static final String ALICE = "alice-token-0001";
    private static final String BOB = "bob-token-000001";
    private static final String ADMIN = "admin-token-0001";
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final Duration HEADER_TIMEOUT = Duration.ofMillis(1500);
    private static final Duration BODY_TIMEOUT = Duration.ofMillis(2000);

    @TempDir
    Path data;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private LogCapture logs;
    private JobcacheApplication app;
    private URI base;

    @BeforeEach
    void captureLogs() {
        logs = LogCapture.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        logs.close();
    }

    private void start(Map<String, String> overrides) {
        RunningService.Environment environment = RunningService.in(data)
                .with("AUTH_TOKENS", "alice:" + ALICE + ",bob:" + BOB)
                .with("ADMIN_TOKENS", "root:" + ADMIN)
                .with("HTTP_HEADER_TIMEOUT_MS", String.valueOf(HEADER_TIMEOUT.toMillis()))
                .with("HTTP_BODY_TIMEOUT_MS", String.valueOf(BODY_TIMEOUT.toMillis()));
        overrides.forEach(environment::with);
        app = environment.start().app();
        base = URI.create("http://127.0.0.1:" + app.port());
    }

    private void startOn(String backend) {
        if (backend.equals("redis")) {
            RedisServer redis = RedisServer.start();
            resources.add(redis::close);
            start(Map.of("CACHE_BACKEND", "redis", "REDIS_URL", redis.uri()));
        } else {
            start(Map.of("CACHE_BACKEND", backend));
        }
    }

    // 1. slow uploads ---------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "CACHE_BACKEND={0}")
    @ValueSource(strings = {"caffeine", "redis"})
    void slowUploadsNeverStallOtherClients(String backend) throws Exception {
        startOn(backend);
        String job = submit(ALICE, "{\"type\":\"render\"}");
        get("/jobs", ALICE);
        java.util.function.IntFunction<HttpRequest> mix = i -> switch (i % 4) {
            case 0 -> SteadyTraffic.request(base, "/health", null).GET().build();
            case 1 -> SteadyTraffic.request(base, "/jobs?limit=" + (1 + i % 50), ALICE).GET().build();
            case 2 -> SteadyTraffic.request(base, "/jobs/" + job, ALICE).GET().build();
            default -> SteadyTraffic.request(base, "/jobs", ALICE).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"steady\"}")).build();
        };
        // the same clients alone first: what their latency is without anyone hostile beside them
        SteadyTraffic alone = SteadyTraffic.run(4, Duration.ofSeconds(2), mix);
        int slowClients = 80;
        List<RawConnection> authenticated = new ArrayList<>();
        List<RawConnection> anonymous = new ArrayList<>();
        for (int i = 0; i < slowClients; i++) {
            boolean withToken = i % 2 == 0;
            RawConnection slow = RawConnection.open(app.port());
            slow.send("POST /jobs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n"
                    + (withToken ? "Authorization: Bearer " + ALICE + "\r\n" : "") + "\r\n{");
            (withToken ? authenticated : anonymous).add(slow);
            resources.add(slow);
        }
        Thread trickle = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                authenticated.forEach(c -> c.send("\""));
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "slow-uploads");
        trickle.start();
        SteadyTraffic steady;
        try {
            steady = SteadyTraffic.run(4, Duration.ofSeconds(4), mix);
        } finally {
            trickle.interrupt();
            trickle.join();
        }
        int unauthorized = 0;
        for (RawConnection slow : anonymous) {
            if (RawConnection.statusOf(slow.readUntilClosedOr(Duration.ofSeconds(2))) == 401 && slow.closedByServer()) {
                unauthorized++;
            }
        }
        int timedOut = 0;
        for (RawConnection slow : authenticated) {
            if (RawConnection.statusOf(slow.readUntilClosedOr(BODY_TIMEOUT.plusSeconds(2))) == 408
                    && slow.closedByServer()) {
                timedOut++;
            }
        }
        System.out.printf(Locale.ROOT, "hostile slow uploads (%s): %d slow connections (1 byte / 500 ms), %s "
                        + "(alone before: p99 %.1f ms); anonymous answered 401 and closed: %d of %d; authenticated "
                        + "answered 408 and closed: %d of %d%n", backend, slowClients, steady.figures(),
                alone.percentileMillis(0.99), unauthorized, anonymous.size(), timedOut, authenticated.size());
        assertThat(steady.failures()).as("steady requests beside the slow uploads").isEmpty();
        assertThat(steady.answered()).isGreaterThan(20);
        assertThat(unauthorized).isEqualTo(anonymous.size());
        assertThat(timedOut).isEqualTo(authenticated.size());
    }

    @Test
    void slowHeadersNeverStallOtherClientsAndAreCutOffAtTheHeaderTimeout() throws Exception {
        start(Map.of());
        List<RawConnection> lorises = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            RawConnection loris = RawConnection.open(app.port());
            loris.send("GET /health HTTP/1.1\r\nHost: x\r\n");
            lorises.add(loris);
            resources.add(loris);
        }
        Thread trickle = new Thread(() -> {
            for (int round = 0; !Thread.currentThread().isInterrupted(); round++) {
                String header = "X-" + round + ": y\r\n";
                lorises.forEach(c -> c.send(header));
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "slow-headers");
        long started = System.nanoTime();
        trickle.start();
        SteadyTraffic steady;
        try {
            steady = SteadyTraffic.run(4, Duration.ofSeconds(3), i -> i % 2 == 0
                    ? SteadyTraffic.request(base, "/health", null).GET().build()
                    : SteadyTraffic.request(base, "/jobs", ALICE).GET().build());
        } finally {
            trickle.interrupt();
            trickle.join();
        }
        int cutOff = 0;
        for (RawConnection loris : lorises) {
            if (RawConnection.statusOf(loris.readUntilClosedOr(Duration.ofSeconds(2))) == 408 && loris.closedByServer()) {
                cutOff++;
            }
        }
        System.out.printf(Locale.ROOT, "hostile slow headers: 100 connections (one header line / 300 ms), %s; "
                + "answered 408 and closed: %d of 100 within %d ms%n", steady.figures(), cutOff,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        assertThat(steady.failures()).isEmpty();
        assertThat(cutOff).isEqualTo(100);
    }

    // 2. large bodies ---------------------------------------------------------------------------------------------

    @Test
    void largeBodiesAreRefusedBeforeTheyAreRead() throws Exception {
        start(Map.of("JOBS_MAX_RESULT_MB", "1"));
        String job = submit(ALICE, "{\"type\":\"render\"}");
        long heapBefore = usedHeap();
        byte[] megabyte = new byte[1024 * 1024];
        java.util.Arrays.fill(megabyte, (byte) ' ');

        for (String[] refused : new String[][]{
                {"POST /jobs", null, "401"},
                {"POST /admin/cache/invalidate", null, "401"},
                {"POST /admin/cache/warm", ALICE, "403"},
                {"POST /jobs", ALICE, "413"},
                {"PUT /jobs/" + job + "/download", ALICE, "413"}}) {
            try (RawConnection huge = RawConnection.open(app.port())) {
                huge.send(refused[0] + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 52428800\r\n"
                        + (refused[1] == null ? "" : "Authorization: Bearer " + refused[1] + "\r\n") + "\r\n{");
                int sentMegabytes = 0;
                while (sentMegabytes < 50 && huge.send(megabyte) && huge.receivedSoFar().isEmpty()) {
                    sentMegabytes++;
                }
                String response = huge.readUntilClosedOr(Duration.ofSeconds(5));
                System.out.printf(Locale.ROOT, "hostile large body: %s with %s and 50 MB declared: %d after %d MB "
                                + "sent, connection closed: %s%n", refused[0], refused[1] == null ? "no token" : "a token",
                        RawConnection.statusOf(response), sentMegabytes, huge.closedByServer());
                assertThat(RawConnection.statusOf(response)).isEqualTo(Integer.parseInt(refused[2]));
                assertThat(response).contains("application/problem+json");
                assertThat(sentMegabytes).as("megabytes sent before the refusal").isLessThan(5);
                assertThat(huge.closedByServer()).isTrue();
            }
        }
        try (RawConnection chunked = RawConnection.open(app.port())) {
            chunked.send("POST /jobs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                    + "Authorization: Bearer " + ALICE + "\r\n\r\n");
            String chunkHead = Integer.toHexString(megabyte.length) + "\r\n";
            int sent = 0;
            while (sent < 20 && chunked.send(chunkHead) && chunked.send(megabyte) && chunked.send("\r\n")
                    && chunked.receivedSoFar().isEmpty()) {
                sent++;
            }
            String response = chunked.readUntilClosedOr(Duration.ofSeconds(5));
            System.out.printf(Locale.ROOT, "hostile large body: chunked POST /jobs with a token: %d after %d MB, "
                    + "closed: %s; heap used before %d MB, after %d MB%n", RawConnection.statusOf(response), sent,
                    chunked.closedByServer(), heapBefore >> 20, usedHeap() >> 20);
            assertThat(RawConnection.statusOf(response)).isEqualTo(413);
            assertThat(sent).isLessThan(5);
        }
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Test
    void headerFloodsAreRefusedAndTheServerKeepsAnswering() throws Exception {
        start(Map.of());
        StringBuilder many = new StringBuilder("GET /health HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 500; i++) {
            many.append("X-Flood-").append(i).append(": y\r\n");
        }
        String oneHuge = "GET /health HTTP/1.1\r\nHost: x\r\nX-Huge: " + "y".repeat(64 * 1024) + "\r\n\r\n";
        for (String flood : List.of(many.append("\r\n").toString(), oneHuge)) {
            try (RawConnection connection = RawConnection.open(app.port())) {
                connection.send(flood);
                String response = connection.readUntilClosedOr(Duration.ofSeconds(5));
                int status = RawConnection.statusOf(response);
                System.out.printf(Locale.ROOT, "hostile header flood: %d bytes of headers: %d, closed: %s%n",
                        flood.length(), status, connection.closedByServer());
                assertThat(status).isBetween(400, 499);
                assertThat(connection.closedByServer()).isTrue();
            }
        }
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
        assertThat(logs.stackTraces()).isEmpty();
    }

    // 4. a fair cache ---------------------------------------------------------------------------------------------

    @Test
    void unknownQueryParametersCannotMintEntries() throws Exception {
        start(Map.of());
        get("/jobs?limit=15", ALICE);
        long before = storedEntries();
        for (int i = 0; i < 1000; i++) {
            assertThat(get("/openapi.json?flood=" + i, null).statusCode()).isEqualTo(200);
            assertThat(get("/health?flood=" + i, null).statusCode()).isEqualTo(200);
            if (i < 150) {
                assertThat(get("/jobs?limit=15&x=" + i, ALICE).statusCode()).isEqualTo(200);
            }
        }
        long after = storedEntries();
        System.out.printf(Locale.ROOT, "hostile key flood: 1000 x /openapi.json?flood=N, 1000 x /health?flood=N, "
                + "150 x /jobs?limit=15&x=N: entries %d before, %d after%n", before, after);
        assertThat(after - before).isLessThanOrEqualTo(2);
        assertThat(get("/jobs?limit=15&x=77", ALICE).headers().firstValue("X-Cache")).hasValue("HIT");
    }

    @Test
    void oneUserCannotPushOtherUsersEntriesOutOfTheCache() throws Exception {
        start(Map.of("CACHE_MAX_MEMORY_MB", "4", "CACHE_OWNER_SHARE_PERCENT", "10"));
        for (int i = 0; i < 15; i++) {
            submit(ALICE, "{\"type\":\"flood\",\"input\":{\"noise\":\"" + noise(3000) + "\"}}");
        }
        submit(BOB, "{\"type\":\"render\"}");
        assertThat(get("/jobs", BOB).headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
        long pageBytes = 0;
        for (int i = 0; i < 300; i++) {
            // every cursor is one the API could have returned, each names a different page key
            String cursor = new PageCursor(Instant.now().plusSeconds(60 + i), JobId.generate()).encode();
            HttpResponse<String> page = get("/jobs?limit=15&cursor=" + cursor, ALICE);
            assertThat(page.statusCode()).isEqualTo(200);
            pageBytes += page.body().length();
        }
        String bobs = get("/jobs", BOB).headers().firstValue("X-Cache").orElse("");
        String publics = get("/health", null).headers().firstValue("X-Cache").orElse("");
        System.out.printf(Locale.ROOT, "hostile cache share: 300 distinct pages, %d KB of bodies, "
                + "against a 4 MB cache with a 10 %% share; afterwards bob's /jobs: %s, public /health: %s, "
                + "store bytes %d KB%n", pageBytes >> 10, bobs, publics, storeBytes() >> 10);
        assertThat(bobs).isEqualTo("HIT");
        assertThat(publics).isEqualTo("HIT");
    }

    private static String noise(int length) {
        StringBuilder text = new StringBuilder(length);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    // 5. duplicate parameters -------------------------------------------------------------------------------------

    @Test
    void repeatedParametersAreRefusedNamingTheParameterAndNeverShareAnAnswer() throws Exception {
        start(Map.of());
        submit(ALICE, "{\"type\":\"render\"}");
        for (String query : List.of("status=RUNNING&status=QUEUED", "status=QUEUED&status=RUNNING",
                "limit=1&limit=2", "limit=2&limit=1", "cursor=a&cursor=b")) {
            HttpResponse<String> response = get("/jobs?" + query, ALICE);
            System.out.printf(Locale.ROOT, "hostile repeated parameter: /jobs?%s: %d %s%n", query,
                    response.statusCode(), response.body());
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.body()).contains("\"field\":\"" + query.substring(0, query.indexOf('=')) + "\"");
            assertThat(response.headers().firstValue("X-Cache")).as(query).isNotEqualTo(java.util.Optional.of("HIT"));
        }
    }


    // 3, 6, 11. malformed headers, cursors and JSON -------------------------------------------------------------

    @Test
    void everyMalformedHeaderQueryCursorOrBodyIsAProblemNamingTheFieldNeverA5xx() throws Exception {
        start(Map.of());
        String job = submit(ALICE, "{\"type\":\"render\"}");
        String crafted = "31556889864403199.999999999.abc";
        List<Object[]> cases = List.of(
                new Object[]{"Accept: ;", get("/health").header("Accept", ";"), "Accept"},
                new Object[]{"Accept: ;;", get("/version").header("Accept", ";;"), "Accept"},
                new Object[]{"Accept: ,;", get("/jobs").header("Accept", ",;").header("Authorization", "Bearer " + ALICE),
                        "Accept"},
                new Object[]{"Accept: application/json;q=abc", get("/health").header("Accept", "application/json;q=abc"),
                        "Accept"},
                new Object[]{"a crafted cursor", get("/jobs?cursor=" + base64(crafted))
                        .header("Authorization", "Bearer " + ALICE), "cursor"},
                new Object[]{"a crafted cursor (padded base64)", get("/jobs?cursor=" + Base64.getEncoder()
                        .encodeToString(crafted.getBytes(StandardCharsets.UTF_8)).replace("=", "%3D"))
                        .header("Authorization", "Bearer " + ALICE), "cursor"},
                new Object[]{"cursor=abc", get("/jobs?cursor=abc").header("Authorization", "Bearer " + ALICE), "cursor"},
                new Object[]{"Content-Type: garbage", post("/jobs", "{\"type\":\"x\"}", "garbage"), "Content-Type"},
                new Object[]{"a number for the type", post("/jobs", "{\"type\":1}", "application/json"), "type"},
                new Object[]{"a field twice", post("/jobs", "{\"type\":\"a\",\"type\":\"b\"}", "application/json"),
                        "type"},
                new Object[]{"input nested 10,000 deep", post("/jobs", "{\"type\":\"x\",\"input\":"
                        + "{\"a\":[".repeat(1) + "[".repeat(10_000) + "]".repeat(10_000) + "]}}", "application/json"),
                        "body"},
                new Object[]{"a 5,000-digit number", post("/jobs", "{\"type\":\"x\",\"input\":{\"n\":"
                        + "9".repeat(5000) + "}}", "application/json"), null},
                new Object[]{"a progress of the wrong type", patch("/jobs/" + job, "{\"progress\":\"half\"}"), "progress"});
        for (Object[] bad : cases) {
            logs.clear();
            HttpResponse<String> response = send(((HttpRequest.Builder) bad[1]).build());
            System.out.printf(Locale.ROOT, "hostile malformed input: %s: %d %s, %d log lines%n", bad[0],
                    response.statusCode(), response.body().length() > 160 ? response.body().substring(0, 160)
                            : response.body(), logs.lines());
            assertThat(response.statusCode()).as((String) bad[0]).isBetween(400, 499);
            assertThat(response.headers().firstValue("Content-Type")).as((String) bad[0])
                    .hasValue("application/problem+json");
            if (bad[2] != null) {
                assertThat(response.body()).as((String) bad[0]).contains("\"field\":\"" + bad[2] + "\"");
            }
            assertThat(logs.stackTraces()).as("stack traces for " + bad[0]).isEmpty();
            assertThat(logs.warnings().size()).as("warnings for " + bad[0]).isLessThanOrEqualTo(1);
        }
        try (RawConnection raw = RawConnection.open(app.port())) {
            // no HTTP library sends this one
            raw.send("GET /jobs?cursor=%%% HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ALICE
                    + "\r\nConnection: close\r\n\r\n");
            String response = raw.readUntilClosedOr(Duration.ofSeconds(5));
            assertThat(RawConnection.statusOf(response)).isEqualTo(400);
            assertThat(RawConnection.bodyOf(response)).contains("\"field\":\"uri\"");
        }
    }

    @Test
    void anUnreadableAcceptEncodingGetsTheEntryUncompressed() throws Exception {
        start(Map.of());
        HttpResponse<String> stored = send(get("/openapi.json").header("Accept-Encoding", "gzip").build());
        assertThat(stored.statusCode()).isEqualTo(200);
        for (String encoding : List.of(";", ";;", ",;", "gzip;q=abc", "gzip;;")) {
            logs.clear();
            HttpResponse<String> response = send(get("/openapi.json").header("Accept-Encoding", encoding).build());
            assertThat(response.statusCode()).as(encoding).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Encoding")).as(encoding).isEmpty();
            assertThat(response.body()).as(encoding).startsWith("{");
            assertThat(logs.warnings()).as(encoding).isEmpty();
        }
    }

    @Test
    void aJobsInputComesBackExactlyAsSent() throws Exception {
        start(Map.of());
        String job = submit(ALICE, "{\"type\":\"x\",\"input\":{\"big\":1e999,\"fine\":1.0000000000000000000001,"
                + "\"zeros\":1.50}}");
        String body = get("/jobs/" + job, ALICE).body();
        System.out.printf(Locale.ROOT, "hostile JSON fidelity: input came back as %s%n",
                body.substring(body.indexOf("\"input\"")));
        assertThat(body).doesNotContain("Infinity").contains("1.0000000000000000000001").contains("1.50")
                .containsPattern("\"big\":1(\\.0+)?[eE]\\+?999");
    }

        // 7. warming -------------------------------------------------------------------------------------------------

    @Test
    void warmingCachesWhatTheUserWouldSeeAndOnlyRoutesThatAreCached() throws Exception {
        start(Map.of());
        HttpResponse<String> warmed = send(SteadyTraffic.request(base, "/admin/cache/warm", ADMIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"routes\":[\"/user/me\"],\"users\":[\"root\"]}")).build());
        HttpResponse<String> me = get("/user/me", ADMIN);
        System.out.printf(Locale.ROOT, "hostile warming: warm /user/me as root: %d; then /user/me as root: %s %s%n",
                warmed.statusCode(), me.headers().firstValue("X-Cache").orElse(""), me.body());
        assertThat(warmed.statusCode()).isEqualTo(200);
        assertThat(me.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(me.body()).contains("ADMIN");
        for (String disguised : List.of("/./admin/cache/stats", "//admin/cache/stats", "/%61dmin/cache/stats",
                "/jobs/../admin/cache/stats", "/metrics")) {
            HttpResponse<String> refused = send(SteadyTraffic.request(base, "/admin/cache/warm", ADMIN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"routes\":[\"" + disguised + "\"]}")).build());
            assertThat(refused.statusCode()).as(disguised).isEqualTo(400);
            assertThat(refused.body()).as(disguised).contains("routes[0]");
        }
    }

    // 8. a stalled dashboard stream ---------------------------------------------------------------------------------

    @Test
    void aDashboardStreamThatStopsReadingHoldsUpNoOtherStream() throws Exception {
        start(Map.of());
        try (java.net.Socket stalled = new java.net.Socket()) {
            stalled.setReceiveBufferSize(1024);
            stalled.connect(new java.net.InetSocketAddress("127.0.0.1", app.port()));
            stalled.getOutputStream().write(("GET /admin/cache/monitor/realtime HTTP/1.1\r\nHost: x\r\n"
                    + "Accept: text/event-stream\r\nAuthorization: Bearer " + ADMIN + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 5; i++) {
                // large snapshots fill the stalled reader's buffers quickly
                send(SteadyTraffic.request(base, "/admin/cache/invalidate", ADMIN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"keys\":[" + String.join(",",
                                java.util.Collections.nCopies(1000, "\"GET:/jobs:user=alice:" + noise(32) + "\""))
                                + "]}")).build());
            }
            HttpResponse<java.io.InputStream> reading = client.send(SteadyTraffic.request(base,
                    "/admin/cache/monitor/realtime", ADMIN).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            int events = 0;
            long started = System.nanoTime();
            try (java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                    reading.body(), StandardCharsets.UTF_8))) {
                String line;
                while (events < 8 && (line = lines.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        events++;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "hostile stalled dashboard: beside a stream that never reads, another "
                    + "received %d snapshots in %d ms%n", events, Duration.ofNanos(System.nanoTime() - started).toMillis());
            assertThat(events).isEqualTo(8);
        }
    }

    // 9. a malformed keys cursor on Redis ---------------------------------------------------------------------------

    @Test
    void aMalformedKeysCursorOnRedisIsABadRequestAndLeavesTheCacheOn() throws Exception {
        startOn("redis");
        get("/health", null);
        assertThat(get("/health", null).headers().firstValue("X-Cache")).hasValue("HIT");
        for (String cursor : List.of("abc", "-1", "99999999999999999999999", "0:abc", "%20")) {
            HttpResponse<String> keys = get("/admin/cache/keys?cursor=" + cursor, ADMIN);
            System.out.printf(Locale.ROOT, "hostile keys cursor on Redis: cursor=%s: %d, next /health: %s%n", cursor,
                    keys.statusCode(), get("/health", null).headers().firstValue("X-Cache").orElse(""));
            assertThat(keys.statusCode()).as(cursor).isEqualTo(400);
            assertThat(keys.body()).as(cursor).contains("\"field\":\"cursor\"");
            assertThat(get("/health", null).headers().firstValue("X-Cache")).as("right after cursor " + cursor)
                    .hasValue("HIT");
        }
    }

        // 10. strict framing ------------------------------------------------------------------------------------------

    @Test
    void messagesAProxyCouldReadDifferentlyAreRefusedAndTheConnectionClosed() throws Exception {
        start(Map.of());
        String auth = "Authorization: Bearer " + ALICE + "\r\n";
        Map<String, String> smuggling = new java.util.LinkedHashMap<>();
        smuggling.put("Content-Length with Transfer-Encoding",
                "POST /jobs HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\nContent-Length: 4\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        smuggling.put("bare LF line ends", "GET /health HTTP/1.1\nHost: x\n\n");
        smuggling.put("a bare CR in a header", "GET /health HTTP/1.1\r\nHost: x\rX-Y: z\r\n\r\n");
        smuggling.put("obs-fold", "GET /health HTTP/1.1\r\nHost: x\r\nX-Y: a\r\n b\r\n\r\n");
        smuggling.put("two Host headers", "GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
        smuggling.put("no Host", "GET /health HTTP/1.1\r\n\r\n");
        smuggling.put("whitespace before the colon", "GET /health HTTP/1.1\r\nHost : x\r\n\r\n");
        smuggling.put("two different Content-Length", "POST /jobs HTTP/1.1\r\nHost: x\r\n" + auth
                + "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}");
        smuggling.put("Transfer-Encoding in HTTP/1.0",
                "POST /jobs HTTP/1.0\r\nHost: x\r\n" + auth + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        smuggling.put("an unknown transfer coding", "POST /jobs HTTP/1.1\r\nHost: x\r\n" + auth
                + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");
        smuggling.put("a chunk longer than its size", "POST /jobs HTTP/1.1\r\nHost: x\r\n" + auth
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}}\r\n0\r\n\r\n");
        smuggling.put("a GET with a body", "GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
        for (Map.Entry<String, String> message : smuggling.entrySet()) {
            try (RawConnection connection = RawConnection.open(app.port())) {
                connection.send(message.getValue());
                String response = connection.readUntilClosedOr(Duration.ofSeconds(5));
                int status = RawConnection.statusOf(response);
                long responses = Pattern.compile("(?m)^HTTP/1\\.1 \\d{3} ").matcher(response).results().count();
                System.out.printf(Locale.ROOT, "hostile framing: %s: %d, closed: %s, responses: %d%n",
                        message.getKey(), status, connection.closedByServer(), responses);
                assertThat(status).as(message.getKey()).isIn(400, 501);
                assertThat(response).as(message.getKey()).contains("application/problem+json");
                assertThat(connection.closedByServer()).as(message.getKey()).isTrue();
                assertThat(responses).as("responses to " + message.getKey()).isOne();
            }
        }
        try (RawConnection pipelined = RawConnection.open(app.port())) {
            pipelined.send("POST /jobs HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"type\":\"chunk\"}\r\n0\r\n\r\n"
                    + "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            String responses = pipelined.readUntilClosedOr(Duration.ofSeconds(5));
            assertThat(responses).startsWith("HTTP/1.1 201").contains("HTTP/1.1 200");
        }
        assertThat(logs.stackTraces()).isEmpty();
    }

    // helpers -----------------------------------------------------------------------------------------------------

    private long storedEntries() throws IOException, InterruptedException {
        return number(get("/admin/cache/stats", ADMIN).body(), "entries");
    }

    private long storeBytes() throws IOException, InterruptedException {
        return number(get("/admin/cache/stats", ADMIN).body(), "bytes");
    }

    /** The first number field of that name in a JSON text. */
    private static long number(String json, String field) {
        Matcher matcher = Pattern.compile("\"" + field + "\":(-?\\d+)").matcher(json);
        assertThat(matcher.find()).as(field + " in " + json).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private String submit(String token, String json) throws IOException, InterruptedException {
        HttpResponse<String> created = send(SteadyTraffic.request(base, "/jobs", token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Matcher id = ID.matcher(created.body());
        assertThat(id.find()).isTrue();
        return id.group(1);
    }

    private HttpRequest.Builder get(String path) {
        return SteadyTraffic.request(base, path, null).GET();
    }

    private HttpRequest.Builder post(String path, String body, String contentType) {
        return SteadyTraffic.request(base, path, ALICE).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder patch(String path, String body) {
        return SteadyTraffic.request(base, path, ALICE).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send(SteadyTraffic.request(base, path, token).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
