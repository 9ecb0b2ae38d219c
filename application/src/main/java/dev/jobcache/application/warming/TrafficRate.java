package dev.jobcache.application.warming;

import dev.jobcache.application.cache.CacheableRequest;
import dev.jobcache.application.cache.Demand;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.port.Clock;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How busy clients keep this instance: the requests of each second, and when a second last reached the busy rate.
 * The instance is quiet once no second has reached it for a while, and busy again the moment the current second does,
 * so idle work stops within the second traffic returns rather than once an average has caught up. Counting is a
 * couple of atomic operations per request, on I/O threads too; two requests racing across a second's boundary may be
 * counted in the wrong second, which only moves the moment by one request.
 */
final class TrafficRate implements Demand {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final int busyPerSecond;
    private final Clock clock;
    private final AtomicLong second = new AtomicLong(Long.MIN_VALUE);
    private final AtomicInteger inSecond = new AtomicInteger();
    private final AtomicLong lastBusyNanos;

    /** @param busyPerSecond requests within one second that make it busy */
    TrafficRate(int busyPerSecond, Clock clock) {
        if (busyPerSecond < 1) {
            throw new IllegalArgumentException("busyPerSecond is at least 1, was " + busyPerSecond);
        }
        this.busyPerSecond = busyPerSecond;
        this.clock = Objects.requireNonNull(clock, "clock");
        // nothing is known of the time before start: it has to be quiet for a while first
        this.lastBusyNanos = new AtomicLong(clock.nanoTime());
    }

    @Override
    public void asked(CacheableRequest request, CachePolicy policy, CacheKey key) {
        long now = clock.nanoTime();
        long current = Math.floorDiv(now, SECOND);
        long counted = second.get();
        if (counted != current && second.compareAndSet(counted, current)) {
            inSecond.set(0);
        }
        if (inSecond.incrementAndGet() >= busyPerSecond) {
            lastBusyNanos.set(now);
        }
    }

    /** Whether no second has reached the busy rate for {@code period} up to now. */
    boolean quietFor(Duration period) {
        return clock.nanoTime() - lastBusyNanos.get() >= period.toNanos();
    }

    /** Requests counted in the current second, for the admin view. */
    int thisSecond() {
        return second.get() == Math.floorDiv(clock.nanoTime(), SECOND) ? inSecond.get() : 0;
    }
}
