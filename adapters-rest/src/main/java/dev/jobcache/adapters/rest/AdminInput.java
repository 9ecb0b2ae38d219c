package dev.jobcache.adapters.rest;

import dev.jobcache.application.InvalidInput;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.cache.TagPrefix;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What an operator sends to {@code /admin/cache}, parsed with the domain's own rules and refused as
 * {@link InvalidInput} naming the field (e.g. {@code tags[2]}), so that a bad value never reaches a store.
 */
final class AdminInput {

    /** Most tags or keys one invalidation request may name. */
    static final int MAX_ITEMS = 1000;
    private static final int MAX_CURSOR_LENGTH = 512;

    private AdminInput() {
    }

    static Set<Tag> tags(List<String> values) {
        return validated("tags", values, Tag::new);
    }

    static Set<TagPrefix> tagPrefixes(List<String> values) {
        return validated("tagPrefixes", values, TagPrefix::new);
    }

    static Set<CacheKey> keys(List<String> values) {
        return validated("keys", values, CacheKey::new);
    }

    /** Empty for none (null or empty). */
    static Optional<KeyPattern> pattern(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new KeyPattern(raw));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("pattern", e.getMessage());
        }
    }

    /** Empty for none; refuses what no store's cursor looks like (too long, not printable ASCII). */
    static Optional<String> cursor(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        if (raw.length() > MAX_CURSOR_LENGTH || !raw.chars().allMatch(c -> c > ' ' && c <= '~')) {
            throw new InvalidInput("cursor", "is not a cursor this API returned");
        }
        return Optional.of(raw);
    }

    private static <T> Set<T> validated(String field, List<String> values, Function<String, T> parse) {
        if (values == null) {
            return Set.of();
        }
        if (values.size() > MAX_ITEMS) {
            throw new InvalidInput(field, "at most " + MAX_ITEMS + " per request");
        }
        Set<T> valid = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null) {
                throw new InvalidInput(field + "[" + i + "]", "must be a string");
            }
            try {
                valid.add(parse.apply(value));
            } catch (IllegalArgumentException e) {
                throw new InvalidInput(field + "[" + i + "]", e.getMessage());
            }
        }
        return valid;
    }
}
