package dev.jobcache.bootstrap;

import dev.jobcache.bootstrap.config.ConfigLoader;
import dev.jobcache.bootstrap.config.JobcacheConfig;
import dev.jobcache.domain.job.JobId;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.domain.port.JobRepository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The whole service as a deployer starts it, for the bootstrap tests: its configuration read from environment
 * variables, Grizzly on a free port of 127.0.0.1, the jobs in an H2 file under the test's directory, and an
 * HTTP/1.1 client to talk to it over the socket.
 */
public final class RunningService implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final JobcacheApplication app;

    private RunningService(JobcacheApplication app) {
        this.app = app;
    }

    /**
     * The environment of a service keeping its jobs under {@code data}: 127.0.0.1 on a free port, a 1 s shutdown
     * grace, and the README's defaults for everything else until {@link Environment#with} says otherwise.
     */
    public static Environment in(Path data) {
        return new Environment()
                .with("HTTP_HOST", "127.0.0.1")
                .with("HTTP_PORT", "0")
                .with("JOBS_DB_URL", "jdbc:h2:file:" + data.resolve("jobcache").toAbsolutePath())
                .with("SHUTDOWN_GRACE_SECONDS", "1");
    }

    /** Environment variables for one service; each {@link #start()} starts another with the same. */
    public static final class Environment {

        private final Map<String, String> variables = new LinkedHashMap<>();

        private Environment() {
        }

        public Environment with(String name, String value) {
            variables.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The configuration these variables give, as the service reads it at start-up. */
        public JobcacheConfig config() {
            return ConfigLoader.load(Map.of(), Map.copyOf(variables));
        }

        public RunningService start() {
            return start(Clock.system());
        }

        /** Starts it on {@code clock}, e.g. a fake one a test moves instead of waiting. */
        public RunningService start(Clock clock) {
            return new RunningService(JobcacheApplication.start(config(), clock));
        }

        /** Starts it with its job repository wrapped, e.g. to hold or count what reaches the database. */
        public RunningService start(UnaryOperator<JobRepository> repository) {
            return new RunningService(JobcacheApplication.start(config(), Clock.system(), repository));
        }
    }

    /** Wraps a job repository so that it counts its reads of each job ({@code find}) into {@code findsByJob}. */
    public static UnaryOperator<JobRepository> countingFinds(Map<String, AtomicInteger> findsByJob) {
        return repository -> (JobRepository) Proxy.newProxyInstance(JobRepository.class.getClassLoader(),
                new Class<?>[] {JobRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("find")) {
                        findsByJob.computeIfAbsent(((JobId) args[0]).value(), id -> new AtomicInteger()).incrementAndGet();
                    }
                    try {
                        return method.invoke(repository, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    public JobcacheApplication app() {
        return app;
    }

    public int port() {
        return app.port();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    /** A GET, with {@code token} as the bearer credential when not null. */
    public HttpResponse<String> get(String path, String token) {
        return send("GET", path, token, null);
    }

    /** A request with a JSON body when {@code json} is not null, and the bearer credential when {@code token} is not. */
    public HttpResponse<String> send(String method, String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(REQUEST_TIMEOUT)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** Any request, over this service's client. */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }

    /** Stops it as a deployer's SIGTERM does: in-flight requests finish within the grace. */
    @Override
    public void close() {
        app.close();
    }
}
