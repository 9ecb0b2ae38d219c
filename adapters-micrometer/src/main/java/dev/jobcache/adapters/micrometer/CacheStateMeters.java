package dev.jobcache.adapters.micrometer;

import dev.jobcache.domain.cache.CacheState;
import dev.jobcache.domain.cache.StoreOperation;
import dev.jobcache.domain.cache.StoreUsage;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The gauges of the cache's state, read once per scrape ({@link #refresh()}) and shown from that one reading: on
 * Redis the usage is a scan of the key space, which one reading per figure would repeat a handful of times.
 * <ul>
 *   <li>per tier that holds entries: {@code jobcache.cache.entries}, {@code jobcache.cache.used} and
 *       {@code jobcache.cache.max} (bytes, the bound), and {@value MicrometerCacheMetrics#EVICTIONS} (the store's own
 *       count, which exists from the start); NaN for a figure the store cannot give (entries past Redis' scan budget,
 *       no {@code maxmemory}) or could not give this time;</li>
 *   <li>{@code jobcache.cache.store.up {tier}} 1 or 0; {@code jobcache.redis.breaker.state {state}} 1 for the
 *       breaker's state and 0 for the others; {@code jobcache.cache.bus.connected} 1 or 0; each only for a store
 *       that has it;</li>
 *   <li>{@code jobcache.cache.invalidations.owed}: tags and keys owed, while which nothing is served from the cache.</li>
 * </ul>
 * Meters are bound the first time the state shows what they measure, and the counters of store errors, single-flight
 * waits and refresh-ahead loads are bound at zero at once, so that an operator's rate has a series from the start
 * rather than from the first failure. Thread-safe.
 */
final class CacheStateMeters {

    private static final Logger LOG = LoggerFactory.getLogger(CacheStateMeters.class);

    private final MeterRegistry registry;
    private final Supplier<CacheState> reader;
    private final Set<String> bound = ConcurrentHashMap.newKeySet();
    // a counter must not fall back to zero for a reading that failed: the last count read stands
    private final Map<String, Double> evictions = new ConcurrentHashMap<>();
    private final AtomicBoolean readFailed = new AtomicBoolean();
    private volatile CacheState state;

    /**
     * @param tier   the name the application counts the store's lookups and failures under
     * @param reader reads the state; called once per {@link #refresh()}
     */
    CacheStateMeters(MeterRegistry registry, String tier, Supplier<CacheState> reader) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.reader = Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(tier, "tier");
        for (StoreOperation operation : StoreOperation.values()) {
            MicrometerCacheMetrics.storeErrors(registry, tier, operation.label());
        }
        MicrometerCacheMetrics.singleFlightWaits(registry, tier);
        MicrometerCacheMetrics.refreshAheadLoads(registry, tier);
        Gauge.builder("jobcache.cache.invalidations.owed", this, m -> m.read(s -> (double) s.owedInvalidations()))
                .description("Tags and keys of invalidations the store failed to apply; while above 0 nothing is "
                        + "served from the cache")
                .register(registry);
    }

    /** Reads the state once and binds the meters of whatever it shows for the first time. */
    void refresh() {
        CacheState read;
        try {
            read = reader.get();
        } catch (RuntimeException e) {
            // a gauge must never fail the scrape: its figures read NaN until the state can be read again
            if (readFailed.compareAndSet(false, true)) {
                LOG.warn("reading the cache's state for /metrics failed; its gauges show NaN meanwhile: {}", e.toString());
            }
            state = null;
            return;
        }
        readFailed.set(false);
        state = read;
        bindStore(read.store());
        read.tiers().forEach((tier, usage) -> {
            bindTier(tier);
            evictions.put(tier, (double) usage.evictions());
        });
        read.breaker().ifPresent(ignored -> bindBreaker());
        read.busConnected().ifPresent(ignored -> bindBus());
    }

    private void bindStore(String store) {
        if (bound.add("up:" + store)) {
            Gauge.builder("jobcache.cache.store.up", this,
                            m -> m.read(s -> s.store().equals(store) ? (s.up() ? 1 : 0) : Double.NaN))
                    .description("Whether the cache store answers its health probe (1) or not (0)")
                    .tag("tier", store)
                    .register(registry);
        }
    }

    private void bindTier(String tier) {
        if (!bound.add("tier:" + tier)) {
            return;
        }
        Gauge.builder("jobcache.cache.entries", this, m -> m.usage(tier, StoreUsage::entries))
                .description("Entries held; NaN when the store cannot count them cheaply")
                .tag("tier", tier)
                .register(registry);
        Gauge.builder("jobcache.cache.used", this, m -> m.usage(tier, StoreUsage::bytes))
                .description("Memory the tier uses (in process: entries and their overhead; Redis: used_memory)")
                .baseUnit("bytes").tag("tier", tier)
                .register(registry);
        Gauge.builder("jobcache.cache.max", this, m -> m.usage(tier, StoreUsage::maxBytes))
                .description("The bound of the tier's memory; NaN when it has none (Redis without maxmemory)")
                .baseUnit("bytes").tag("tier", tier)
                .register(registry);
        FunctionCounter.builder(MicrometerCacheMetrics.EVICTIONS, evictions, e -> e.getOrDefault(tier, 0.0))
                .description("Entries removed to make room (Redis: its evicted_keys)")
                .tag("tier", tier)
                .register(registry);
    }

    private void bindBreaker() {
        if (!bound.add("breaker")) {
            return;
        }
        for (CacheState.Breaker position : CacheState.Breaker.values()) {
            Gauge.builder("jobcache.redis.breaker.state", this, m -> m.read(s -> s.breaker()
                            .map(b -> b == position ? 1.0 : 0.0).orElse(Double.NaN)))
                    .description("The Redis circuit breaker's state: 1 for the one it is in, 0 for the others")
                    .tag("state", position.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    private void bindBus() {
        if (bound.add("bus")) {
            Gauge.builder("jobcache.cache.bus.connected", this,
                            m -> m.read(s -> s.busConnected().map(c -> c ? 1.0 : 0.0).orElse(Double.NaN)))
                    .description("Whether the near-cache hears the invalidation bus (1); while 0 it serves nothing")
                    .register(registry);
        }
    }

    private double usage(String tier, ToLongFunction<StoreUsage> figure) {
        return read(s -> {
            StoreUsage usage = s.tiers().get(tier);
            long value = usage == null ? -1 : figure.applyAsLong(usage);
            return value < 0 ? Double.NaN : value;
        });
    }

    private double read(ToDoubleFunction<CacheState> figure) {
        CacheState current = state;
        return current == null ? Double.NaN : figure.applyAsDouble(current);
    }
}
