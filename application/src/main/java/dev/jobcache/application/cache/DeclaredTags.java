package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.Tag;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The tags a response names for itself in its {@value #HEADER} header (as Cloudflare's and Fastly's surrogate keys):
 * what it depends on that its route's policy cannot know before it is loaded, such as the jobs a list page shows.
 * The header is for the cache alone: the HTTP edge takes it off every response before the client sees it, and a hit
 * never replays it.
 */
public final class DeclaredTags {

    public static final String HEADER = "Cache-Tag";
    /** More than a page of the longest list names; a response naming more is not stored. */
    static final int MAX_TAGS = 512;

    private DeclaredTags() {
    }

    /**
     * The tags the response names, none when it names none; empty when the header is not a space-separated list of at
     * most {@value #MAX_TAGS} tags, and then the response is not stored.
     */
    static Optional<Set<Tag>> of(OriginResponse origin) {
        Optional<String> header = origin.header(HEADER);
        if (header.isEmpty() || header.get().isBlank()) {
            return Optional.of(Set.of());
        }
        Set<Tag> tags = new LinkedHashSet<>();
        for (String name : header.get().trim().split("[\\s,]+")) {
            if (!Tag.isValid(name) || tags.size() == MAX_TAGS) {
                return Optional.empty();
            }
            tags.add(Tag.of(name));
        }
        return Optional.of(tags);
    }
}
