package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.StoreFailure;
import dev.jobcache.domain.port.Clock;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether a store is being left alone after a failure that reaches all of it (connection refused, not connected):
 * such a store fails every call alike, so the other calls of the same request and the requests right after it go
 * without it at once, for an interval, with one log line and one metric instead of one per call. A failure that
 * reaches only its own call ({@link StoreFailure.Reach#CALL}) leaves it alone not at all: the store's own circuit
 * breaker judges by the failure rate. A failure that is not a {@link StoreFailure} is read cautiously, as reaching
 * the whole store.
 */
final class StoreLeftAlone {

    private final Duration interval;
    private final Clock clock;
    private volatile long untilNanos;
    private volatile boolean leftAlone;

    StoreLeftAlone(Duration interval, Clock clock) {
        this.interval = Objects.requireNonNull(interval, "interval");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    void failed(RuntimeException failure) {
        if (!(failure instanceof StoreFailure known) || known.reach() == StoreFailure.Reach.STORE) {
            untilNanos = clock.nanoTime() + interval.toNanos();
            leftAlone = true;
        }
    }

    boolean now() {
        if (!leftAlone) {
            return false;
        }
        if (clock.nanoTime() - untilNanos < 0) {
            return true;
        }
        leftAlone = false;
        return false;
    }
}
