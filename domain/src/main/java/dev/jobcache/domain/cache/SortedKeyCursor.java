package dev.jobcache.domain.cache;

/**
 * The cursor of stores that list their keys in sorted order and resume after the last key handed out (the
 * in-process stores): {@code after:<key>}. The prefix lets such a store tell its own cursors from anything else, so
 * that a cursor it did not hand out is refused rather than taken as a place to list from.
 */
public final class SortedKeyCursor {

    private static final String PREFIX = "after:";

    private SortedKeyCursor() {
    }

    /** The cursor that resumes a listing after {@code last}. */
    public static String after(CacheKey last) {
        return PREFIX + last.value();
    }

    /**
     * The key text a cursor of {@link #after} resumes after.
     *
     * @throws MalformedCursor when {@code cursor} is not of that form
     */
    public static String resumesAfter(String cursor) {
        if (!cursor.startsWith(PREFIX)) {
            throw new MalformedCursor("not a cursor this store handed out");
        }
        String key = cursor.substring(PREFIX.length());
        try {
            return new CacheKey(key).value();
        } catch (IllegalArgumentException e) {
            throw new MalformedCursor("not a cursor this store handed out: " + e.getMessage());
        }
    }
}
