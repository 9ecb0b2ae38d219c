package dev.jobcache.application.admin;

import dev.jobcache.application.cache.RoutePolicies;
import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.MetricsSnapshot;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.domain.port.Clock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the cache did in each of the last {@value #SECONDS_KEPT} seconds, so that an operator sees hit ratio, counts
 * and latency per interval (the last 10 s, minute, 5 minutes, or one second) as they are now, where counters since
 * start move less and less the longer the service runs.
 *
 * <p>A ring of one-second slots ({@link SecondCounts}), seconds counted on the {@link Clock}'s monotonic time from
 * this object's creation. It keeps no history beyond the ring and has no thread of its own: each cache event is
 * counted into its second's slot by the thread that records it (selector, Lettuce or worker threads; lock-free), and
 * a reader adds up the slots it asks for. A slot is emptied when its second comes round again. The ring has two slots
 * more than the longest interval it answers for, so the slot a new second starts in is never one being read. Only
 * whole seconds are reported: the second under way is left out until it is over, so a rate per second is one.
 * Thread-safe.
 */
public final class RecentActivity {

    /** The longest interval it answers for. */
    public static final int SECONDS_KEPT = 300;
    private static final int SLOTS = SECONDS_KEPT + 2;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final Duration LONGEST = Duration.ofHours(1);

    private final Clock clock;
    private final long start;
    private final SecondCounts[] slots = new SecondCounts[SLOTS];

    public RecentActivity(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.start = clock.nanoTime();
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new SecondCounts();
        }
    }

    /**
     * {@code counters} with every event also counted here: what the cache records goes to both, and the snapshot
     * since start is {@code counters}'. Counting here never throws, so it goes first.
     */
    public CacheMetrics besides(CacheMetrics counters) {
        return new CountedPerSecondCacheMetrics(this, counters);
    }

    /** Counts {@code event} in the current second. Cheap (a clock reading and a few atomic adds); never throws. */
    public void record(CacheEvent event) {
        if (event == null || event.count() <= 0) {
            return;
        }
        // names compared, not the records: a record's generated equals costs a measurable share of a hit
        String tier = event.tier().name();
        if (tier.equals(CacheTier.BUS.name())) {
            return;
        }
        boolean l1 = tier.equals(CacheTier.L1.name());
        int counter = switch (event.outcome()) {
            case HIT -> l1 ? SecondCounts.L1_HITS : SecondCounts.HITS;
            case STALE -> l1 ? -1 : SecondCounts.STALE;
            case MISS -> l1 ? -1 : SecondCounts.MISSES;
            // admin requests are never cached; a dashboard polling every second must not count itself
            case BYPASS -> l1 || event.route().equals(RoutePolicies.ADMIN) ? -1 : SecondCounts.BYPASS;
            case ERROR -> SecondCounts.ERRORS;
            case STORE -> l1 ? -1 : SecondCounts.STORES;
            case EVICTION -> SecondCounts.EVICTIONS;
            default -> -1;
        };
        if (counter < 0) {
            return;
        }
        long second = secondNow();
        SecondCounts slot = slots[slotOf(second)];
        if (!slot.turnTo(second)) {
            return;
        }
        slot.add(counter, event.count());
        long nanos = nanosOf(event.latency());
        // zero means not measured (an L1 probe, a fake clock that did not move): it would only drag percentiles down
        if (nanos == 0) {
            return;
        }
        if (counter == SecondCounts.HITS || counter == SecondCounts.STALE) {
            slot.time(SecondCounts.CACHED, nanos);
        } else if (counter == SecondCounts.MISSES) {
            slot.time(SecondCounts.ORIGIN, nanos);
        }
    }

    /**
     * The last {@code seconds} whole seconds together, ending with the one before the second under way; fewer
     * seconds (as {@link Interval#seconds()} says) while the service has not been up that long.
     *
     * @param seconds 1 to {@value #SECONDS_KEPT}
     */
    public Interval last(int seconds) {
        requireKept(seconds);
        long now = secondNow();
        long first = Math.max(0, now - seconds);
        return sum(first, now);
    }

    /** Each of the last {@code seconds} whole seconds, oldest first; only seconds since start. */
    public List<Interval> eachOfLast(int seconds) {
        requireKept(seconds);
        long now = secondNow();
        List<Interval> each = new ArrayList<>(seconds);
        for (long second = Math.max(0, now - seconds); second < now; second++) {
            each.add(sum(second, second + 1));
        }
        return each;
    }

    /** Seconds {@code from} (inclusive) to {@code to} (exclusive), each counted where its slot still holds it. */
    private Interval sum(long from, long to) {
        long[] counts = new long[SecondCounts.L1_HITS + 1];
        LatencyHistogram cached = new LatencyHistogram();
        LatencyHistogram origin = new LatencyHistogram();
        for (long second = from; second < to; second++) {
            SecondCounts slot = slots[slotOf(second)];
            // a second in which nothing was recorded was never turned to: its slot holds an older one, or none
            if (!slot.holds(second)) {
                continue;
            }
            for (int counter = 0; counter < counts.length; counter++) {
                counts[counter] += slot.get(counter);
            }
            slot.addLatencies(SecondCounts.CACHED, cached);
            slot.addLatencies(SecondCounts.ORIGIN, origin);
        }
        long served = counts[SecondCounts.HITS] + counts[SecondCounts.STALE];
        return new Interval((int) (to - from), counts[SecondCounts.HITS], counts[SecondCounts.STALE],
                counts[SecondCounts.MISSES], counts[SecondCounts.BYPASS], counts[SecondCounts.ERRORS],
                counts[SecondCounts.STORES], counts[SecondCounts.EVICTIONS],
                // a stale entry the edge found in the L1 is probed there again on a worker: never more than served
                Math.min(counts[SecondCounts.L1_HITS], served), cached.summary(), origin.summary());
    }

    private long secondNow() {
        return Math.max(0, (clock.nanoTime() - start) / NANOS_PER_SECOND);
    }

    private static int slotOf(long second) {
        return (int) (second % SLOTS);
    }

    private static void requireKept(int seconds) {
        if (seconds < 1 || seconds > SECONDS_KEPT) {
            throw new IllegalArgumentException("an interval is 1 to " + SECONDS_KEPT + " seconds, was " + seconds);
        }
    }

    /** Counters since start whose events are also counted second by second; see {@link #besides}. */
    private static final class CountedPerSecondCacheMetrics implements CacheMetrics {

        private final RecentActivity seconds;
        private final CacheMetrics counters;

        CountedPerSecondCacheMetrics(RecentActivity seconds, CacheMetrics counters) {
            this.seconds = seconds;
            this.counters = Objects.requireNonNull(counters, "counters");
        }

        @Override
        public void record(CacheEvent event) {
            seconds.record(event);
            counters.record(event);
        }

        @Override
        public MetricsSnapshot snapshot() {
            return counters.snapshot();
        }
    }

    /** At most an hour: no lookup takes longer, and a second's sum of them cannot overflow. */
    private static long nanosOf(Duration latency) {
        if (latency.isNegative()) {
            return 0;
        }
        return latency.compareTo(LONGEST) >= 0 ? LONGEST.toNanos() : latency.toNanos();
    }
}
