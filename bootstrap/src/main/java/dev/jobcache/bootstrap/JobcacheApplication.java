package dev.jobcache.bootstrap;

import dev.jobcache.adapters.rest.HttpEdge;
import dev.jobcache.application.warming.WarmMode;
import dev.jobcache.bootstrap.config.JobcacheConfig;
import dev.jobcache.bootstrap.wiring.Wiring;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.domain.port.JobRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.concurrent.atomic.AtomicBoolean;

/** The running service: wiring plus HTTP server, stopped in the order that finishes requests in flight first. */
public final class JobcacheApplication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobcacheApplication.class);
    private static final int WORKER_THREADS = 64;

    private final JobcacheConfig config;
    private final Wiring wiring;
    private final HttpEdge server;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private JobcacheApplication(JobcacheConfig config, Wiring wiring, HttpEdge server) {
        this.config = config;
        this.wiring = wiring;
        this.server = server;
    }

    public static JobcacheApplication start(JobcacheConfig config, Clock clock) {
        return start(config, clock, UnaryOperator.identity());
    }

    /** @param repositoryProbe wraps the job repository; a seam for tests that count origin calls */
    public static JobcacheApplication start(JobcacheConfig config, Clock clock,
                                            UnaryOperator<JobRepository> repositoryProbe) {
        Wiring wiring = Wiring.of(config, clock, version(), repositoryProbe);
        try {
            HttpEdge server = listen(config.http(), wiring);
            LOG.info("jobcache {} listening on {}:{} with cache backend {}", version(), config.http().host(),
                    server.port(), config.cache().backend().configName());
            warmInBackground(wiring, config.cache().warmRoutes());
            return new JobcacheApplication(config, wiring, server);
        } catch (RuntimeException e) {
            wiring.close();
            throw e;
        }
    }

    private static HttpEdge listen(JobcacheConfig.Http http, Wiring wiring) {
        try {
            return HttpEdge.start(http.host(), http.port(), WORKER_THREADS, wiring.resourceConfig(),
                    wiring::httpHandler, wiring.requestAdmission());
        } catch (UncheckedIOException e) {
            throw ListenFailure.explain(http.host(), http.port(), e.getCause());
        }
    }

    /**
     * Loads {@code CACHE_WARM_ROUTES} into the cache once, on a thread of its own so that start-up does not wait
     * for it and no client request does either; a failure is logged, never fatal (the cache fills on demand). The
     * run logs its one line ({@code cache warm mode=startup ...}).
     */
    private static void warmInBackground(Wiring wiring, List<String> routes) {
        if (routes.isEmpty()) {
            return;
        }
        Thread warming = new Thread(() -> {
            try {
                wiring.warmer().warm(WarmMode.STARTUP, routes, List.of());
            } catch (RuntimeException e) {
                LOG.warn("cache warming at start-up failed: {}", e.toString());
            }
        }, "jobcache-warm-startup");
        warming.setDaemon(true);
        warming.start();
    }

    public int port() {
        return server.port();
    }

    public Wiring wiring() {
        return wiring;
    }

    /** Graceful: stop accepting, let requests in flight finish (up to the configured grace), then close stores. */
    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        LOG.info("stopping: draining requests in flight for up to {}", config.http().shutdownGrace());
        // live streams count as requests in flight: ended first, they do not hold the drain for its whole grace
        wiring.endLiveStreams();
        wiring.stopWarming();
        server.stop(config.http().shutdownGrace());
        wiring.close();
        LOG.info("stopped");
    }

    static String version() {
        try (InputStream in = JobcacheApplication.class.getResourceAsStream("/jobcache-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
