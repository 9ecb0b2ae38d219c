package dev.jobcache.adapters.rest;

import dev.jobcache.adapters.rest.cache.ServerTiming;

import dev.jobcache.application.admin.CacheAdministration;
import dev.jobcache.application.admin.RecentActivity;
import dev.jobcache.application.cache.CacheInvalidator;
import dev.jobcache.application.cache.InvalidationNumbering;
import dev.jobcache.application.cache.ReadYourWrites;
import dev.jobcache.application.readiness.Readiness;
import dev.jobcache.application.cache.CacheSettings;
import dev.jobcache.application.cache.FailOpenCacheStore;
import dev.jobcache.application.cache.InvalidationHistory;
import dev.jobcache.application.cache.ResponseCache;
import dev.jobcache.application.cache.RoutePolicies;
import dev.jobcache.application.invalidation.JobInvalidation;
import dev.jobcache.application.job.JobCommands;
import dev.jobcache.application.job.JobQueries;
import dev.jobcache.application.warming.CacheWarmer;
import dev.jobcache.application.warming.WarmingActivity;
import dev.jobcache.domain.port.Authenticator;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.security.BearerToken;
import dev.jobcache.domain.security.Principal;
import dev.jobcache.testkit.fake.FaultyCacheStore;
import dev.jobcache.testkit.fake.InMemoryCacheStore;
import dev.jobcache.testkit.fake.InMemoryInvalidationBus;
import dev.jobcache.testkit.fake.InMemoryJobRepository;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.fake.RecordingCacheMetrics;
import dev.jobcache.testkit.fake.RecordingRequestMetrics;
import dev.jobcache.testkit.fake.StaticAuthenticator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Map;
import java.util.function.Supplier;
import java.util.Optional;

/**
 * The REST adapter on real Jersey and Grizzly over a real socket, with the application wired to testkit fakes:
 * what a client sees, without a database or a cache server.
 */
final class RunningApi implements AutoCloseable {

    static final String ALICE = "alice-token-0001";
    static final String BOB = "bob-token-000002";
    static final String ADMIN = "admin-token-0003";
    /** More than the requests a test holds at once, as in the service. */
    static final int WORKER_THREADS = 16;
    /** The near-cache maximum age a token's lifetime is reckoned from, as CACHE_L1_MAX_AGE_MS sets it. */
    static final Duration TOKEN_LIFETIME_BASE = Duration.ofSeconds(5);

    final MutableClock clock = new MutableClock();
    final RecordingCacheMetrics metrics = new RecordingCacheMetrics();
    /** The figures per second and interval, on {@link #clock}. */
    final RecentActivity recent = new RecentActivity(clock);
    /** Every request the HTTP edge counted. */
    final RecordingRequestMetrics requests = new RecordingRequestMetrics();
    final InMemoryJobRepository repository = new InMemoryJobRepository();
    final InMemoryCacheStore store = new InMemoryCacheStore(clock);
    final FaultyCacheStore faultyStore = new FaultyCacheStore(store);
    /** {@link #store} as a store across the network; the application's only with {@link Store#REMOTE_ASYNCHRONOUS}. */
    final RemoteStore remoteStore = new RemoteStore(store);
    /** Counts the calls the application makes of the store it was given. */
    final CountingCacheStore counted;
    /** Counts the bearer tokens resolved. */
    final AtomicInteger authentications = new AtomicInteger();
    final InvalidationHistory history = new InvalidationHistory(InvalidationHistory.DEFAULT_CAPACITY, clock);
    final RestApi api;
    private final HttpEdge server;
    private final List<HttpEdge> otherServers = new CopyOnWriteArrayList<>();
    private final AtomicInteger jerseyRequests = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    RunningApi(HitPath hitPath) {
        this(hitPath, () -> "");
    }

    /** @param metricsScrape what {@code GET /metrics} serves */
    RunningApi(Supplier<String> metricsScrape) {
        this(HitPath.IN_FRONT_OF_JERSEY, metricsScrape);
    }

    /**
     * @param hitPath       who answers cache hits
     * @param metricsScrape what {@code GET /metrics} serves
     */
    RunningApi(HitPath hitPath, Supplier<String> metricsScrape) {
        this(hitPath, metricsScrape, Store.FAULTY_IN_PROCESS);
    }

    /** @param kind the store the application is given */
    RunningApi(HitPath hitPath, Store kind) {
        this(hitPath, () -> "", kind);
    }

    /** Which store the application is given; every one keeps its entries in {@link #store}. */
    enum Store {
        /** {@link #faultyStore} around {@link #store}: a store a test can pause or fail, with in-process copies. */
        FAULTY_IN_PROCESS,
        /** {@link #store} alone, every entry in process, as Caffeine. */
        IN_PROCESS,
        /** {@link #remoteStore}: a store across the network that reads asynchronously, as Redis. */
        REMOTE_ASYNCHRONOUS
    }

    private RunningApi(HitPath hitPath, Supplier<String> metricsScrape, Store kind) {
        this(hitPath, metricsScrape, kind, ServerTiming.OFF);
    }

    /** @param timing whether answers carry {@code Server-Timing} */
    RunningApi(HitPath hitPath, ServerTiming timing) {
        this(hitPath, () -> "", Store.FAULTY_IN_PROCESS, timing);
    }

    private RunningApi(HitPath hitPath, Supplier<String> metricsScrape, Store kind, ServerTiming timing) {
        CacheStore given = switch (kind) {
            case FAULTY_IN_PROCESS -> faultyStore;
            case IN_PROCESS -> store;
            case REMOTE_ASYNCHRONOUS -> remoteStore;
        };
        counted = new CountingCacheStore(given);
        // as the service wires it: every event counted since start and, second by second, for the intervals
        CacheMetrics metrics = recent.besides(this.metrics);
        FailOpenCacheStore failOpen = new FailOpenCacheStore(counted, metrics, "memory", clock);
        InvalidationNumbering numbering = new InvalidationNumbering();
        CacheInvalidator invalidator = new CacheInvalidator(failOpen, new InMemoryInvalidationBus(), metrics, "memory",
                Optional.of(history), numbering);
        JobCommands commands = new JobCommands(repository, clock, new JobInvalidation(invalidator), 1024 * 1024);
        JobQueries queries = new JobQueries(repository);
        RoutePolicies policies = RoutePolicies.defaults(Duration.ofSeconds(300), Duration.ofSeconds(10), Map.of());
        ResponseCache cache = new ResponseCache(failOpen, policies, metrics, clock, CacheSettings.defaults("memory"));
        StaticAuthenticator tokens = new StaticAuthenticator(Map.of(
                ALICE, Principal.user("alice"), BOB, Principal.user("bob"), ADMIN, Principal.admin("root")));
        Authenticator authenticator = new Authenticator() {
            @Override
            public Optional<Principal> authenticate(BearerToken token) {
                authentications.incrementAndGet();
                return tokens.authenticate(token);
            }

            @Override
            public Optional<Principal> principalOf(String userId) {
                return tokens.principalOf(userId);
            }
        };
        CacheAdministration admin = CacheAdministration.of(failOpen, invalidator, metrics, cache.statistics(),
                history, recent, clock);
        JerseyRouteLoader routeLoader = new JerseyRouteLoader();
        api = new RestApi(commands, queries, cache, admin, authenticator, routeLoader,
                new CacheWarmer(routeLoader, policies, authenticator, new WarmingActivity(clock), clock), "1.2.3",
                HttpLimits.defaults(1024 * 1024),
                metricsScrape, new ReadYourWrites(numbering, clock, TOKEN_LIFETIME_BASE), new Readiness(failOpen, repository),
                new RequestLog(true, clock), requests, timing);
        server = serve(hitPath);
        base = URI.create("http://127.0.0.1:" + server.port());
    }

    URI base() {
        return base;
    }

    /** Writes {@code request} as raw bytes on a new connection and reads until the server closes it. */
    String exchange(String request) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same application (same stores, same data) on another server, answering hits the other way too. */
    URI alsoServedBy(HitPath hitPath) {
        HttpEdge other = serve(hitPath);
        otherServers.add(other);
        return URI.create("http://127.0.0.1:" + other.port());
    }

    /** How many requests reached Jersey, on every server of this application. */
    int requestsThatReachedJersey() {
        return jerseyRequests.get();
    }

    private HttpEdge serve(HitPath hitPath) {
        // the production edge, with a counter in front of Jersey's handler
        return HttpEdge.start("127.0.0.1", 0, WORKER_THREADS, api.resourceConfig(),
                jersey -> api.httpHandler(new CountingHandler(jersey), hitPath.answerHitsFirst), api.requestAdmission());
    }

    /** Counts the requests that reach Jersey's handler, and passes them on. */
    private final class CountingHandler extends org.glassfish.grizzly.http.server.HttpHandler {

        private final org.glassfish.grizzly.http.server.HttpHandler jersey;

        CountingHandler(org.glassfish.grizzly.http.server.HttpHandler jersey) {
            super(jersey.getName());
            this.jersey = jersey;
        }

        @Override
        public void service(org.glassfish.grizzly.http.server.Request request,
                            org.glassfish.grizzly.http.server.Response response) throws Exception {
            jerseyRequests.incrementAndGet();
            jersey.service(request, response);
        }

        @Override
        public void start() {
            jersey.start();
        }

        @Override
        public void destroy() {
            jersey.destroy();
        }
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    HttpResponse<String> get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> sendForBytes(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> postJson(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> patchJson(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    boolean openLiveStreamsAreNone() {
        return api.openLiveStreams() == 0;
    }

    int openLiveStreams() {
        return api.openLiveStreams();
    }

    @Override
    public void close() {
        otherServers.forEach(HttpEdge::close);
        server.close();
    }
}
