package dev.jobcache.bootstrap.scaleout;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes through the load balancer. {@code deploy/local-topology} with one Redis server and three two-tier
 * instances behind HAProxy (round robin), whose near-caches receive every invalidation message
 * {@value #BUS_DELAY_MS} ms late ({@code CACHE_BUS_DELIVERY_DELAY_MS}, a test seam). Each client writes its own jobs
 * and reads them back through HAProxy, so the read after a write usually lands on another instance, whose near-cache
 * may still hold the job from before the write until the late message arrives. A client that carries its latest
 * write's consistency token (in the header, or in a cookie jar as a browser does) must never read a job older than its
 * own acknowledged writes, in at least {@value #TOKEN_OPERATIONS} operations; clients that carry none run alongside,
 * and the stale reads the delay gives them are counted and printed: they show that the window is there and that the
 * check would see a stale read. One line of figures: {@code read-your-writes through HAProxy: ...}.
 */
class ReadYourWritesThroughLoadBalancerIT {

    static {
        // HAProxy closes a client connection idle for 10 s; the JDK client would keep it for 20 minutes
        System.setProperty("jdk.httpclient.keepalive.timeout", "5");
    }

    private static final long BUS_DELAY_MS = 100;
    private static final int TOKEN_OPERATIONS = 10_000;
    private static final Duration DEADLINE = Duration.ofSeconds(200);
    private static final int HEADER_CLIENTS = 4;
    private static final int COOKIE_CLIENTS = 2;
    private static final int TOKENLESS_CLIENTS = 3;
    private static final int JOBS_PER_CLIENT = 3;
    private static final Pattern PROGRESS = Pattern.compile("\"id\":\"([^\"]+)\"[^}]*?\"progress\":(\\d+)");
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    /** How a client carries its token. */
    enum Carries { HEADER, COOKIE, NOTHING }

    private LocalTopology topology;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final Map<Integer, AtomicInteger> nonSuccess = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> staleExamples = new ConcurrentLinkedQueue<>();

    @AfterEach
    void down() {
        stop.set(true);
        if (topology != null) {
            topology.close();
        }
    }

    @Test
    @Timeout(value = 330, unit = TimeUnit.SECONDS)
    void aClientCarryingItsTokenNeverReadsOlderThanItsOwnWritesWhicheverInstanceAnswers() throws Exception {
        LocalTopology.assumeTools("read-your-writes test through HAProxy");
        int clients = HEADER_CLIENTS + COOKIE_CLIENTS + TOKENLESS_CLIENTS;
        topology = LocalTopology.up("single", clients,
                Map.of("CACHE_BUS_DELIVERY_DELAY_MS", String.valueOf(BUS_DELAY_MS)));
        List<Client> all = new ArrayList<>();
        List<String> users = topology.users();
        for (int i = 0; i < clients; i++) {
            Carries carries = i < HEADER_CLIENTS ? Carries.HEADER
                    : i < HEADER_CLIENTS + COOKIE_CLIENTS ? Carries.COOKIE : Carries.NOTHING;
            all.add(new Client(users.get(i), topology.token(users.get(i)), carries, topology.haproxy()));
        }

        List<Thread> threads = new ArrayList<>();
        long seed = System.nanoTime();
        for (int i = 0; i < all.size(); i++) {
            Client client = all.get(i);
            Random random = new Random(seed + i);
            Thread thread = new Thread(() -> run(client, random), "client-" + client.user);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline && failures.isEmpty() && operations(all, true) < TOKEN_OPERATIONS) {
            Thread.sleep(50);
        }
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(30_000);
        }

        Figures header = Figures.of(all, Carries.HEADER);
        Figures cookie = Figures.of(all, Carries.COOKIE);
        Figures tokenless = Figures.of(all, Carries.NOTHING);
        System.out.printf("read-your-writes through HAProxy (3 two-tier instances, bus messages %d ms late): with the "
                        + "token %d ops, stale %d (header: %s; cookie: %s); without it: %s, %.1f %% of the job views it "
                        + "read; non-2xx %s%s%n",
                BUS_DELAY_MS, header.operations + cookie.operations, header.stale + cookie.stale, header, cookie,
                tokenless, tokenless.staleShare(), new TreeMap<>(nonSuccess),
                staleExamples.isEmpty() ? "" : "; e.g. " + String.join(" | ", staleExamples));

        assertThat(failures).as("the clients' failures").isEmpty();
        assertThat(nonSuccess).as("no 5xx, and no 4xx: the clients make none on purpose").isEmpty();
        assertThat(header.operations + cookie.operations).as("operations with the token before the deadline")
                .isGreaterThanOrEqualTo(TOKEN_OPERATIONS);
        assertThat(header.stale).as("stale reads of clients carrying the token in the header").isZero();
        assertThat(cookie.stale).as("stale reads of clients carrying the token in a cookie jar").isZero();
        assertThat(tokenless.stale).as("stale reads without the token: the window the delay opens, which the check "
                + "must see for its zeros above to mean anything").isPositive();
        topology.keepNothing();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // one client: one user, one thread, so every read follows the client's earlier writes

    private void run(Client client, Random random) {
        try {
            while (client.jobs.size() < JOBS_PER_CLIENT) {
                client.submit();
            }
            while (!stop.get()) {
                int dice = random.nextInt(100);
                TrackedJob job = client.jobs.get(random.nextInt(client.jobs.size()));
                if (dice < 35) {
                    if (job.progress >= 95) {
                        client.jobs.remove(job);
                        client.submit();
                    } else {
                        client.raise(job, 1 + random.nextInt(3));
                    }
                } else if (dice < 85) {
                    Answer read = client.send("GET", "/jobs/" + job.id, null);
                    if (read.status == 200) {
                        client.check(job, progressById(read.body).get(job.id), read, "GET /jobs/{id}");
                    }
                } else {
                    Answer list = client.send("GET", "/jobs?limit=20", null);
                    if (list.status == 200) {
                        Map<String, Integer> shown = progressById(list.body);
                        for (TrackedJob mine : client.jobs) {
                            if (shown.containsKey(mine.id)) {
                                client.check(mine, shown.get(mine.id), list, "GET /jobs");
                            }
                        }
                    }
                }
                client.operations.incrementAndGet();
            }
        } catch (Throwable e) {
            failures.add(e);
        }
    }

    private final class Client {
        final String user;
        final String bearer;
        final Carries carries;
        final URI haproxy;
        final HttpClient http;
        final List<TrackedJob> jobs = new ArrayList<>();
        final AtomicInteger operations = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger stale = new AtomicInteger();
        /** The token of the latest write, sent back as a header by a HEADER client. */
        String token;

        Client(String user, String bearer, Carries carries, URI haproxy) {
            this.user = user;
            this.bearer = bearer;
            this.carries = carries;
            this.haproxy = haproxy;
            HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2));
            if (carries == Carries.COOKIE) {
                // a browser's jar: it keeps what Set-Cookie says and sends it back by itself
                builder.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL));
            }
            this.http = builder.build();
        }

        void submit() throws InterruptedException {
            Answer created = send("POST", "/jobs", "{\"type\":\"render\",\"input\":{\"frames\":3}}");
            assertThat(created.status).as("POST /jobs: %s", created.body).isEqualTo(201);
            Matcher id = ID.matcher(created.body);
            assertThat(id.find()).as(created.body).isTrue();
            TrackedJob job = new TrackedJob(id.group(1));
            written(created);
            Answer running = send("PATCH", "/jobs/" + job.id, "{\"status\":\"RUNNING\",\"progress\":1}");
            assertThat(running.status).as("PATCH: %s", running.body).isEqualTo(200);
            job.progress = 1;
            written(running);
            jobs.add(job);
        }

        void raise(TrackedJob job, int by) throws InterruptedException {
            int next = job.progress + by;
            Answer written = send("PATCH", "/jobs/" + job.id, "{\"progress\":" + next + "}");
            assertThat(written.status).as("PATCH: %s", written.body).isEqualTo(200);
            job.progress = next;
            written(written);
        }

        private void written(Answer answer) {
            writes.incrementAndGet();
            if (carries == Carries.HEADER) {
                token = answer.token;
                assertThat(token).as("the Consistency-Token of a write").isNotNull();
            }
        }

        void check(TrackedJob job, int shown, Answer answer, String view) {
            reads.incrementAndGet();
            if (shown < job.progress) {
                stale.incrementAndGet();
                if (carries != Carries.NOTHING || staleExamples.size() < 2) {
                    staleExamples.add(user + " (" + carries + ") read progress " + shown + " < " + job.progress
                            + " in " + view + " from " + answer.servedBy + ", X-Cache " + answer.cache);
                }
            }
        }

        Answer send(String method, String path, String json) throws InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(haproxy.resolve(path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + bearer)
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            if (carries == Carries.HEADER && token != null) {
                request.header("Consistency-Token", token);
            }
            Answer answer;
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                answer = new Answer(response.statusCode(), response.body(),
                        response.headers().firstValue("X-Served-By").orElse("?"),
                        response.headers().firstValue("X-Cache").orElse(""),
                        response.headers().firstValue("Consistency-Token").orElse(null));
            } catch (IOException e) {
                answer = new Answer(0, e.toString(), "?", "", null);
            }
            if (answer.status < 200 || answer.status > 299) {
                nonSuccess.computeIfAbsent(answer.status, s -> new AtomicInteger()).incrementAndGet();
            }
            return answer;
        }
    }

    private static final class TrackedJob {
        final String id;
        /** The progress of this client's last acknowledged write: what every later read of its must show. */
        int progress;

        TrackedJob(String id) {
            this.id = id;
        }
    }

    private record Answer(int status, String body, String servedBy, String cache, String token) {
    }

    /** What the clients carrying one way did. */
    private record Figures(int clients, int operations, int writes, int reads, int stale) {

        static Figures of(List<Client> all, Carries carries) {
            int clients = 0;
            int operations = 0;
            int writes = 0;
            int reads = 0;
            int stale = 0;
            for (Client client : all) {
                if (client.carries == carries) {
                    clients++;
                    operations += client.operations.get();
                    writes += client.writes.get();
                    reads += client.reads.get();
                    stale += client.stale.get();
                }
            }
            return new Figures(clients, operations, writes, reads, stale);
        }

        double staleShare() {
            return reads == 0 ? 0 : 100.0 * stale / reads;
        }

        @Override
        public String toString() {
            return clients + " clients, " + operations + " ops, " + writes + " writes, " + reads
                    + " job views read, " + stale + " stale";
        }
    }

    private static int operations(List<Client> all, boolean withToken) {
        return all.stream().filter(c -> (c.carries != Carries.NOTHING) == withToken)
                .mapToInt(c -> c.operations.get()).sum();
    }

    private static Map<String, Integer> progressById(String body) {
        Map<String, Integer> shown = new HashMap<>();
        Matcher m = PROGRESS.matcher(body);
        while (m.find()) {
            shown.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return shown;
    }
}
