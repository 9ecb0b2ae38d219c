package dev.jobcache.adapters.micrometer;

import dev.jobcache.domain.port.RequestMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link RequestMetrics} on a Micrometer {@link MeterRegistry}: {@value #REQUESTS} {@code {method, route, status}}, a
 * timer whose histogram has {@link LatencyBuckets} ({@code jobcache_http_requests_seconds} for Prometheus, whose
 * {@code _count} counts the requests). Each series' timer is created once and kept, so recording a request, on the
 * hit path too, is a map lookup and a histogram update, with nothing that blocks. Thread-safe; never throws.
 */
public final class MicrometerRequestMetrics implements RequestMetrics {

    static final String REQUESTS = "jobcache.http.requests";

    private static final String[] STATUS_TEXT = new String[600];

    static {
        for (int status = 100; status < STATUS_TEXT.length; status++) {
            STATUS_TEXT[status] = Integer.toString(status);
        }
    }

    private final MeterRegistry registry;
    private final ConcurrentMap<Series, Timer> series = new ConcurrentHashMap<>();

    public MicrometerRequestMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void served(String method, String route, int status, long latencyNanos) {
        // the port promises callers that recording never fails
        if (method == null || route == null) {
            return;
        }
        Series key = new Series(method, route, status);
        Timer timer = series.get(key);
        if (timer == null) {
            timer = series.computeIfAbsent(key, this::register);
        }
        timer.record(Math.max(0, latencyNanos), TimeUnit.NANOSECONDS);
    }

    private Timer register(Series key) {
        return Timer.builder(REQUESTS)
                .description("HTTP requests answered, by route template and status, from arrival to a complete response")
                .tag("method", key.method()).tag("route", key.route()).tag("status", statusText(key.status()))
                .serviceLevelObjectives(LatencyBuckets.BOUNDS)
                .register(registry);
    }

    private static String statusText(int status) {
        return status >= 100 && status < STATUS_TEXT.length ? STATUS_TEXT[status] : "other";
    }

    /** Looked up on every request: equality written out, as {@code MicrometerCacheMetrics}' line keys do. */
    private record Series(String method, String route, int status) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Series series && status == series.status && route.equals(series.route)
                    && method.equals(series.method);
        }

        @Override
        public int hashCode() {
            return (route.hashCode() * 31 + method.hashCode()) * 31 + status;
        }
    }
}
