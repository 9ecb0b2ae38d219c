package dev.jobcache.domain.port;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.ConsistencyToken;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.KeyPage;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.MalformedCursor;
import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.cache.TagPage;
import dev.jobcache.domain.cache.TagPrefix;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where cached responses live: in process, in Redis, or both.
 *
 * <p>Implementations are thread-safe. Arguments are never null. Every method may throw a {@link RuntimeException}
 * when the backend fails; callers treat that as a miss (reads) or as nothing done (writes), never as an error for
 * the client. A {@link dev.jobcache.domain.cache.StoreFailure} also says whether the failure reaches only that call
 * (a timeout the store's own circuit breaker judges) or the whole store (no connection). An entry is never returned
 * after {@link CachedResponse#retention()} has passed since it was put, nor after an invalidation that matched it
 * returned.
 */
public interface CacheStore {

    /** The entry under {@code key}, if present and not past its retention. May return a stale entry. */
    Optional<CachedResponse> get(CacheKey key);

    /**
     * The entry under {@code key} if this store holds a copy in this process that it can return without waiting on
     * I/O or on another thread; empty when it holds none, or cannot tell without waiting. Never an entry that
     * {@link #get} would not return at the same moment: the same retention and invalidation guarantees hold. It lets
     * a caller on a thread that must never block (an HTTP selector thread) answer hits itself and hand everything
     * else to a thread that may call {@link #get}. The default holds nothing locally (a store across the network).
     */
    default Optional<CachedResponse> getLocal(CacheKey key) {
        return Optional.empty();
    }

    /**
     * Whether every copy this store would answer from in this process reflects the invalidations {@code token} names,
     * so that {@link #get} and {@link #getLocal} show the client its own writes. A store that answers from the shared
     * truth only applies an invalidation before it returns, so the default is true; a near-cache answers false until
     * it has applied them. Never blocks.
     */
    default boolean reflects(ConsistencyToken token) {
        return true;
    }

    /**
     * What {@link #get} returns, except that a copy held in this process is answered only when it
     * {@link #reflects} {@code after}; otherwise the entry is read where it is the truth (a near-cache's shared
     * store). The default is {@link #get}, for stores that hold no copies.
     */
    default Optional<CachedResponse> get(CacheKey key, ConsistencyToken after) {
        return get(key);
    }

    /**
     * Where this store's entries are, so that the HTTP edge decides once, at wiring, what a thread that must never
     * block may ask of it. The default is {@link Residence#REMOTE}: nothing is held in this process.
     */
    default Residence residence() {
        return Residence.REMOTE;
    }

    /** Where a store's entries are held. */
    enum Residence {
        /** Every entry is in this process: {@link #getLocal} answers exactly what {@link #get} would. */
        IN_PROCESS,
        /** Copies of some entries are in this process (a near-cache): {@link #getLocal} may miss what {@link #get} finds. */
        NEAR,
        /** Nothing is held in this process: {@link #getLocal} always misses. */
        REMOTE
    }

    /**
     * Whether {@link #getAsync} reads without blocking or waiting on its caller's thread, so that a thread that
     * must never block (an HTTP selector thread) may call it. The default is false.
     */
    default boolean readsAsynchronously() {
        return false;
    }

    /**
     * What {@link #get} would return, as a stage that completes when the store has answered; exceptionally, with
     * what {@link #get} would have thrown, when it fails. A store that {@link #readsAsynchronously()} completes it on
     * its own I/O thread, so whatever is chained to it must not block either. The default reads with {@link #get}
     * on the caller's thread.
     */
    default CompletionStage<Optional<CachedResponse>> getAsync(CacheKey key) {
        try {
            return CompletableFuture.completedFuture(get(key));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Stores {@code response} under {@code key} for {@link CachedResponse#retention()}, replacing any entry, and
     * indexes it under {@code tags} so that {@link #invalidateTags} finds it.
     */
    void put(CacheKey key, CachedResponse response, Set<Tag> tags);

    /**
     * The invalidation generation of a key and its tags: a number that changes whenever an invalidation reaching the
     * key, any of the tags, or everything begins. Compare values for equality only. A loader reads it before calling
     * the origin and hands it to {@link #putIfUnchanged}, which closes the stale-set race (DESIGN.md, step 6).
     */
    long generation(CacheKey key, Set<Tag> tags);

    /**
     * Stores like {@link #put}, but only if {@link #generation} of the key and tags still equals {@code generation}:
     * a response loaded before an invalidation is never left in the store after it. Atomic with respect to
     * invalidations: one that begins after this method returned true removes the entry as usual.
     *
     * @return whether the entry was stored
     */
    boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, long generation);

    /**
     * Stores like {@link #putIfUnchanged(CacheKey, CachedResponse, Set, long)}, indexed under {@code tags}, but only if
     * the {@link #generation} of the key and {@code guards}, read before the origin was asked, still equals
     * {@code generation}: for a response some of whose tags were known only once it was loaded (a list page names
     * the jobs it shows), so that no generation of them could be read before. The guards must move with every change
     * those tags stand for. Atomic with respect to invalidations as the other conditional put. The default stores
     * only when the two sets are the same, and refuses otherwise: a store that cannot check guards stores nothing
     * unsafe.
     *
     * @return whether the entry was stored
     */
    default boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, Set<Tag> guards,
                                   long generation) {
        return tags.equals(guards) && putIfUnchanged(key, response, tags, generation);
    }

    /** Removes the entry under {@code key}. Idempotent. @return whether an entry was removed */
    boolean invalidate(CacheKey key);

    /** Removes every entry indexed under any of {@code tags}. Idempotent. @return how many entries were removed */
    long invalidateTags(Set<Tag> tags);

    /** Removes every entry. @return how many entries were removed, as far as the store can tell */
    long clear();

    /**
     * Lists keys matching {@code pattern}, at most about {@code limit} per page, resuming at {@code cursor}
     * (empty for the first page). Never blocks the backend for the whole key space (no Redis KEYS).
     *
     * @throws MalformedCursor when {@code cursor} is not one this store hands out (another form, out of range, or
     *                         naming a part of the store that is gone); thrown before any I/O, it is the caller's
     *                         mistake and says nothing about the backend's health
     */
    KeyPage scanKeys(KeyPattern pattern, Optional<String> cursor, int limit);

    /**
     * Lists the tags that this store's entries carry and that start with {@code prefix}, at most about {@code limit}
     * per page, resuming at {@code cursor} (empty for the first page), so that an operator can invalidate by tag
     * prefix. Never blocks the backend for the whole key space. A tag may be listed twice, or just after its last
     * entry expired; a tag that no entry carried throughout is never listed.
     *
     * @throws MalformedCursor as {@link #scanKeys} does
     */
    TagPage scanTags(TagPrefix prefix, Optional<String> cursor, int limit);

    StoreUsage usage();

    StoreHealth health();
}
