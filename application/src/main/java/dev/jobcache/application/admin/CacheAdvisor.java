package dev.jobcache.application.admin;

import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.cache.StoreUsage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules behind the admin recommendations: pure functions of figures already measured, so each rule is
 * tested without a cache. Thresholds are deliberately coarse; a recommendation is a prompt to look, not a verdict.
 */
public final class CacheAdvisor {

    /** Fewer lookups than this say too little about a route's hit ratio. */
    static final long MIN_LOOKUPS = 100;
    static final double LOW_HIT_RATIO = 0.5;
    /** Invalidated entries per stored entry above which invalidation, not TTL, is what empties the cache. */
    static final double HIGH_INVALIDATION_SHARE = 0.5;
    static final double MEMORY_PRESSURE_SHARE = 0.9;
    static final Duration HIGH_STORE_LATENCY = Duration.ofMillis(10);
    private static final String MAXMEMORY = "maxmemory";

    /** The figures of one route the rules look at. */
    public record RouteFigures(String route, long lookups, double hitRatio) {

        public RouteFigures {
            Objects.requireNonNull(route, "route");
        }
    }

    /**
     * Everything the rules look at.
     *
     * @param storedEntries      entries stored since start
     * @param invalidatedEntries entries removed by invalidations since start
     */
    public record Figures(List<RouteFigures> routes, long storedEntries, long invalidatedEntries, StoreUsage usage,
                          StoreHealth health) {

        public Figures {
            routes = List.copyOf(routes);
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(health, "health");
        }
    }

    public List<Recommendation> advise(Figures figures) {
        List<Recommendation> advice = new ArrayList<>();
        figures.routes().forEach(route -> lowHitRatio(route, figures).ifPresent(advice::add));
        advice.addAll(healthWarnings(figures.health()));
        memoryPressure(figures.usage()).ifPresent(advice::add);
        evictionPolicy(figures.health()).ifPresent(advice::add);
        storeLatency(figures.health()).ifPresent(advice::add);
        l1TooSmall(figures.health()).ifPresent(advice::add);
        return List.copyOf(advice);
    }

    /**
     * What the store's health alone says is wrong with its set-up, for the health answer as well as among the
     * recommendations: a Redis without {@code maxmemory} (one per master on a Cluster, whose details are named
     * {@code <address> maxmemory}).
     */
    public List<Recommendation> healthWarnings(StoreHealth health) {
        List<Recommendation> warnings = new ArrayList<>();
        health.details().entrySet().stream()
                .filter(detail -> detail.getKey().equals(MAXMEMORY) || detail.getKey().endsWith(" " + MAXMEMORY))
                .filter(detail -> detail.getValue().trim().equals("0"))
                .sorted(Map.Entry.comparingByKey())
                .forEach(detail -> warnings.add(unboundedMemory(detail.getKey())));
        return List.copyOf(warnings);
    }

    private static Recommendation unboundedMemory(String setting) {
        // 0 is Redis' default: no limit, and then no eviction policy ever applies either
        return new Recommendation("unbounded-memory", "*",
                "Redis has no memory limit (maxmemory 0), so the cache grows until the server runs out of memory "
                        + "and the operating system or orchestrator kills it: set maxmemory (CONFIG SET maxmemory "
                        + "<bytes>, and in redis.conf so that it survives a restart) and an eviction policy such as "
                        + "allkeys-lru, or volatile-lru (every key jobcache writes has a TTL)",
                setting + "=0");
    }

    private static Optional<Recommendation> lowHitRatio(RouteFigures route, Figures figures) {
        if (route.lookups() < MIN_LOOKUPS || route.hitRatio() >= LOW_HIT_RATIO) {
            return Optional.empty();
        }
        String ratio = String.format(Locale.ROOT, "hit ratio %.0f%% over %d lookups", route.hitRatio() * 100,
                route.lookups());
        boolean invalidationHeavy = figures.storedEntries() > 0
                && figures.invalidatedEntries() >= HIGH_INVALIDATION_SHARE * figures.storedEntries();
        if (invalidationHeavy) {
            return Optional.of(new Recommendation("low-hit-ratio-invalidations", route.route(),
                    "entries are invalidated before they are read again: invalidate narrower tags, or do not "
                            + "cache a route whose data changes this often",
                    ratio + "; " + figures.invalidatedEntries() + " of " + figures.storedEntries()
                            + " stored entries invalidated"));
        }
        return Optional.of(new Recommendation("low-hit-ratio", route.route(),
                "few lookups find an entry: a longer TTL (CACHE_ROUTE_TTLS) helps if the data allows it; "
                        + "many distinct query strings or Accept headers also split the entries",
                ratio));
    }

    private static Optional<Recommendation> memoryPressure(StoreUsage usage) {
        if (usage.evictions() <= 0 || usage.maxBytes() <= 0
                || usage.bytes() < MEMORY_PRESSURE_SHARE * usage.maxBytes()) {
            return Optional.empty();
        }
        return Optional.of(new Recommendation("memory-pressure", "*",
                "the store is full and evicts entries to make room: raise CACHE_MAX_MEMORY_MB (or Redis "
                        + "maxmemory), or cache fewer or smaller responses",
                usage.evictions() + " evictions; " + usage.bytes() + " of " + usage.maxBytes() + " bytes used"));
    }

    private static Optional<Recommendation> evictionPolicy(StoreHealth health) {
        String policy = health.details().get("maxmemory-policy");
        if (policy == null) {
            return Optional.empty();
        }
        String lower = policy.toLowerCase(Locale.ROOT);
        if (lower.contains("lru") || lower.contains("lfu") || lower.startsWith("volatile-")) {
            return Optional.empty();
        }
        return Optional.of(new Recommendation("eviction-policy", "*",
                "Redis will not evict cache entries sensibly when full: set maxmemory-policy to volatile-lru "
                        + "(every key jobcache writes has a TTL)",
                "maxmemory-policy=" + policy));
    }

    private static Optional<Recommendation> storeLatency(StoreHealth health) {
        if (!health.up() || health.latency().compareTo(HIGH_STORE_LATENCY) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Recommendation("store-latency", "*",
                "the cache store answers slowly: check the network path to it and its load, or add the "
                        + "in-process tier (CACHE_BACKEND=two-tier)",
                "latency " + health.latency().toMillis() + " ms"));
    }

    private static Optional<Recommendation> l1TooSmall(StoreHealth health) {
        long evictions = number(health.details().get("l1.evictions"));
        if (evictions <= 0) {
            return Optional.empty();
        }
        String max = health.details().getOrDefault("l1.maxBytes", "?");
        return Optional.of(new Recommendation("l1-too-small", "*",
                "the in-process tier evicts entries for room: raise CACHE_L1_MAX_MEMORY_MB",
                "l1.evictions=" + evictions + ", l1.maxBytes=" + max));
    }

    private static long number(String text) {
        if (text == null) {
            return 0;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
