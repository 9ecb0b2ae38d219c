package dev.jobcache.adapters.caffeine;

import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.Tag;

import java.util.Set;

/**
 * What Caffeine holds per key: the response and the tags it was put with. The tags travel with the value so that a
 * removal knows what to unindex without asking the index. Identity, not value, equality on purpose: two puts of
 * equal responses are still two entries, and the index must tell them apart.
 */
final class TaggedResponse {

    private final CachedResponse response;
    private final Set<Tag> tags;

    TaggedResponse(CachedResponse response, Set<Tag> tags) {
        this.response = response;
        this.tags = Set.copyOf(tags);
    }

    CachedResponse response() {
        return response;
    }

    Set<Tag> tags() {
        return tags;
    }

    boolean hasAnyOf(Set<Tag> wanted) {
        for (Tag tag : tags) {
            if (wanted.contains(tag)) {
                return true;
            }
        }
        return false;
    }
}
