package dev.jobcache.adapters.caffeine;

import com.github.benmanes.caffeine.cache.Expiry;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.port.Clock;

import java.time.Duration;
import java.util.Objects;

/**
 * Expires a near-cache copy after {@link #lifetime}: never later than the L1 maximum age, which bounds how long a
 * copy can outlive an invalidation whose message was lost, and never later than the L2 entry it copies. The L2 counts
 * retention from its own put, which is not known here; the response's {@code storedAt} is no later than that put, so
 * counting from it errs on the short side. Reads do not extend a copy's life.
 */
final class NearEntryExpiry implements Expiry<CacheKey, TaggedResponse> {

    private final Clock clock;
    private final Duration maxAge;

    NearEntryExpiry(Clock clock, Duration maxAge) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    }

    /** How long a copy of {@code response} taken now may live; zero or negative when it must not be copied. */
    Duration lifetime(CachedResponse response) {
        Duration retention = response.retention();
        Duration remaining = Duration.between(clock.now(), response.storedAt().plus(retention));
        // a storedAt ahead of this instance's clock (another instance's clock runs fast) must not stretch retention
        return min(maxAge, min(retention, remaining));
    }

    @Override
    public long expireAfterCreate(CacheKey key, TaggedResponse value, long currentTime) {
        return EntryExpiry.nanosOf(lifetime(value.response()));
    }

    @Override
    public long expireAfterUpdate(CacheKey key, TaggedResponse value, long currentTime, long currentDuration) {
        return EntryExpiry.nanosOf(lifetime(value.response()));
    }

    @Override
    public long expireAfterRead(CacheKey key, TaggedResponse value, long currentTime, long currentDuration) {
        return currentDuration;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
