package dev.jobcache.adapters.rest;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.testkit.fake.ForwardingCacheStore;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the reads a store is asked for, of every kind, and the generation reads that begin each load. */
final class CountingCacheStore extends ForwardingCacheStore {

    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger generations = new AtomicInteger();

    CountingCacheStore(CacheStore delegate) {
        super(delegate);
    }

    /** Reads of an entry, however made: {@code get}, {@code getLocal} and {@code getAsync}. */
    int reads() {
        return reads.get();
    }

    int generationReads() {
        return generations.get();
    }

    void reset() {
        reads.set(0);
        generations.set(0);
    }

    @Override
    public Optional<CachedResponse> get(CacheKey key) {
        reads.incrementAndGet();
        return super.get(key);
    }

    @Override
    public Optional<CachedResponse> getLocal(CacheKey key) {
        reads.incrementAndGet();
        return super.getLocal(key);
    }

    /** It only counts: it answers as its delegate does, asynchronously where that one is. */
    @Override
    public CompletionStage<Optional<CachedResponse>> getAsync(CacheKey key) {
        reads.incrementAndGet();
        return delegate().getAsync(key);
    }

    @Override
    public Residence residence() {
        return delegate().residence();
    }

    @Override
    public boolean readsAsynchronously() {
        return delegate().readsAsynchronously();
    }

    @Override
    public long generation(CacheKey key, Set<Tag> tags) {
        generations.incrementAndGet();
        return super.generation(key, tags);
    }
}
