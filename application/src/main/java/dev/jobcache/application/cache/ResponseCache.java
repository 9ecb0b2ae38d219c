package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.Freshness;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.cache.TagDerivation;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The response cache's decisions. For each request, before any resource runs, {@link #lookup} decides: bypass,
 * hit (possibly 304, possibly stale within grace while another request reloads), or miss. A miss carries a
 * {@link Load}: the caller runs the origin and hands its response to {@link #complete}, which stores it when the
 * rules of RFC 9111 for a shared cache and the route's policy allow, unless an invalidation ran meanwhile (the
 * store's conditional put refuses it: see {@link CacheStore#putIfUnchanged}).
 *
 * <p>Its parts: {@link PreparedLookup} (policy, directives, bypass or key), {@link StorageRules} (what RFC 9111
 * lets a shared cache answer and store), {@link SingleFlight} (one load per key) and {@link LoadFollowing} (what
 * the others do meanwhile),
 * {@link EntryEncoder} (the stored form), {@link LookupRecorder} (one metric and, if asked, one log line per
 * request), {@link RefreshAhead}, {@link CacheShares} and {@link Demand}. This class decides and coordinates.
 *
 * <p>The store is expected to be fail-open (wrapped in {@link FailOpenCacheStore}): a failing backend reads as a miss.
 * Thread-safe.
 */
public final class ResponseCache {

    /** The owner of public entries, which any caller may fill. */
    static final String PUBLIC_OWNER = "public";

    private final CacheStore store;
    private final RoutePolicies policies;
    private final SingleFlight flights;
    private final LoadFollowing following;
    private final Clock clock;
    private final CacheSettings settings;
    private final EntryEncoder encoder;
    private final LookupRecorder recorder;
    private final RefreshAhead refreshAhead;
    private final CacheShares shares;
    private final Demand demand;
    private final CacheStatistics statistics = new CacheStatistics();
    private final boolean wholeStoreLocal;
    // loads that reached the store so far, stored or declined: a lookup that leads after its read looks again only if
    // this moved meanwhile. A declined put counts too: on a shared store, another instance's first store of the key can
    // be what declined it (a store creates the counters its entry records), and a request that read before that store
    // would otherwise load the key once more instead of reading what the other instance stored
    private final AtomicLong storesAttempted = new AtomicLong();

    public ResponseCache(CacheStore store, RoutePolicies policies, CacheMetrics metrics,
                         Clock clock, CacheSettings settings) {
        this(store, policies, metrics, clock, settings, RefreshAhead.NONE);
    }

    /** @param refreshAhead reloads hot entries before they expire; {@link RefreshAhead#NONE} for none */
    public ResponseCache(CacheStore store, RoutePolicies policies, CacheMetrics metrics,
                         Clock clock, CacheSettings settings, RefreshAhead refreshAhead) {
        this(store, policies, metrics, clock, settings, refreshAhead, CacheShares.UNBOUNDED);
    }

    /**
     * @param refreshAhead reloads hot entries before they expire; {@link RefreshAhead#NONE} for none
     * @param shares       how much of the cache one owner's entries may take
     */
    public ResponseCache(CacheStore store, RoutePolicies policies, CacheMetrics metrics,
                         Clock clock, CacheSettings settings, RefreshAhead refreshAhead, CacheShares shares) {
        this(store, policies, metrics, clock, settings, refreshAhead, shares, Demand.NONE);
    }

    /**
     * @param refreshAhead reloads hot entries before they expire; {@link RefreshAhead#NONE} for none
     * @param shares       how much of the cache one owner's entries may take
     * @param demand       told of every client request, for warming; {@link Demand#NONE} when no warming needs it
     */
    public ResponseCache(CacheStore store, RoutePolicies policies, CacheMetrics metrics, Clock clock,
                         CacheSettings settings, RefreshAhead refreshAhead, CacheShares shares, Demand demand) {
        this.demand = Objects.requireNonNull(demand, "demand");
        this.shares = Objects.requireNonNull(shares, "shares");
        this.store = Objects.requireNonNull(store, "store");
        this.policies = Objects.requireNonNull(policies, "policies");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.encoder = new EntryEncoder(settings, clock);
        this.recorder = new LookupRecorder(metrics, settings, clock);
        this.flights = new SingleFlight(settings.singleFlightWait());
        this.following = new LoadFollowing(flights, clock);
        this.refreshAhead = Objects.requireNonNull(refreshAhead, "refreshAhead");
        this.wholeStoreLocal = store.residence() == CacheStore.Residence.IN_PROCESS;
    }

    /**
     * What a thread that must never block may ask of this cache: hits held in process when the store holds any,
     * else asynchronous reads when the store has them, else nothing; nothing at all when every operation is logged,
     * since writing the log line is I/O too.
     */
    public NonBlockingReads nonBlockingReads() {
        if (settings.logOperations()) {
            return NonBlockingReads.NONE;
        }
        if (store.residence() != CacheStore.Residence.REMOTE) {
            return NonBlockingReads.LOCAL;
        }
        return store.readsAsynchronously() ? NonBlockingReads.ASYNCHRONOUS : NonBlockingReads.NONE;
    }

    public RoutePolicies policies() {
        return policies;
    }

    /** Bytes stored before and after encoding, since start. */
    public CacheStatistics statistics() {
        return statistics;
    }

    /**
     * Works out the route's policy, the client's directives and the key of a request, once: hand the result to
     * {@link #localHit}, {@link #asyncHit} and {@link #lookup(PreparedLookup)} rather than the request to each.
     */
    public PreparedLookup prepare(CacheableRequest request) {
        return PreparedLookup.of(request, policies, clock.nanoTime());
    }

    /** Decides what to do with a request. Never throws for a store failure. */
    public CacheDecision lookup(CacheableRequest request) {
        return lookup(prepare(request));
    }

    /**
     * Decides what to do with a prepared request: bypass, hit (possibly 304, possibly stale within grace while
     * another request reloads), or miss. Starts from what {@link #localHit} or {@link #asyncHit} read, when that read
     * answered for the whole store, instead of reading again. May block (a store read, waiting for another
     * request's load). Never throws for a store failure.
     */
    public CacheDecision lookup(PreparedLookup prepared) {
        long started = prepared.startedNanos();
        CacheableRequest request = prepared.request();
        CachePolicy policy = prepared.policy();
        heard(request, policy, prepared.key());
        if (prepared.bypassed()) {
            recorder.record(policy, null, CacheOutcome.BYPASS, started);
            return new CacheDecision.Bypass(policy, prepared.bypass().get());
        }
        CacheKey key = prepared.key();
        // tags are derived only on a miss: a hit does not need them, and a request whose tags cannot be derived
        // has no entry to hit (same key, same path and caller, same tags), so deferring changes no answer
        Untagged untagged = (flight, storable, staleFallback) ->
                missOrBypass(prepared.match(), prepared.userId(), key, flight, storable, staleFallback, started);

        if (request.isHead()) {
            // HEAD is answered from GET's entry but never fills it: its response has no body to store
            Optional<CachedResponse> found = prepared.foundNoEntryAtTheEdge() ? Optional.empty()
                    : store.get(key, request.after());
            return fresh(found).map(entry -> (CacheDecision) hit(request, policy, key, entry, false, started))
                    .orElseGet(() -> untagged.miss(null, false, null));
        }
        if (prepared.directives().noCache()) {
            return untagged.miss(flights.tryLead(key, clock.nanoTime()), true, null);
        }
        long storesBefore;
        Optional<CachedResponse> found;
        if (prepared.foundNoEntryAtTheEdge()) {
            found = Optional.empty();
            storesBefore = prepared.storesBeforeRead();
        } else {
            storesBefore = storesAttempted.get();
            found = store.get(key, request.after());
        }
        Instant now = clock.now();
        Freshness freshness = found.map(r -> r.freshnessAt(now)).orElse(Freshness.EXPIRED);
        if (freshness == Freshness.FRESH) {
            refreshAhead(policy, key, request, found.get(), now);
            return hit(request, policy, key, found.get(), false, started, now);
        }
        SingleFlight.Joined joined = flights.join(key, clock.nanoTime());
        if (joined.leads()) {
            // the previous leader may have landed between our read and our lead, having stored, or having found that
            // another instance stored first: look once more, but only if some load here reached the store since the
            // read began (a load elsewhere alone would at worst be loaded again)
            if (storesAttempted.get() != storesBefore) {
                Optional<CacheDecision> storedMeanwhile = fromStore(request, policy, key, started);
                if (storedMeanwhile.isPresent()) {
                    joined.flight().land();
                    return storedMeanwhile.get();
                }
            }
            return untagged.miss(joined.flight(), true, freshness == Freshness.STALE ? found.get() : null);
        }
        if (freshness == Freshness.STALE) {
            return hit(request, policy, key, found.get(), true, started);
        }
        recorder.waited(policy);
        return following.follow(joined.flight(), key, started, new LoadFollowing.Answers() {
            @Override
            public CacheDecision shared(CachedResponse response) {
                return hit(request, policy, key, response, false, started);
            }

            @Override
            public Optional<CacheDecision> fromStore() {
                return ResponseCache.this.fromStore(request, policy, key, started);
            }

            @Override
            public CacheDecision miss(SingleFlight.Flight flight) {
                return untagged.miss(flight, true, null);
            }
        });
    }

    /**
     * A fresh hit for the request, recorded as {@link #lookup} records one, or empty when only a full lookup can
     * decide (a bypass, a miss, a stale entry, a client's {@code no-cache}): then nothing is recorded and the caller
     * calls {@link #lookup}, so each request is counted once. Never leads a load and never waits for one.
     *
     * @param localOnly read only what the store holds in this process ({@link #localHit}); else read it whole
     */
    public Optional<CacheDecision.Hit> freshHit(CacheableRequest request, boolean localOnly) {
        PreparedLookup prepared = prepare(request);
        if (localOnly) {
            return localHit(prepared);
        }
        if (!prepared.mayHitFast()) {
            return Optional.empty();
        }
        return freshHitIn(prepared, store.get(prepared.key(), request.after()));
    }

    /**
     * A fresh hit the store holds in this process ({@link CacheStore#getLocal}), for a caller on a thread that must
     * not block; empty otherwise, with nothing recorded, and then the caller runs {@link #lookup(PreparedLookup)}
     * elsewhere. When the store holds everything in process and had no entry, that lookup starts from this read
     * rather than reading again; an entry found but not fresh is read again there, since an invalidation may have
     * removed it meanwhile. Nothing at all with {@link CacheSettings#logOperations()}, since writing the log line is I/O too.
     */
    public Optional<CacheDecision.Hit> localHit(PreparedLookup prepared) {
        if (settings.logOperations() || !prepared.mayHitFast()) {
            return Optional.empty();
        }
        long storesBefore = storesAttempted.get();
        // copies that do not show the client's own writes yet are not asked; the lookup reads past them
        Optional<CachedResponse> found = store.reflects(prepared.request().after())
                ? store.getLocal(prepared.key()) : Optional.empty();
        if (wholeStoreLocal && found.isEmpty()) {
            prepared.foundNoEntry(storesBefore);
        }
        return freshHitIn(prepared, found);
    }

    /**
     * {@link #localHit} for a store that {@link CacheStore#readsAsynchronously() reads asynchronously}: the stage
     * completes on the store's I/O thread with a fresh hit, or empty (then the caller runs
     * {@link #lookup(PreparedLookup)}, which starts from this read when it found no entry). Nothing here blocks;
     * never completes exceptionally, since the store fails open.
     */
    public CompletionStage<Optional<CacheDecision.Hit>> asyncHit(PreparedLookup prepared) {
        if (settings.logOperations() || !prepared.mayHitFast()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        if (!store.reflects(prepared.request().after())) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        long storesBefore = storesAttempted.get();
        return store.getAsync(prepared.key()).thenApply(found -> {
            if (found.isEmpty()) {
                prepared.foundNoEntry(storesBefore);
            }
            return freshHitIn(prepared, found);
        });
    }

    private Optional<CacheDecision.Hit> freshHitIn(PreparedLookup prepared, Optional<CachedResponse> found) {
        Instant now = clock.now();
        if (found.isEmpty() || found.get().freshnessAt(now) != Freshness.FRESH) {
            return Optional.empty();
        }
        CacheableRequest request = prepared.request();
        if (!request.isHead()) {
            refreshAhead(prepared.policy(), prepared.key(), request, found.get(), now);
        }
        heard(request, prepared.policy(), prepared.key());
        return Optional.of(hit(request, prepared.policy(), prepared.key(), found.get(), false,
                prepared.startedNanos(), now));
    }

    private void refreshAhead(CachePolicy policy, CacheKey key, CacheableRequest request, CachedResponse entry,
                              Instant now) {
        if (refreshAhead.offer(key, request, entry, now)) {
            recorder.refreshedAhead(policy);
        }
    }

    /** Tells the demand of a client's request, once: where a lookup is decided or a fast hit answered. */
    private void heard(CacheableRequest request, CachePolicy policy, CacheKey key) {
        if (!request.inProcess()) {
            demand.asked(request, policy, key);
        }
    }

    /**
     * The entry {@code request} would be answered from, fresh or not, read without counting a lookup and without
     * offering it for refresh; empty when the request bypasses the cache or nothing is stored. For warming, to tell
     * which entries are due for a load. May block (a store read).
     */
    public Optional<CachedResponse> peek(CacheableRequest request) {
        PreparedLookup prepared = prepare(request);
        return prepared.bypassed() ? Optional.empty() : store.get(prepared.key());
    }

    /** A miss whose tags are yet to be derived. */
    @FunctionalInterface
    private interface Untagged {
        CacheDecision miss(SingleFlight.Flight flight, boolean storable, CachedResponse staleFallback);
    }

    private CacheDecision missOrBypass(RoutePolicies.Match match, Optional<String> userId, CacheKey key,
                                       SingleFlight.Flight flight, boolean storable, CachedResponse staleFallback,
                                       long started) {
        CachePolicy policy = match.policy();
        Set<Tag> tags = TagDerivation.forResponse(policy, match.pathParameters(), userId);
        Set<Tag> guardTags = TagDerivation.guardsFor(policy, match.pathParameters(), userId);
        if (tags.size() < policy.tagTemplates().size() || guardTags.size() < policy.guardTemplates().size()) {
            // an entry missing a tag would escape the invalidation that tag stands for, and a load missing a guard
            // could store what such an invalidation made stale: better not cached at all
            if (flight != null) {
                flight.land();
            }
            recorder.record(policy, key, CacheOutcome.BYPASS, started);
            return new CacheDecision.Bypass(policy, "untaggable");
        }
        Set<Tag> guards = tags;
        if (!guardTags.isEmpty()) {
            guards = new LinkedHashSet<>(tags);
            guards.addAll(guardTags);
        }
        String owner = policy.perUser() ? userId.orElseThrow() : PUBLIC_OWNER;
        return miss(policy, key, tags, guards, flight, storable, staleFallback, started, owner);
    }

    private Optional<CacheDecision> fromStore(CacheableRequest request, CachePolicy policy, CacheKey key, long started) {
        return fresh(store.get(key, request.after())).map(r -> hit(request, policy, key, r, false, started));
    }

    private Optional<CachedResponse> fresh(Optional<CachedResponse> found) {
        return found.filter(r -> r.freshnessAt(clock.now()) == Freshness.FRESH);
    }

    private CacheDecision.Hit hit(CacheableRequest request, CachePolicy policy, CacheKey key, CachedResponse response,
                                  boolean stale, long started) {
        return hit(request, policy, key, response, stale, started, clock.now());
    }

    private CacheDecision.Hit hit(CacheableRequest request, CachePolicy policy, CacheKey key, CachedResponse response,
                                  boolean stale, long started, Instant now) {
        recorder.record(policy, key, stale ? CacheOutcome.STALE : CacheOutcome.HIT, started);
        boolean notModified = EntityTags.matches(request.ifNoneMatch(), response.etag());
        return new CacheDecision.Hit(policy, key, response, stale, notModified, response.ageSecondsAt(now),
                clock.nanoTime() - started);
    }

    private CacheDecision miss(CachePolicy policy, CacheKey key, Set<Tag> tags, Set<Tag> guards,
                               SingleFlight.Flight flight, boolean storable, CachedResponse staleFallback, long started,
                               String owner) {
        // read before the origin call: a store that saw an invalidation since will refuse this load's put
        long generation = store.generation(key, guards);
        return new CacheDecision.Miss(policy,
                new Load(policy, key, tags, guards, generation, flight, storable, staleFallback, started, owner),
                clock.nanoTime() - started);
    }

    /**
     * Hands the origin's response to the cache: stored when allowed and no invalidation touched the key or its tags
     * since the load began. Releases requests waiting on the same key. Call once per miss; later calls do nothing.
     *
     * @return the entry as stored, to serve exactly as a later hit would, or why it was not stored
     */
    public CacheDecision.Completion complete(Load load, OriginResponse origin) {
        if (!load.claim()) {
            return new CacheDecision.Completion(Optional.empty(), "already-completed");
        }
        CachedResponse loaded = null;
        boolean stored = false;
        long storeBegan = 0;
        try {
            recorder.record(load.policy(), load.key(), CacheOutcome.MISS, load.startedNanos());
            Optional<String> refusal = load.storable()
                    ? StorageRules.refusal(load.policy(), origin, settings.maxEntryBytes())
                    : Optional.of("not-storable-request");
            if (refusal.isPresent()) {
                return new CacheDecision.Completion(Optional.empty(), refusal.get());
            }
            Optional<Set<Tag>> declared = DeclaredTags.of(origin);
            if (declared.isEmpty() || (!declared.get().isEmpty() && !load.policy().guarded())) {
                // what the response depends on cannot be told, or no guard covers the load of its own tags
                return new CacheDecision.Completion(Optional.empty(), "declared-tags");
            }
            CachedResponse entry = encoder.encode(load.policy(), origin);
            loaded = entry;
            if (!shares.admit(load.owner(), entry.weightInBytes(), load.policy().ttl().plus(load.policy().staleGrace()))) {
                // served, not stored: this owner's entries already take its whole share of the cache
                statistics.countRefusedOverShare();
                return new CacheDecision.Completion(Optional.empty(), "owner-share");
            }
            storeBegan = clock.nanoTime();
            boolean accepted = put(load, entry, declared.get());
            // before the flight lands: a request that read before this store and leads next must look again
            storesAttempted.incrementAndGet();
            if (!accepted) {
                // an invalidation ran during the origin call (what we loaded may predate it), another instance stored
                // the key first, or the store failed
                return new CacheDecision.Completion(Optional.empty(), "store-declined");
            }
            stored = true;
            recorder.stored(load.policy());
            statistics.stored(origin.body().length, entry.body().length);
            return new CacheDecision.Completion(Optional.of(entry), "");
        } finally {
            if (loaded != null) {
                load.land(loaded, stored, storeBegan);
            } else {
                load.land();
            }
        }
    }

    /**
     * Stores a loaded entry under its route's tags and those it named itself; a guarded route's load is checked
     * against its guards, since the named tags were not known when the load began.
     */
    private boolean put(Load load, CachedResponse entry, Set<Tag> declared) {
        if (!load.policy().guarded()) {
            return store.putIfUnchanged(load.key(), entry, load.tags(), load.generation());
        }
        Set<Tag> tags = new LinkedHashSet<>(load.tags());
        tags.addAll(declared);
        return store.putIfUnchanged(load.key(), entry, tags, load.guards(), load.generation());
    }

    /** Ends a miss whose origin produced nothing to store (an exception, a HEAD). Idempotent. */
    public void abandon(Load load) {
        if (load.claim()) {
            recorder.record(load.policy(), load.key(), CacheOutcome.MISS, load.startedNanos());
            load.land();
        }
    }

}
