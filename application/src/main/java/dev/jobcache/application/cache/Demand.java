package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachePolicy;

import java.util.List;

/**
 * What clients ask of the cache, told once per client request (never for the requests this service runs itself), so
 * that warming can tell when the instance is idle, which entries are hot and which users are active. Called on the
 * request path, on I/O threads too: an implementation must be cheap, must not block and must not throw.
 */
@FunctionalInterface
public interface Demand {

    /** Hears nothing: warming from traffic turned off. */
    Demand NONE = (request, policy, key) -> { };

    /**
     * @param policy the route's policy
     * @param key    the entry the request reads, or null when it bypasses the cache
     */
    void asked(CacheableRequest request, CachePolicy policy, CacheKey key);

    /** Tells each of {@code parts}, in order; {@link #NONE} for none. */
    static Demand all(List<Demand> parts) {
        List<Demand> each = List.copyOf(parts);
        if (each.isEmpty()) {
            return NONE;
        }
        return each.size() == 1 ? each.get(0) : (request, policy, key) -> {
            for (Demand part : each) {
                part.asked(request, policy, key);
            }
        };
    }
}
