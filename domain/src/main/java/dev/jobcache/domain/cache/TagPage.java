package dev.jobcache.domain.cache;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One page of a listing of the tags a store's entries carry. {@code nextCursor} is empty once the listing is
 * complete; like a {@link KeyPage}, a listing may return a tag twice, or one whose last entry has just gone, never one
 * that no entry carried while it ran.
 */
public record TagPage(List<Tag> tags, Optional<String> nextCursor) {

    private static final String CURSOR_PREFIX = "after-tag:";

    public TagPage {
        tags = List.copyOf(tags);
        nextCursor = nextCursor == null ? Optional.empty() : nextCursor;
    }

    /**
     * The page of a store that holds its tags in process: the tags starting with {@code prefix} after the cursor's
     * tag, in sorted order, so that the cursor (the last tag handed out) is a stable resume point while tags come and
     * go.
     *
     * @throws MalformedCursor if the cursor is not one this listing handed out
     */
    public static TagPage of(Stream<Tag> tags, TagPrefix prefix, Optional<String> cursor, int limit) {
        String after = cursor.map(TagPage::resumesAfter).orElse(null);
        SortedSlice slice = SortedSlice.of(tags.filter(prefix::matches).map(Tag::value), after, limit);
        return new TagPage(slice.shown().stream().map(Tag::new).toList(),
                slice.resumesAfter().map(last -> CURSOR_PREFIX + last));
    }

    private static String resumesAfter(String cursor) {
        String tag = cursor.startsWith(CURSOR_PREFIX) ? cursor.substring(CURSOR_PREFIX.length()) : "";
        if (!Tag.isValid(tag)) {
            throw new MalformedCursor("not a cursor this store handed out");
        }
        return tag;
    }
}
