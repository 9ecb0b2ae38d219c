package dev.jobcache.application.warming;

import dev.jobcache.domain.port.Clock;

import java.time.Duration;
import java.util.Objects;

/**
 * At most so many loads per second: each load may start only a full interval after the one before it. No bursts
 * after a pause, since what warming saves up is never urgent. Used by one thread.
 */
final class LoadPacing {

    private final long intervalNanos;
    private final Clock clock;
    private long nextNanos = Long.MIN_VALUE;

    LoadPacing(int perSecond, Clock clock) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond is at least 1, was " + perSecond);
        }
        this.intervalNanos = Duration.ofSeconds(1).toNanos() / perSecond;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    boolean mayLoad() {
        return clock.nanoTime() >= nextNanos;
    }

    /** Takes the permit {@link #mayLoad} saw; the next load waits an interval from now. */
    void loading() {
        nextNanos = clock.nanoTime() + intervalNanos;
    }

    /** How often the thread that loads should look: twice an interval, so a permit waits at most half of one. */
    Duration lookEvery() {
        return Duration.ofNanos(Math.max(1, intervalNanos / 2));
    }
}
