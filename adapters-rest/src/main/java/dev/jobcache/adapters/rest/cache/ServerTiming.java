package dev.jobcache.adapters.rest.cache;

import dev.jobcache.application.cache.CacheDecision;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code Server-Timing} header (W3C Server Timing), when {@code HTTP_SERVER_TIMING} asks for it: how long the
 * cache's lookup took ({@code cache}, with whether it was a hit) and, for an answer the cache did not give, how long
 * the resource behind it took ({@code origin}), in milliseconds, so that a browser's developer tools show where a
 * request's time went. Computed for each answer, never stored: a hit carries its own lookup's time.
 */
public final class ServerTiming {

    public static final ServerTiming OFF = new ServerTiming(false);
    public static final ServerTiming ON = new ServerTiming(true);
    static final String HEADER = "Server-Timing";

    private final boolean enabled;

    private ServerTiming(boolean enabled) {
        this.enabled = enabled;
    }

    public static ServerTiming of(boolean enabled) {
        return enabled ? ON : OFF;
    }

    boolean enabled() {
        return enabled;
    }

    Optional<String> hit(CacheDecision.Hit hit) {
        return enabled ? Optional.of(entry("cache", hit.stale() ? "stale" : "hit", hit.lookupNanos())) : Optional.empty();
    }

    /** @param lookupNanos the lookup's time, or negative when the cache was not asked (a bypass) */
    Optional<String> origin(long lookupNanos, long originNanos) {
        if (!enabled) {
            return Optional.empty();
        }
        String origin = entry("origin", null, originNanos);
        return Optional.of(lookupNanos < 0 ? origin : entry("cache", "miss", lookupNanos) + ", " + origin);
    }

    private static String entry(String name, String description, long nanos) {
        String duration = String.format(Locale.ROOT, "%.3f", Math.max(0, nanos) / 1e6);
        return name + (description == null ? "" : ";desc=\"" + description + "\"") + ";dur=" + duration;
    }
}
