package dev.jobcache.application.warming;

import dev.jobcache.application.cache.CacheableRequest;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.port.Clock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How often clients read each entry, over the window now running and the one before it, so that the entries hot
 * lately can be told once traffic has died down. Bounded: a window tracks at most {@code capacity} entries, the first
 * it sees (an entry read often is read early), and forgets them when the window after it ends. Counting a read of a
 * tracked entry is one map lookup and one increment, on I/O threads too; the window turns over under a lock only the
 * first reader after its end takes.
 */
final class HotEntries {

    /** An entry read once is not hot. */
    static final int MIN_READS = 2;

    private final Duration window;
    private final int capacity;
    private final Clock clock;
    private volatile Window current;
    private volatile Map<CacheKey, Hot> previous = Map.of();

    HotEntries(Duration window, int capacity, Clock clock) {
        if (window.isNegative() || window.isZero() || capacity < 1) {
            throw new IllegalArgumentException("a positive window and capacity, were " + window + " and " + capacity);
        }
        this.window = window;
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.current = new Window(clock.nanoTime());
    }

    /** Counts a client's read of {@code key}, which {@code request} reads again. */
    void read(CacheKey key, CacheableRequest request) {
        Window now = windowAt(clock.nanoTime());
        Reads reads = now.reads.get(key);
        if (reads == null) {
            if (now.reads.size() >= capacity) {
                return;
            }
            reads = now.reads.computeIfAbsent(key, k -> new Reads(request));
        }
        reads.count.incrementAndGet();
    }

    /** The entries read at least {@link #MIN_READS} times lately, most read first, at most {@code limit}. */
    List<Hot> hottest(int limit) {
        Window now = windowAt(clock.nanoTime());
        Map<CacheKey, Hot> merged = new HashMap<>(previous);
        now.reads.forEach((key, reads) -> merged.merge(key, new Hot(key, reads.request, reads.count.get()),
                (before, latest) -> new Hot(key, latest.request(), before.reads() + latest.reads())));
        List<Hot> hot = new ArrayList<>();
        for (Hot entry : merged.values()) {
            if (entry.reads() >= MIN_READS) {
                hot.add(entry);
            }
        }
        hot.sort(Comparator.comparingInt(Hot::reads).reversed());
        return List.copyOf(hot.subList(0, Math.min(limit, hot.size())));
    }

    /** Entries tracked in the window now running. */
    int tracked() {
        return windowAt(clock.nanoTime()).reads.size();
    }

    private Window windowAt(long nanos) {
        Window running = current;
        if (nanos - running.startNanos < window.toNanos()) {
            return running;
        }
        synchronized (this) {
            running = current;
            if (nanos - running.startNanos < window.toNanos()) {
                return running;
            }
            // the window that ended is the last one only if it ended less than a window ago
            previous = nanos - running.startNanos < 2 * window.toNanos() ? running.snapshot() : Map.of();
            current = new Window(nanos);
            return current;
        }
    }

    private static final class Window {
        private final long startNanos;
        private final Map<CacheKey, Reads> reads = new ConcurrentHashMap<>();

        private Window(long startNanos) {
            this.startNanos = startNanos;
        }

        private Map<CacheKey, Hot> snapshot() {
            Map<CacheKey, Hot> snapshot = new HashMap<>();
            reads.forEach((key, counted) -> snapshot.put(key, new Hot(key, counted.request, counted.count.get())));
            return Map.copyOf(snapshot);
        }
    }

    private static final class Reads {
        private final CacheableRequest request;
        private final AtomicInteger count = new AtomicInteger();

        private Reads(CacheableRequest request) {
            this.request = request;
        }
    }

    /** An entry read {@code reads} times lately, and a client's request that reads it. */
    record Hot(CacheKey key, CacheableRequest request, int reads) {
    }
}
