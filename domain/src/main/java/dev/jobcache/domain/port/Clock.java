package dev.jobcache.domain.port;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The one source of time. Wall time for timestamps and entry ages, monotonic nanos for latencies and timeouts.
 * Tests move time with a fake instead of sleeping. Wall time has microsecond precision at most.
 */
public interface Clock {

    Instant now();

    /** A monotonic reading in nanoseconds, meaningful only as a difference between two readings. */
    long nanoTime();

    static Clock system() {
        return SystemClock.INSTANCE;
    }

    /** The real clock; the only code allowed to read the system's time. */
    enum SystemClock implements Clock {
        INSTANCE;

        /** Truncated to microseconds: the precision databases keep, so a saved job reads back equal. */
        @Override
        public Instant now() {
            return Instant.now().truncatedTo(ChronoUnit.MICROS);
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    }
}
