package dev.jobcache.domain.cache;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which part of the cache a metric is about: a store tier ({@code l1}, {@code l2}, {@code caffeine}, {@code redis},
 * a test's {@code memory}) or {@link #BUS}, the invalidation bus between instances, which stores nothing.
 */
public record CacheTier(String name) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    /** The invalidation bus: its events are failed publications, counted apart from any store's. */
    public static final CacheTier BUS = new CacheTier("bus");

    /**
     * The in-process tier of a near-cache (two-tier). Its hits and misses are probes inside the store's own reads,
     * counted beside the response cache's lookups of the same requests, never as more of them.
     */
    public static final CacheTier L1 = new CacheTier("l1");

    public CacheTier {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a tier name is 1-32 of a-z, 0-9 and '-', was '" + name + "'");
        }
    }

    public static CacheTier of(String name) {
        if (L1.name.equals(name)) {
            return L1;
        }
        return BUS.name.equals(name) ? BUS : new CacheTier(name);
    }

    /** Whether this is a store's tier, whose events are lookups, stores and evictions, not the bus. */
    public boolean isStore() {
        return !equals(BUS);
    }

    /**
     * Whether this tier's lookups are the response cache's answers to requests, one per request: a store's tier, but
     * not the near-cache's {@link #L1}, whose probes happen inside another tier's lookups.
     */
    public boolean answersRequests() {
        return isStore() && !equals(L1);
    }

    @Override
    public String toString() {
        return name;
    }
}
