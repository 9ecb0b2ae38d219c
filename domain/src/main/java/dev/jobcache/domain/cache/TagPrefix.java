package dev.jobcache.domain.cache;

import java.util.Objects;

/**
 * The start of tag names, for an operator's invalidation of every tag that begins with it (e.g. {@code job:} for
 * every job's entries, {@code jobs:user:} for every user's lists). The same alphabet as {@link Tag}, so it is safe in
 * any store's key space and holds no glob character.
 */
public record TagPrefix(String value) {

    public TagPrefix {
        Objects.requireNonNull(value, "value");
        if (!Tag.isValid(value)) {
            throw new IllegalArgumentException(
                    "a tag prefix is 1 to " + Tag.MAX_LENGTH + " letters, digits, ':', '.', '_' or '-'");
        }
    }

    public boolean matches(Tag tag) {
        return tag.value().startsWith(value);
    }

    @Override
    public String toString() {
        return value + "*";
    }
}
