package dev.jobcache.domain.cache;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a store answers, how fast, and what it says about itself.
 *
 * @param details backend-specific figures for operators (e.g. {@code maxmemory-policy}); never secrets
 */
public record StoreHealth(String backend, boolean up, Duration latency, Map<String, String> details) {

    public StoreHealth {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(latency, "latency");
        details = Map.copyOf(details);
    }

    public static StoreHealth up(String backend, Duration latency) {
        return new StoreHealth(backend, true, latency, Map.of());
    }

    public static StoreHealth down(String backend, String why) {
        return new StoreHealth(backend, false, Duration.ZERO, Map.of("error", why));
    }
}
