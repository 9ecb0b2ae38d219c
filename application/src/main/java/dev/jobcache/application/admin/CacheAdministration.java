package dev.jobcache.application.admin;

import dev.jobcache.application.InvalidInput;
import dev.jobcache.application.cache.CacheInvalidator;
import dev.jobcache.application.cache.CacheStatistics;
import dev.jobcache.application.cache.InvalidationHistory;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.cache.KeyPage;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.MalformedCursor;
import dev.jobcache.domain.cache.MetricsSnapshot;
import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an operator may see and do with the cache. Callers must have checked that the caller is an admin. Input is
 * validated with the domain's own rules and refused as {@link InvalidInput} naming the field (e.g. {@code tags[2]}),
 * so a bad value never reaches a store. Removals go through the {@link CacheInvalidator} with reason
 * {@value #REASON}. Thread-safe.
 */
public final class CacheAdministration {

    public static final String REASON = "admin";
    public static final int DEFAULT_KEY_LIMIT = 50;
    public static final int MAX_KEY_LIMIT = 500;
    /** Most tags or keys one invalidation request may name. */
    public static final int MAX_ITEMS = 1000;
    /** Pattern invalidation stops after this many pages, so one request cannot run for the whole key space. */
    static final int MAX_PATTERN_PAGES = 1000;
    static final int PATTERN_PAGE_SIZE = 500;
    private static final int MAX_CURSOR_LENGTH = 512;
    private static final String BUS_TIER = "bus";
    private static final Logger LOG = LoggerFactory.getLogger(CacheAdministration.class);

    private final CacheStore store;
    private final CacheInvalidator invalidator;
    private final CacheMetrics metrics;
    private final CacheStatistics statistics;
    private final InvalidationHistory history;
    private final ClearConfirmations confirmations;
    private final Clock clock;
    private final CacheAdvisor advisor = new CacheAdvisor();

    /**
     * @param store      the store as the application sees it (fail-open)
     * @param statistics the response cache's byte counts ({@code ResponseCache.statistics()})
     * @param history    the history the invalidator records into
     */
    public CacheAdministration(CacheStore store, CacheInvalidator invalidator, CacheMetrics metrics,
                               CacheStatistics statistics, InvalidationHistory history, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.invalidator = Objects.requireNonNull(invalidator, "invalidator");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.statistics = Objects.requireNonNull(statistics, "statistics");
        this.history = Objects.requireNonNull(history, "history");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.confirmations = new ClearConfirmations(clock);
    }

    /**
     * The store's own account (reachable, latency, and backend details: breaker, bus, {@code l1.*}) with what it
     * says is wrong with the store's set-up.
     */
    public Health health() {
        StoreHealth health = store.health();
        return new Health(health, advisor.healthWarnings(health));
    }

    public Stats stats() {
        MetricsSnapshot snapshot = metrics.snapshot();
        Map<String, RouteStats> routes = new TreeMap<>();
        Map<String, Long> invalidations = new TreeMap<>();
        long busFailures = 0;
        for (MetricsSnapshot.Line line : snapshot.lines()) {
            if (line.outcome() == CacheOutcome.INVALIDATION) {
                // the invalidator records the reason where lookups record the route
                invalidations.merge(line.route(), line.count(), Long::sum);
            } else if (line.tier().equals(BUS_TIER)) {
                busFailures += line.count();
            } else {
                routes.merge(line.route() + '\u0000' + line.tier(), RouteStats.of(line), RouteStats::plus);
            }
        }
        Compression compression = new Compression(statistics.storedEntries(), statistics.identityBytes(),
                statistics.storedBytes(), statistics.compressionRatio());
        return new Stats(List.copyOf(routes.values()), store.usage(), invalidations, busFailures, compression,
                history.recent());
    }

    public Performance performance() {
        MetricsSnapshot snapshot = metrics.snapshot();
        Map<String, List<MetricsSnapshot.Line>> byRoute = new TreeMap<>();
        long stored = 0;
        long invalidated = 0;
        for (MetricsSnapshot.Line line : snapshot.lines()) {
            if (line.outcome() == CacheOutcome.INVALIDATION) {
                invalidated += line.count();
            } else if (!line.tier().equals(BUS_TIER)) {
                if (line.outcome() == CacheOutcome.STORE) {
                    stored += line.count();
                }
                byRoute.computeIfAbsent(line.route(), r -> new ArrayList<>()).add(line);
            }
        }
        List<RoutePerformance> routes = new ArrayList<>();
        List<CacheAdvisor.RouteFigures> figures = new ArrayList<>();
        byRoute.forEach((route, lines) -> {
            Latency hit = Latency.of(lines, CacheOutcome.HIT);
            Latency miss = Latency.of(lines, CacheOutcome.MISS);
            long stale = lines.stream().filter(l -> l.outcome() == CacheOutcome.STALE).mapToLong(MetricsSnapshot.Line::count).sum();
            long lookups = hit.count() + miss.count() + stale;
            if (lookups == 0) {
                return;
            }
            double ratio = (double) (hit.count() + stale) / lookups;
            Duration saved = miss.count() == 0 || hit.count() == 0 || miss.mean().compareTo(hit.mean()) <= 0
                    ? Duration.ZERO
                    : miss.mean().minus(hit.mean()).multipliedBy(hit.count());
            routes.add(new RoutePerformance(route, lookups, ratio, hit, miss, saved));
            figures.add(new CacheAdvisor.RouteFigures(route, lookups, ratio));
        });
        List<Recommendation> advice = advisor.advise(new CacheAdvisor.Figures(figures, stored, invalidated,
                store.usage(), store.health()));
        return new Performance(routes, advice);
    }

    /**
     * Statistics and performance read together and stamped with the clock's wall and monotonic time, so that a
     * live view can tell how much time passed between two snapshots (requests per second).
     */
    public Snapshot snapshot() {
        Instant at = clock.now();
        long nanoTime = clock.nanoTime();
        return new Snapshot(at, nanoTime, stats(), performance());
    }

    /**
     * Removes the entries with any of {@code tags}, the given {@code keys}, and the keys matching {@code pattern}.
     * At least one must be given. A pattern is resolved by listing keys page by page (at most
     * {@value #MAX_PATTERN_PAGES} pages) and invalidating each page's keys.
     *
     * @return how many entries the store removed, as far as it can tell
     */
    public long invalidate(List<String> tags, List<String> keys, Optional<String> pattern) {
        Set<Tag> validTags = validated("tags", tags, Tag::new);
        Set<CacheKey> validKeys = validated("keys", keys, CacheKey::new);
        Optional<KeyPattern> validPattern = pattern.map(CacheAdministration::pattern);
        if (validTags.isEmpty() && validKeys.isEmpty() && validPattern.isEmpty()) {
            throw new InvalidInput("body", "give at least one of tags, keys or pattern");
        }
        long removed = 0;
        if (!validTags.isEmpty() || !validKeys.isEmpty()) {
            removed += invalidator.invalidate(new Invalidation(validTags, validKeys, false, REASON));
        }
        if (validPattern.isPresent()) {
            removed += invalidateMatching(validPattern.get());
        }
        LOG.info("admin invalidation of {} tags, {} keys, pattern {}: {} entries removed", validTags.size(),
                validKeys.size(), validPattern.map(KeyPattern::glob).orElse("-"), removed);
        return removed;
    }

    private long invalidateMatching(KeyPattern pattern) {
        long removed = 0;
        Optional<String> cursor = Optional.empty();
        for (int page = 0; page < MAX_PATTERN_PAGES; page++) {
            KeyPage keys = store.scanKeys(pattern, cursor, PATTERN_PAGE_SIZE);
            if (!keys.keys().isEmpty()) {
                removed += invalidator.invalidate(Invalidation.ofKeys(new LinkedHashSet<>(keys.keys()), REASON));
            }
            cursor = keys.nextCursor();
            if (cursor.isEmpty()) {
                return removed;
            }
        }
        LOG.warn("pattern invalidation of {} stopped after {} pages; run it again for the rest", pattern.glob(),
                MAX_PATTERN_PAGES);
        return removed;
    }

    /**
     * Clears the whole cache in two steps. Without a confirmation: nothing is removed, and the answer says how many
     * entries there are and gives a one-time token valid for 60 seconds. With that token: everything is removed.
     */
    public ClearOutcome clear(Optional<String> confirmation) {
        if (confirmation.isEmpty()) {
            ClearConfirmations.Issued issued = confirmations.issue();
            return new ClearOutcome.ConfirmationRequired(store.usage().entries(), issued.token(), issued.expiresAt());
        }
        if (!confirmations.redeem(confirmation.get())) {
            return new ClearOutcome.Refused("the confirmation token is unknown, expired or already used; "
                    + "ask for a new one");
        }
        long removed = invalidator.invalidate(Invalidation.all(REASON));
        LOG.warn("admin cleared the cache: {} entries removed", removed);
        return new ClearOutcome.Cleared(removed);
    }

    /** One page of the keys matching {@code pattern} (every key when empty). */
    public KeyPage keys(Optional<String> pattern, Optional<String> cursor, Optional<String> limit) {
        KeyPattern glob = pattern.filter(p -> !p.isEmpty()).map(CacheAdministration::pattern).orElse(KeyPattern.ALL);
        int size = limit.filter(l -> !l.isEmpty()).map(CacheAdministration::limit).orElse(DEFAULT_KEY_LIMIT);
        Optional<String> from = cursor.filter(c -> !c.isEmpty());
        if (from.isPresent() && (from.get().length() > MAX_CURSOR_LENGTH || !from.get().chars().allMatch(
                c -> c > ' ' && c <= '~'))) {
            throw new InvalidInput("cursor", "is not a cursor this API returned");
        }
        try {
            return store.scanKeys(glob, from, size);
        } catch (MalformedCursor e) {
            // only the store knows its cursors' form (a SCAN cursor, a Cluster slot and cursor, a key)
            throw new InvalidInput("cursor", "is not a cursor this API returned, or names a part of the store that "
                    + "is gone; list again without one");
        }
    }

    private static int limit(String raw) {
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 1 || value > MAX_KEY_LIMIT) {
            throw new InvalidInput("limit", "must be a whole number from 1 to " + MAX_KEY_LIMIT);
        }
        return value;
    }

    private static KeyPattern pattern(String raw) {
        try {
            return new KeyPattern(raw);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("pattern", e.getMessage());
        }
    }

    private static <T> Set<T> validated(String field, List<String> values, java.util.function.Function<String, T> parse) {
        if (values == null) {
            return Set.of();
        }
        if (values.size() > MAX_ITEMS) {
            throw new InvalidInput(field, "at most " + MAX_ITEMS + " per request");
        }
        Set<T> valid = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null) {
                throw new InvalidInput(field + "[" + i + "]", "must be a string");
            }
            try {
                valid.add(parse.apply(value));
            } catch (IllegalArgumentException e) {
                throw new InvalidInput(field + "[" + i + "]", e.getMessage());
            }
        }
        return valid;
    }

    /**
     * @param invalidationsByReason entries removed by invalidations, per reason
     * @param busPublishFailures    invalidations that could not be sent to other instances
     * @param history               the last invalidations, newest first
     */
    public record Stats(List<RouteStats> routes, StoreUsage usage, Map<String, Long> invalidationsByReason,
                        long busPublishFailures, Compression compression, List<InvalidationHistory.Event> history) {

        public Stats {
            routes = List.copyOf(routes);
            invalidationsByReason = Map.copyOf(invalidationsByReason);
            history = List.copyOf(history);
        }
    }

    /** Counts of one route in one tier; {@code hitRatio} counts stale answers as hits (served from the cache). */
    public record RouteStats(String route, String tier, long hits, long misses, long stale, long bypass, long errors,
                             long stores) {

        static RouteStats of(MetricsSnapshot.Line line) {
            long n = line.count();
            return switch (line.outcome()) {
                case HIT -> new RouteStats(line.route(), line.tier(), n, 0, 0, 0, 0, 0);
                case MISS -> new RouteStats(line.route(), line.tier(), 0, n, 0, 0, 0, 0);
                case STALE -> new RouteStats(line.route(), line.tier(), 0, 0, n, 0, 0, 0);
                case BYPASS -> new RouteStats(line.route(), line.tier(), 0, 0, 0, n, 0, 0);
                case ERROR -> new RouteStats(line.route(), line.tier(), 0, 0, 0, 0, n, 0);
                case STORE -> new RouteStats(line.route(), line.tier(), 0, 0, 0, 0, 0, n);
                default -> new RouteStats(line.route(), line.tier(), 0, 0, 0, 0, 0, 0);
            };
        }

        RouteStats plus(RouteStats other) {
            return new RouteStats(route, tier, hits + other.hits, misses + other.misses, stale + other.stale,
                    bypass + other.bypass, errors + other.errors, stores + other.stores);
        }

        public double hitRatio() {
            long lookups = hits + stale + misses;
            return lookups == 0 ? 0 : (double) (hits + stale) / lookups;
        }
    }

    /** @param warnings what the health details say needs an operator, e.g. a Redis without {@code maxmemory} */
    public record Health(StoreHealth store, List<Recommendation> warnings) {

        public Health {
            Objects.requireNonNull(store, "store");
            warnings = List.copyOf(warnings);
        }
    }

    /** Body bytes of the entries stored since start, before and after compression. */
    public record Compression(long entries, long identityBytes, long storedBytes, double ratio) {
    }

    /** Latency figures per route, and recommendations with the figures that triggered them. */
    public record Performance(List<RoutePerformance> routes, List<Recommendation> recommendations) {

        public Performance {
            routes = List.copyOf(routes);
            recommendations = List.copyOf(recommendations);
        }
    }

    /**
     * @param hit       lookups answered from the cache
     * @param miss      lookups the origin answered (latency includes the origin call)
     * @param timeSaved estimate: hits × (mean miss latency − mean hit latency)
     */
    public record RoutePerformance(String route, long lookups, double hitRatio, Latency hit, Latency miss,
                                   Duration timeSaved) {
    }

    /**
     * Latency of one kind of lookup. {@code percentiles} is {@link MetricsSnapshot.Percentiles#UNKNOWN} when the
     * metrics do not track them (or several tiers would have to be merged); then only the mean is meaningful.
     */
    public record Latency(long count, Duration mean, MetricsSnapshot.Percentiles percentiles) {

        static Latency of(List<MetricsSnapshot.Line> lines, CacheOutcome outcome) {
            List<MetricsSnapshot.Line> matching = lines.stream()
                    .filter(l -> l.outcome() == outcome && l.count() > 0).toList();
            long count = matching.stream().mapToLong(MetricsSnapshot.Line::count).sum();
            Duration total = matching.stream().map(MetricsSnapshot.Line::totalLatency)
                    .reduce(Duration.ZERO, Duration::plus);
            MetricsSnapshot.Percentiles percentiles = matching.size() == 1
                    ? matching.get(0).percentiles() : MetricsSnapshot.Percentiles.UNKNOWN;
            return new Latency(count, count == 0 ? Duration.ZERO : total.dividedBy(count), percentiles);
        }

        public boolean percentilesKnown() {
            return percentiles.known();
        }
    }

    /** @param nanoTime the clock's monotonic reading; only differences between two snapshots mean anything */
    public record Snapshot(Instant at, long nanoTime, Stats stats, Performance performance) {

        public Snapshot {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(stats, "stats");
            Objects.requireNonNull(performance, "performance");
        }
    }

    /** The answer to a clear request. */
    public sealed interface ClearOutcome {

        /** Nothing was cleared; repeat with {@code token} before {@code expiresAt} to clear. */
        record ConfirmationRequired(long entries, String token, Instant expiresAt) implements ClearOutcome {
        }

        record Cleared(long removed) implements ClearOutcome {
        }

        /** The token was unknown, expired or used; nothing was cleared. */
        record Refused(String reason) implements ClearOutcome {
        }
    }
}
