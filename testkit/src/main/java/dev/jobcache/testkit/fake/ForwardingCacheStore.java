package dev.jobcache.testkit.fake;

import dev.jobcache.domain.cache.TagPrefix;
import dev.jobcache.domain.cache.TagPage;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.ConsistencyToken;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.KeyPage;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.CacheStore;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link CacheStore} that passes every call to another one: extend it and override only the calls a test needs to
 * change (hold a read, hide what is held locally), instead of writing every delegation again.
 */
public abstract class ForwardingCacheStore implements CacheStore {

    private final CacheStore delegate;

    protected ForwardingCacheStore(CacheStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public Optional<CachedResponse> get(CacheKey key) {
        return delegate.get(key);
    }

    @Override
    public Optional<CachedResponse> getLocal(CacheKey key) {
        return delegate.getLocal(key);
    }

    @Override
    public boolean reflects(ConsistencyToken token) {
        return delegate.reflects(token);
    }

    /**
     * Through this store's {@link #get} when the delegate's copies reflect {@code after}, so that a subclass sees
     * that read as any other; otherwise the delegate's, which skips those copies.
     */
    @Override
    public Optional<CachedResponse> get(CacheKey key, ConsistencyToken after) {
        return delegate.reflects(after) ? get(key) : delegate.get(key, after);
    }

    /**
     * Never everything in process, even over a store that is: a subclass may change what {@link #getLocal} or
     * {@link #get} answers, so a local miss here says nothing of what {@link #get} finds. A subclass that changes
     * neither may return the delegate's.
     */
    @Override
    public Residence residence() {
        return delegate.residence() == Residence.REMOTE ? Residence.REMOTE : Residence.NEAR;
    }

    /**
     * Not asynchronous, and {@link #getAsync} reads with {@link #get} (the default), so that a subclass's
     * {@code get} is what every read goes through; one that forwards reads unchanged may forward these too.
     */
    @Override
    public boolean readsAsynchronously() {
        return false;
    }

    /** The store this one forwards to. */
    protected final CacheStore delegate() {
        return delegate;
    }

    @Override
    public void put(CacheKey key, CachedResponse response, Set<Tag> tags) {
        delegate.put(key, response, tags);
    }

    @Override
    public long generation(CacheKey key, Set<Tag> tags) {
        return delegate.generation(key, tags);
    }

    @Override
    public boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, long generation) {
        return delegate.putIfUnchanged(key, response, tags, generation);
    }

    @Override
    public boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, Set<Tag> guards,
                                  long generation) {
        return delegate.putIfUnchanged(key, response, tags, guards, generation);
    }

    @Override
    public boolean invalidate(CacheKey key) {
        return delegate.invalidate(key);
    }

    @Override
    public long invalidateTags(Set<Tag> tags) {
        return delegate.invalidateTags(tags);
    }

    @Override
    public long clear() {
        return delegate.clear();
    }

    @Override
    public KeyPage scanKeys(KeyPattern pattern, Optional<String> cursor, int limit) {
        return delegate.scanKeys(pattern, cursor, limit);
    }

    @Override
    public TagPage scanTags(TagPrefix prefix, Optional<String> cursor, int limit) {
        return delegate.scanTags(prefix, cursor, limit);
    }

    @Override
    public StoreUsage usage() {
        return delegate.usage();
    }

    @Override
    public StoreHealth health() {
        return delegate.health();
    }
}
