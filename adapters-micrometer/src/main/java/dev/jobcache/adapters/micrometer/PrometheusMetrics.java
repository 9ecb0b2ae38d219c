package dev.jobcache.adapters.micrometer;

import dev.jobcache.domain.cache.CacheState;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.domain.port.RequestMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The metrics of one process in Prometheus form: a Prometheus registry holding the cache's meters
 * ({@link MicrometerCacheMetrics}), the HTTP requests' ({@link MicrometerRequestMetrics}), the gauges of the cache's
 * state ({@link CacheStateMeters}, once {@link #observe} is called), warming's counters ({@link #observeWarming})
 * and the JVM's (memory, GC, threads, class loading, processor, uptime), and the text a {@code GET /metrics} answers
 * with. No Micrometer or Prometheus type appears in this class's API, so the composition root hands
 * {@link #cacheMetrics()} to the application, {@link #requestMetrics()} and {@code this::scrape} to the REST adapter
 * without either of them depending on Micrometer. Create one per process and {@link #close()} it on shutdown (the GC
 * binder holds JMX notification listeners). Thread-safe.
 */
public final class PrometheusMetrics implements AutoCloseable {

    /** The media type of {@link #scrape()}: the Prometheus text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private final MicrometerCacheMetrics cacheMetrics;
    private final MicrometerRequestMetrics requestMetrics;
    private volatile CacheStateMeters state;
    private final List<LongSupplier> warming = new CopyOnWriteArrayList<>();

    private PrometheusMetrics() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        cacheMetrics = new MicrometerCacheMetrics(registry);
        requestMetrics = new MicrometerRequestMetrics(registry);
    }

    /** A new registry with the JVM metrics bound and no cache meters yet. */
    public static PrometheusMetrics withJvmMetrics() {
        return new PrometheusMetrics();
    }

    /** The cache's meters in this registry; the same instance on every call. */
    public CacheMetrics cacheMetrics() {
        return cacheMetrics;
    }

    /** The HTTP requests' meters in this registry; the same instance on every call. */
    public RequestMetrics requestMetrics() {
        return requestMetrics;
    }

    /**
     * Shows the cache's state as gauges, read from {@code state} once per {@link #scrape()} and never in between,
     * and starts the counters of the store's failures at zero.
     *
     * @param tier  the name the application counts the store's lookups and failures under
     * @param state reads the state; it may do I/O (a health probe, a usage scan), on the scraping thread
     */
    public void observe(String tier, Supplier<CacheState> state) {
        this.state = new CacheStateMeters(registry, tier, state);
    }

    /**
     * Counts one warming mode's finished runs, its loads from the origin and its failed loads, read from the
     * suppliers at each scrape; at 0 from the start, whether the mode is on or not, so that a rate has a series.
     *
     * @param mode the mode's name, one of a handful ({@code startup}, {@code scheduled}, ...)
     */
    public void observeWarming(String mode, LongSupplier runs, LongSupplier loads, LongSupplier failures) {
        warmCounter("jobcache.cache.warm.runs", "Warming runs finished (a start-up pass, a scheduled group, an idle "
                + "batch, a pass over the active users, an admin request)", mode, runs);
        warmCounter("jobcache.cache.warm.loads", "Entries warming loaded from the origin", mode, loads);
        warmCounter("jobcache.cache.warm.failures", "Warm loads that failed or answered an error", mode, failures);
    }

    private void warmCounter(String name, String description, String mode, LongSupplier total) {
        // a function counter holds its object weakly: this registry keeps the supplier for as long as it lives
        warming.add(total);
        FunctionCounter.builder(name, total, LongSupplier::getAsLong)
                .description(description)
                .tag("mode", mode)
                .register(registry);
    }

    /** Every meter now, in the Prometheus text format 0.0.4 ({@link #CONTENT_TYPE}). */
    public String scrape() {
        CacheStateMeters observed = state;
        if (observed != null) {
            observed.refresh();
        }
        return registry.scrape();
    }

    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
