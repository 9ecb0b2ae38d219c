package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.domain.port.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;

/**
 * Records what the cache decided for each request, once: one metric event (route, tier, outcome, latency since the
 * request's lookup began), and with {@link CacheSettings#logOperations()} one line on the logger
 * {@code dev.jobcache.cache.operations} ({@code cache op route=/jobs key=3f9a... result=HIT tier=caffeine
 * latency_us=42}); off, that costs one boolean check.
 */
final class LookupRecorder {

    private static final Logger OPERATIONS = LoggerFactory.getLogger("dev.jobcache.cache.operations");

    private final CacheMetrics metrics;
    private final CacheTier tier;
    private final boolean logOperations;
    private final Clock clock;

    LookupRecorder(CacheMetrics metrics, CacheSettings settings, Clock clock) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.tier = CacheTier.of(settings.tier());
        this.logOperations = settings.logOperations();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @param key null when the request had none (a bypass before keying) */
    void record(CachePolicy policy, CacheKey key, CacheOutcome outcome, long startedNanos) {
        Duration latency = Duration.ofNanos(clock.nanoTime() - startedNanos);
        metrics.record(CacheEvent.of(policy.route(), tier, outcome, latency));
        if (logOperations) {
            OPERATIONS.info("cache op route={} key={} result={} tier={} latency_us={}", policy.route(), digestOf(key),
                    outcome, tier, latency.toNanos() / 1000);
        }
    }

    /** A response was stored for the route. */
    void stored(CachePolicy policy) {
        metrics.record(CacheEvent.of(policy.route(), tier, CacheOutcome.STORE, Duration.ZERO));
    }

    /** A request waited for another request's load of its key (single flight) instead of calling the origin. */
    void waited(CachePolicy policy) {
        metrics.record(CacheEvent.of(policy.route(), tier, CacheOutcome.WAIT, Duration.ZERO));
    }

    /** A reload of an entry of the route was started ahead of its expiry. */
    void refreshedAhead(CachePolicy policy) {
        metrics.record(CacheEvent.of(policy.route(), tier, CacheOutcome.REFRESH, Duration.ZERO));
    }

    /** The digest part of a key: enough to follow one key through the logs without logging who asked. */
    static String digestOf(CacheKey key) {
        if (key == null) {
            return "-";
        }
        String value = key.value();
        return value.substring(value.lastIndexOf(':') + 1);
    }
}
