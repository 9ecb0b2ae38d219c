package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.port.Clock;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * The last invalidations this instance made, newest first, for operators asking "why did my hit ratio drop".
 * Bounded: once full, each new event pushes out the oldest. Thread-safe; recording takes a short lock, which is
 * fine off the read path (invalidations follow writes, not reads).
 */
public final class InvalidationHistory {

    public static final int DEFAULT_CAPACITY = 100;

    private final int capacity;
    private final Clock clock;
    private final Deque<Event> events;

    public InvalidationHistory(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity is at least 1");
        }
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = new ArrayDeque<>(capacity);
    }

    /** Notes that {@code invalidation} removed {@code removed} entries, stamped with the clock's time. */
    public void record(Invalidation invalidation, long removed) {
        Event event = new Event(clock.now(), invalidation, removed);
        synchronized (events) {
            if (events.size() == capacity) {
                events.removeLast();
            }
            events.addFirst(event);
        }
    }

    /** The recorded events, newest first. */
    public List<Event> recent() {
        synchronized (events) {
            return List.copyOf(new ArrayList<>(events));
        }
    }

    public int capacity() {
        return capacity;
    }

    /** One invalidation: when, what it asked for, and how many entries the store said it removed. */
    public record Event(Instant at, Invalidation invalidation, long removed) {

        public Event {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(invalidation, "invalidation");
        }
    }
}
