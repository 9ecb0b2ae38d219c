package dev.jobcache.adapters.caffeine;

import com.github.benmanes.caffeine.cache.Expiry;
import dev.jobcache.domain.cache.CacheKey;

import java.time.Duration;

/**
 * Expires each entry after its own retention (TTL plus stale grace), counted from its latest put. Reads do not
 * extend it: an entry that is read often must still be refreshed from the origin on time.
 */
final class EntryExpiry implements Expiry<CacheKey, TaggedResponse> {

    // Caffeine's own ceiling (about 146 years): longer means "never" and must not overflow its timer arithmetic
    private static final long MAX_NANOS = Long.MAX_VALUE >> 1;

    @Override
    public long expireAfterCreate(CacheKey key, TaggedResponse value, long currentTime) {
        return nanosOf(value.response().retention());
    }

    @Override
    public long expireAfterUpdate(CacheKey key, TaggedResponse value, long currentTime, long currentDuration) {
        return nanosOf(value.response().retention());
    }

    @Override
    public long expireAfterRead(CacheKey key, TaggedResponse value, long currentTime, long currentDuration) {
        return currentDuration;
    }

    static long nanosOf(Duration retention) {
        if (retention.isNegative()) {
            return 0;
        }
        return retention.compareTo(Duration.ofNanos(MAX_NANOS)) > 0 ? MAX_NANOS : retention.toNanos();
    }
}
