package dev.jobcache.application.cache;

import dev.jobcache.domain.port.Clock;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps any one owner of entries (a user, or everyone's public entries) from taking more than its share of the
 * cache, so that one client minting many large entries cannot push every other user's entries out.
 *
 * <p>It counts, per owner, the bytes of the entries this instance stored that may still be held: an entry lives at
 * most its TTL plus its stale grace, so its bytes stop counting then. Entries deleted earlier (an invalidation, an
 * eviction) still count until that time, so the bound is conservative and holds whatever the store does, Redis
 * included, without asking it. It is per instance: with several instances on one Redis an owner may hold up to that
 * many shares there.
 */
public final class CacheShares {

    /** No bound at all: every entry is admitted. */
    public static final CacheShares UNBOUNDED = new CacheShares(Long.MAX_VALUE, Clock.system());

    private final long maxBytesPerOwner;
    private final Clock clock;
    private final Map<String, Owner> owners = new ConcurrentHashMap<>();

    public CacheShares(long maxBytesPerOwner, Clock clock) {
        if (maxBytesPerOwner < 1) {
            throw new IllegalArgumentException("a share is at least one byte");
        }
        this.maxBytesPerOwner = maxBytesPerOwner;
        this.clock = clock;
    }

    public long maxBytesPerOwner() {
        return maxBytesPerOwner;
    }

    /**
     * Counts an entry of {@code bytes} that may live {@code lifetime} against its owner, when it fits in the share.
     *
     * @return false, counting nothing, when the owner's entries would exceed its share
     */
    public boolean admit(String owner, long bytes, Duration lifetime) {
        if (maxBytesPerOwner == Long.MAX_VALUE) {
            return true;
        }
        if (bytes > maxBytesPerOwner) {
            return false;
        }
        long nowSecond = clock.nanoTime() / 1_000_000_000L;
        long untilSecond = nowSecond + Math.max(1, lifetime.toSeconds() + 1);
        boolean[] admitted = new boolean[1];
        // atomic per owner; an owner whose entries all ended is dropped, so the map holds only owners with live ones
        owners.compute(owner, (name, counted) -> {
            Owner live = counted == null ? new Owner() : counted;
            live.forgetBefore(nowSecond);
            if (live.total + bytes <= maxBytesPerOwner) {
                live.add(untilSecond, bytes);
                admitted[0] = true;
            }
            return live.total == 0 ? null : live;
        });
        return admitted[0];
    }

    /** The bytes counted against an owner now. */
    public long bytesOf(String owner) {
        long[] bytes = new long[1];
        owners.computeIfPresent(owner, (name, counted) -> {
            counted.forgetBefore(clock.nanoTime() / 1_000_000_000L);
            bytes[0] = counted.total;
            return counted.total == 0 ? null : counted;
        });
        return bytes[0];
    }

    /**
     * Bytes by the second their entries end at the latest: at most one element per second of the longest TTL. Only
     * touched inside the map's compute for its owner.
     */
    private static final class Owner {

        private final TreeMap<Long, Long> bytesUntil = new TreeMap<>();
        private long total;

        void add(long untilSecond, long bytes) {
            bytesUntil.merge(untilSecond, bytes, Long::sum);
            total += bytes;
        }

        void forgetBefore(long nowSecond) {
            while (!bytesUntil.isEmpty() && bytesUntil.firstKey() <= nowSecond) {
                total -= bytesUntil.pollFirstEntry().getValue();
            }
        }
    }
}
