package dev.jobcache.testkit.fake;

import dev.jobcache.domain.port.Clock;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A {@link Clock} that only moves when a test moves it. Wall time and monotonic nanos advance together, so code
 * that measures retention with {@link #nanoTime()} and code that stamps entries with {@link #now()} agree. Thread-safe.
 */
public final class MutableClock implements Clock {

    /** Where every new clock starts unless told otherwise, so fixtures can use the same instant. */
    public static final Instant DEFAULT_START = Instant.parse("2025-01-01T00:00:00Z");

    // not zero, so code that treats a zero reading as "never" is caught
    private static final long FIRST_NANO_READING = 1_000_000_000_000L;

    private Instant now;
    private long nanos = FIRST_NANO_READING;

    public MutableClock() {
        this(DEFAULT_START);
    }

    public MutableClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    /** Moves wall time and monotonic time forward by {@code duration}. */
    public synchronized void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward; use set(Instant) to move wall time back");
        }
        now = now.plus(duration);
        nanos += duration.toNanos();
    }

    /**
     * Sets wall time. Monotonic time follows when wall time moves forward and stays put when it moves back, the way
     * a real clock behaves when NTP steps the wall clock.
     */
    public synchronized void set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        if (instant.isAfter(now)) {
            nanos += Duration.between(now, instant).toNanos();
        }
        now = instant;
    }

    @Override
    public synchronized String toString() {
        return "MutableClock[" + now + "]";
    }
}
