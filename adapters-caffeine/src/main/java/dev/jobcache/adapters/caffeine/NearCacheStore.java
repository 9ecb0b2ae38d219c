package dev.jobcache.adapters.caffeine;

import dev.jobcache.domain.cache.TagPrefix;
import dev.jobcache.domain.cache.TagPage;
import dev.jobcache.domain.cache.AppliedInvalidations;
import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CacheKeys;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.ConsistencyToken;
import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.cache.KeyPage;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.domain.port.InvalidationBus;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A two-tier {@link CacheStore}: an in-process Caffeine L1 in front of a shared L2 (Redis in production), kept
 * coherent across instances through an {@link InvalidationBus}. Hot reads are answered from the L1 without touching
 * the L2; everything else, and every write, goes to the L2, which stays the truth ({@link #generation},
 * {@link #scanKeys} and {@link #usage} are the L2's).
 *
 * <p><b>Coherence.</b> An invalidation made through this store removes from the L2 first, then drops the matching L1
 * copies, so it is visible on this instance when it returns. The application then publishes it on the bus, and every
 * instance, this one included, drops its matching copies when the message arrives (idempotent). A message that is
 * lost without the bus noticing leaves a copy for at most the L1 maximum age; when the bus reports lost contact, the
 * L1 is emptied and neither serves nor fills until contact is restored. An L1 copy never outlives the L1 maximum age
 * nor the retention of the L2 entry it copies (see {@link NearEntryExpiry}).
 *
 * <p><b>Read-your-writes.</b> Until a message arrives, another instance's write is not reflected here. A read that
 * carries a {@link ConsistencyToken} is answered from the L1 only once the L1 has applied every invalidation the
 * token names ({@link AppliedInvalidations}, fed by the bus's numbered messages), and from the L2 otherwise, which has
 * every acknowledged write's invalidation.
 *
 * <p><b>The fill race.</b> A read that misses the L1 reads the L2 and copies the answer into the L1. An invalidation
 * that runs between the L2 read and the copy finds nothing to drop in the L1, and the copy would then bring the old
 * response back for the L1's lifetime. The L1's generation counters close that race as the stores' conditional put
 * closes the stale-set race: every invalidation (local or from the bus) moves them before it drops copies, a fill
 * reads them before it reads the L2, and it copies only if they have not moved, checking again after the copy and
 * taking it back if they have.
 *
 * <p><b>Tags of read copies.</b> {@link CacheStore#get} does not return an entry's tags, so a copy filled from a read
 * is indexed under {@link #UNKNOWN_TAGS}, which every tag invalidation includes: such a copy is dropped by any tag
 * invalidation, not only by one of its own tags. That costs hits on a busy write path, never correctness. Copies
 * made by this instance's puts carry their real tags.
 *
 * <p>Failures of the L2 propagate (the application wraps every store in a fail-open decorator); an L1 hit never
 * touches the L2, so it is answered while the L2 is down. L1 hits and misses are recorded as {@link CacheOutcome#HIT}
 * and {@link CacheOutcome#MISS} for tier {@value #TIER}, by the route their key names, and L1 evictions for room as {@link CacheOutcome#EVICTION};
 * a failing {@link CacheMetrics} is ignored. Thread-safe. {@link #close()} ends the subscription and the L1.
 */
public final class NearCacheStore implements CacheStore, AutoCloseable {

    static final String TIER = "l1";
    private static final CacheTier L1 = CacheTier.of(TIER);

    /** Stands for the tags of a copy filled from a read of the L2, which does not say which tags the entry has. */
    static final Tag UNKNOWN_TAGS = Tag.of("near-cache.tags-unknown");

    private static final Set<Tag> ONLY_UNKNOWN_TAGS = Set.of(UNKNOWN_TAGS);

    private final CacheStore l2;
    private final CaffeineCacheStore l1;
    private final NearEntryExpiry expiry;
    private final CacheMetrics metrics;
    private final InvalidationBus.Subscription subscription;
    // which invalidations of each instance the L1 has applied, for reads that carry a consistency token
    private final AppliedInvalidations applied;
    private final Clock clock;
    private volatile boolean inContact = true;
    private volatile boolean closed;

    /**
     * Subscribes to {@code bus} at once; {@link #close()} ends the subscription.
     *
     * @param l2         the shared store, the truth; its failures propagate
     * @param bus        where invalidations from every instance arrive
     * @param l1MaxBytes how many bytes of copies the L1 keeps, weighed like {@link CaffeineCacheStore} weighs entries
     * @param l1MaxAge   how long a copy lives at most: the bound on staleness when an invalidation message is lost
     * @param clock      the time L1 expiry runs on
     * @param metrics    where L1 hits, misses and evictions are recorded
     */
    public NearCacheStore(CacheStore l2, InvalidationBus bus, long l1MaxBytes, Duration l1MaxAge, Clock clock,
                          CacheMetrics metrics) {
        this.l2 = Objects.requireNonNull(l2, "l2");
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(l1MaxAge, "l1MaxAge");
        if (!isPositive(l1MaxAge)) {
            throw new IllegalArgumentException("l1MaxAge must be positive, was " + l1MaxAge);
        }
        // recorded on the hit path and inside Caffeine's listeners, where a throwing counter would fail a read or be
        // logged by Caffeine on every eviction: guarded here too, as users may hand it any implementation
        this.metrics = CacheMetrics.guarded(Objects.requireNonNull(metrics, "metrics"), ignored -> { });
        this.expiry = new NearEntryExpiry(clock, l1MaxAge);
        this.l1 = new CaffeineCacheStore(l1MaxBytes, clock, this.metrics, expiry, TIER);
        this.applied = new AppliedInvalidations(l1MaxAge);
        this.clock = Objects.requireNonNull(clock, "clock");
        // last: the bus may call the listener before subscribe returns (a subscription made out of contact hears
        // contactLost at once), and the listener needs the L1
        this.subscription = bus.subscribe(new BusListener());
    }

    @Override
    public Optional<CachedResponse> get(CacheKey key) {
        return read(key, true);
    }

    /**
     * From the L2 when the L1 has not applied every invalidation {@code after} names (recorded as an L1
     * {@link CacheOutcome#BYPASS}); the answer may still be copied into the L1, into an empty slot only, as any read's.
     */
    @Override
    public Optional<CachedResponse> get(CacheKey key, ConsistencyToken after) {
        return read(key, l1Reflects(after));
    }

    /** True also out of contact, when the L1 answers nothing at all. */
    @Override
    public boolean reflects(ConsistencyToken token) {
        return !servesFromL1() || l1Reflects(token);
    }

    private boolean l1Reflects(ConsistencyToken token) {
        return token.isEmpty() || applied.reflects(token, clock.now(), clock.nanoTime());
    }

    private Optional<CachedResponse> read(CacheKey key, boolean l1Reflects) {
        boolean serves = servesFromL1();
        if (serves && l1Reflects) {
            Optional<CachedResponse> copy = l1.get(key);
            if (copy.isPresent()) {
                record(key, CacheOutcome.HIT);
                return copy;
            }
        }
        record(key, serves && !l1Reflects ? CacheOutcome.BYPASS : CacheOutcome.MISS);
        // before the L2 read: an invalidation that begins while the L2 answers moves it, and the fill gives up
        long generation = l1.generation(key, ONLY_UNKNOWN_TAGS);
        Optional<CachedResponse> found = l2.get(key);
        found.ifPresent(response -> fillFromRead(key, response, generation));
        return found;
    }

    /** An L1 copy, when the L1 serves (in contact with the bus); the L2 is never asked. */
    @Override
    public Optional<CachedResponse> getLocal(CacheKey key) {
        if (!servesFromL1()) {
            return Optional.empty();
        }
        Optional<CachedResponse> copy = l1.get(key);
        if (copy.isPresent()) {
            record(key, CacheOutcome.HIT);
        }
        return copy;
    }

    @Override
    public Residence residence() {
        return Residence.NEAR;
    }

    @Override
    public void put(CacheKey key, CachedResponse response, Set<Tag> tags) {
        long generation = l1.generation(key, tags);
        l2.put(key, response, tags);
        copyAfterWrite(key, response, tags, generation);
    }

    /** The L2's generation: the one that every instance's invalidations move. */
    @Override
    public long generation(CacheKey key, Set<Tag> tags) {
        return l2.generation(key, tags);
    }

    @Override
    public boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, long generation) {
        return putIfUnchanged(key, response, tags, tags, generation);
    }

    /** The L2 checks the guards; the L1 copy is guarded by its own generations of the tags, as any put's. */
    @Override
    public boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, Set<Tag> guards,
                                  long generation) {
        long local = l1.generation(key, tags);
        if (!l2.putIfUnchanged(key, response, tags, guards, generation)) {
            return false;
        }
        copyAfterWrite(key, response, tags, local);
        return true;
    }

    /**
     * The L2 first, then the L1: the other order would let a read between the two copy the old L2 entry into the L1
     * after its copy was dropped. The L1 copy is dropped even when the L2 fails, since the write that caused the
     * invalidation has happened either way.
     */
    @Override
    public boolean invalidate(CacheKey key) {
        try {
            return l2.invalidate(key);
        } finally {
            l1.invalidate(key);
        }
    }

    @Override
    public long invalidateTags(Set<Tag> tags) {
        try {
            return l2.invalidateTags(tags);
        } finally {
            dropTagged(tags);
        }
    }

    @Override
    public long clear() {
        try {
            return l2.clear();
        } finally {
            l1.clear();
        }
    }

    @Override
    public KeyPage scanKeys(KeyPattern pattern, Optional<String> cursor, int limit) {
        return l2.scanKeys(pattern, cursor, limit);
    }

    @Override
    public TagPage scanTags(TagPrefix prefix, Optional<String> cursor, int limit) {
        return l2.scanTags(prefix, cursor, limit);
    }

    @Override
    public StoreUsage usage() {
        return l2.usage();
    }

    /** The L2's health, with the L1's figures and the bus's state among the details. */
    @Override
    public StoreHealth health() {
        StoreHealth shared = l2.health();
        StoreUsage local = l1.usage();
        Map<String, String> details = new LinkedHashMap<>(shared.details());
        details.put("l1.entries", Long.toString(local.entries()));
        details.put("l1.bytes", Long.toString(local.bytes()));
        details.put("l1.maxBytes", Long.toString(local.maxBytes()));
        details.put("l1.evictions", Long.toString(local.evictions()));
        details.put("bus", servesFromL1() ? "connected" : "disconnected");
        return new StoreHealth(shared.backend(), shared.up(), shared.latency(), details);
    }

    /** Ends the subscription and empties the L1; reads and writes go to the L2 from now on. Idempotent. */
    @Override
    public void close() {
        closed = true;
        subscription.close();
        l1.clear();
    }

    /** The L1's usage, for tests that check its bound. */
    StoreUsage l1Usage() {
        return l1.usage();
    }

    private boolean servesFromL1() {
        return inContact && !closed;
    }

    /**
     * Into an empty slot only: a put that stored a newer response after this read saw the L2 must not be overwritten
     * by the older copy.
     */
    private void fillFromRead(CacheKey key, CachedResponse response, long generation) {
        if (servesFromL1() && isPositive(expiry.lifetime(response))) {
            l1.addIfUnchanged(key, response, ONLY_UNKNOWN_TAGS, generation);
        }
    }

    private void copyAfterWrite(CacheKey key, CachedResponse response, Set<Tag> tags, long generation) {
        boolean copied = servesFromL1()
                && isPositive(expiry.lifetime(response))
                && l1.putIfUnchanged(key, response, tags, generation);
        if (!copied) {
            // whatever the L1 holds under the key is older than what the L2 now holds
            l1.invalidate(key);
        }
    }

    /** Drops the copies with any of {@code tags}, and every copy whose tags are unknown, since it may have them. */
    private void dropTagged(Set<Tag> tags) {
        if (tags.isEmpty()) {
            return;
        }
        Set<Tag> withUnknown = new HashSet<>(tags);
        withUnknown.add(UNKNOWN_TAGS);
        l1.invalidateTags(withUnknown);
    }

    // Duration.isPositive() arrived after Java 17
    private static boolean isPositive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    /** By the key's route, so that an operator sees which routes the L1 answers. */
    private void record(CacheKey key, CacheOutcome outcome) {
        metrics.record(CacheEvent.of(CacheKeys.routeOf(key), L1, outcome, Duration.ZERO));
    }

    /** Runs on the bus's thread; each call moves the L1's generations before it drops copies (see the class). */
    private final class BusListener implements InvalidationBus.Listener {

        /** Counted as applied for consistency tokens only once its copies are dropped. */
        @Override
        public void onInvalidation(Invalidation invalidation) {
            if (invalidation.everything()) {
                l1.clear();
            } else {
                dropTagged(invalidation.tags());
                invalidation.keys().forEach(l1::invalidate);
            }
            invalidation.stamp().ifPresent(stamp -> applied.applied(stamp, clock.nanoTime()));
        }

        /**
         * The flag goes first: a fill that read its generation before the clear sees it moved, and one that reads it
         * after the clear sees the flag.
         */
        @Override
        public void contactLost() {
            inContact = false;
            l1.clear();
        }

        /**
         * Clears again before serving: a read that began out of contact may hold an L2 answer older than an
         * invalidation whose message was lost, and the clear moves the generations so that it is not copied.
         */
        @Override
        public void contactRestored() {
            l1.clear();
            // no copy from before the clear is left, so whatever was missed before it is reflected
            applied.emptied();
            inContact = true;
        }
    }
}
