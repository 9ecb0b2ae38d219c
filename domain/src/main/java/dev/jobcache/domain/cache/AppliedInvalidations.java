package dev.jobcache.domain.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which invalidations a near-cache has applied, per publishing instance, so that it can tell whether its copies
 * reflect what a {@link ConsistencyToken} names. Each instance numbers what it publishes, so an origin is applied
 * up to the highest number below which nothing is missing.
 *
 * <p>A number can be missing for a while (two writes of one instance published in the other order) or for good (a
 * message lost, or a publish that failed after its number was taken). A missing number is taken as applied when no
 * copy it concerns can be left: once the near-cache was emptied after the gap showed, or once a copy's maximum age
 * has passed since it showed. Both hold because an instance takes a number only after its invalidation reached the
 * shared store, so that invalidation is in the shared store before any later number of the instance arrives, and
 * every copy made from then on reflects it. For the same reason the first number heard from an origin counts for
 * all below it: a near-cache serves only while subscribed, so it heard every earlier one it could have needed, or
 * was emptied since.
 *
 * <p>Time is handed in by the caller (the near-cache's clock): wall time for a mark's age, monotonic nanos for a
 * gap's. Thread-safe; a token without marks is answered without taking the lock.
 */
public final class AppliedInvalidations {

    /** Numbers held above a gap at most; past this the gap is taken as applied rather than held without bound. */
    static final int MAX_HELD = 1024;

    private final Duration copyMaxAge;
    private final Duration markLifetime;
    private final Map<String, Origin> origins = new HashMap<>();

    /** @param copyMaxAge the longest a near-cache copy lives */
    public AppliedInvalidations(Duration copyMaxAge) {
        this.copyMaxAge = Objects.requireNonNull(copyMaxAge, "copyMaxAge");
        this.markLifetime = ConsistencyToken.markLifetime(copyMaxAge);
    }

    /** The invalidation has been applied, at {@code nowNanos}: the copies it concerns are gone. */
    public synchronized void applied(InvalidationStamp stamp, long nowNanos) {
        Origin origin = origins.get(stamp.origin());
        if (origin == null) {
            origins.put(stamp.origin(), new Origin(stamp.sequence()));
        } else {
            origin.applied(stamp.sequence(), nowNanos);
        }
    }

    /** The near-cache was emptied: no copy from before now is left, so every number missing so far is applied. */
    public synchronized void emptied() {
        origins.values().forEach(Origin::closeGaps);
    }

    /**
     * Whether every mark of {@code token} is applied here, or old enough at {@code now} that no copy it concerns can be
     * left.
     */
    public boolean reflects(ConsistencyToken token, Instant now, long nowNanos) {
        if (token.isEmpty()) {
            return true;
        }
        Instant horizon = now.minus(markLifetime);
        synchronized (this) {
            for (ConsistencyToken.Mark mark : token.marks()) {
                if (mark.issuedAt().isBefore(horizon)) {
                    continue;
                }
                Origin origin = origins.get(mark.origin());
                if (origin == null || origin.appliedThrough(nowNanos, copyMaxAge.toNanos()) < mark.sequence()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One origin's numbers: all up to {@code through}, and those held above it with when each arrived. */
    private static final class Origin {

        private long through;
        private final TreeMap<Long, Long> held = new TreeMap<>();

        Origin(long first) {
            this.through = first;
        }

        void applied(long sequence, long nowNanos) {
            if (sequence <= through) {
                return;
            }
            held.putIfAbsent(sequence, nowNanos);
            absorb();
            if (held.size() > MAX_HELD) {
                closeGaps();
            }
        }

        /** Applied through, once gaps that showed a copy's maximum age ago are taken as applied. */
        long appliedThrough(long nowNanos, long copyMaxAgeNanos) {
            while (!held.isEmpty() && nowNanos - firstArrival() >= copyMaxAgeNanos) {
                // the lowest gap showed when the first number above it arrived
                through = held.firstKey();
                held.pollFirstEntry();
                absorb();
            }
            return through;
        }

        void closeGaps() {
            if (!held.isEmpty()) {
                through = held.lastKey();
                held.clear();
            }
        }

        private void absorb() {
            while (!held.isEmpty() && held.firstKey() == through + 1) {
                through = held.pollFirstEntry().getKey();
            }
        }

        private long firstArrival() {
            long first = Long.MAX_VALUE;
            for (long arrival : held.values()) {
                first = Math.min(first, arrival);
            }
            return first;
        }
    }
}
