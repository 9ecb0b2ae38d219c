package dev.jobcache.domain.cache;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One page of a key listing. {@code nextCursor} is empty once the listing is complete; like Redis SCAN, a listing
 * may return a key twice or miss keys that change while it runs, never a key that was absent throughout.
 */
public record KeyPage(List<CacheKey> keys, Optional<String> nextCursor) {

    public KeyPage {
        keys = List.copyOf(keys);
        nextCursor = nextCursor == null ? Optional.empty() : nextCursor;
    }

    /**
     * The page of a store that holds its keys in process: the keys matching {@code pattern} after the cursor's
     * key, in sorted order, so that the cursor (the last key handed out) is a stable resume point while keys come
     * and go.
     *
     * @throws MalformedCursor if the cursor is not one this listing handed out
     */
    public static KeyPage of(Stream<CacheKey> keys, KeyPattern pattern, Optional<String> cursor, int limit) {
        String after = cursor.map(SortedKeyCursor::resumesAfter).orElse(null);
        Pattern regex = pattern.toRegex();
        SortedSlice slice = SortedSlice.of(keys.map(CacheKey::value).filter(value -> regex.matcher(value).matches()),
                after, limit);
        return new KeyPage(slice.shown().stream().map(CacheKey::new).toList(),
                slice.resumesAfter().map(last -> SortedKeyCursor.after(new CacheKey(last))));
    }
}
