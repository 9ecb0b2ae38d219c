package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.ConsistencyToken;
import dev.jobcache.domain.port.Clock;

import java.time.Duration;
import java.util.Objects;

/**
 * The consistency token a write hands its client: what the client carried, with this instance's last published
 * invalidation added. The write's own invalidations were published before it is answered, so the token names them;
 * any instance that reflects the token shows the write (see {@link ConsistencyToken}). Thread-safe.
 */
public final class ReadYourWrites {

    private final InvalidationNumbering numbering;
    private final Clock clock;
    private final Duration markLifetime;

    /** @param nearCacheMaxAge the longest a near-cache copy lives on any instance ({@code CACHE_L1_MAX_AGE_MS}) */
    public ReadYourWrites(InvalidationNumbering numbering, Clock clock, Duration nearCacheMaxAge) {
        this.numbering = Objects.requireNonNull(numbering, "numbering");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.markLifetime = ConsistencyToken.markLifetime(nearCacheMaxAge);
    }

    /** The token to answer a write with, given the one its request carried ({@link ConsistencyToken#NONE} if none). */
    public ConsistencyToken afterWrite(ConsistencyToken carried) {
        var now = clock.now();
        ConsistencyToken live = carried.liveAt(now, markLifetime);
        return numbering.last().map(published -> live.merge(ConsistencyToken.of(published, now))).orElse(live);
    }

    /** How long a token matters: a client may drop it (a cookie may expire) after this. */
    public Duration tokenLifetime() {
        return markLifetime;
    }
}
