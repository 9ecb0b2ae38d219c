package dev.jobcache.domain.cache;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A label shared by cached entries that one change makes stale together, e.g. {@code job:42} or
 * {@code jobs:user:alice}. Restricted to a small alphabet so that a tag is safe in any store's key space.
 */
public record Tag(String value) {

    public static final int MAX_LENGTH = 160;
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9:._\\-]{1," + MAX_LENGTH + "}");

    public Tag {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "a tag is 1 to " + MAX_LENGTH + " letters, digits, ':', '.', '_' or '-'");
        }
    }

    public static Tag of(String value) {
        return new Tag(value);
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
