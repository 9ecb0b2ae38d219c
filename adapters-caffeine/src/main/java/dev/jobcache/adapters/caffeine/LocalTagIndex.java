package dev.jobcache.adapters.caffeine;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.Tag;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Which keys carry which tag, for {@code invalidateTags}. Caffeine has no secondary index, so this one is kept in
 * step with it from inside Caffeine's per-key atomic sections: the store indexes in {@code compute} and unindexes in
 * {@code computeIfPresent} and in the eviction listener, which Caffeine also calls under the entry's lock. Changes
 * to one key are therefore serialised; this class only has to be safe for different keys sharing a tag.
 *
 * <p>Each key remembers the exact value it was indexed for, so a late removal of a replaced value cannot unindex its
 * successor.
 */
final class LocalTagIndex {

    private final Map<CacheKey, TaggedResponse> indexedValues = new ConcurrentHashMap<>();
    private final Map<Tag, Set<CacheKey>> keysByTag = new ConcurrentHashMap<>();

    /** Indexes {@code key} under the tags of {@code value} only, dropping the tags of whatever it held before. */
    void index(CacheKey key, TaggedResponse value) {
        TaggedResponse previous = indexedValues.put(key, value);
        if (previous != null) {
            for (Tag tag : previous.tags()) {
                if (!value.tags().contains(tag)) {
                    unlink(tag, key);
                }
            }
        }
        for (Tag tag : value.tags()) {
            link(tag, key);
        }
    }

    /** Unindexes {@code key} if it is still indexed for {@code value}; a no-op for a value already replaced. */
    void unindex(CacheKey key, TaggedResponse value) {
        if (indexedValues.remove(key, value)) {
            for (Tag tag : value.tags()) {
                unlink(tag, key);
            }
        }
    }

    /** A snapshot of the keys indexed under any of {@code tags}. */
    Set<CacheKey> keysWithAnyOf(Set<Tag> tags) {
        Set<CacheKey> keys = new HashSet<>();
        for (Tag tag : tags) {
            keys.addAll(keysByTag.getOrDefault(tag, Set.of()));
        }
        return keys;
    }

    /** The tags some key is indexed under now. */
    Stream<Tag> tags() {
        return keysByTag.keySet().stream();
    }

    int keyCount() {
        return indexedValues.size();
    }

    int tagCount() {
        return keysByTag.size();
    }

    private void link(Tag tag, CacheKey key) {
        keysByTag.compute(tag, (t, keys) -> {
            Set<CacheKey> linked = keys == null ? ConcurrentHashMap.newKeySet() : keys;
            linked.add(key);
            return linked;
        });
    }

    private void unlink(Tag tag, CacheKey key) {
        // removing the set when it empties, atomically with the removal, is what keeps the tag count bounded
        keysByTag.computeIfPresent(tag, (t, keys) -> {
            keys.remove(key);
            return keys.isEmpty() ? null : keys;
        });
    }
}
