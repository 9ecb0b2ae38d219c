package dev.jobcache.application.admin;

import dev.jobcache.application.InvalidInput;
import dev.jobcache.application.cache.CacheInvalidator;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.cache.KeyPage;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.cache.TagPage;
import dev.jobcache.domain.cache.TagPrefix;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What an operator may remove: entries by tag, by tag prefix, by key and by key pattern, or everything in two
 * confirmed steps.
 * Removals go through the {@link CacheInvalidator} with reason {@value #REASON}, so other instances drop their
 * copies too and the history records them. Callers must have checked that the caller is an admin, and audit who
 * acted: only they know. Thread-safe.
 */
public final class AdminInvalidation {

    public static final String REASON = "admin";
    /** Pattern invalidation stops after this many pages, so one request cannot run for the whole key space. */
    static final int MAX_PATTERN_PAGES = 1000;
    static final int PATTERN_PAGE_SIZE = 500;
    private static final Logger LOG = LoggerFactory.getLogger(AdminInvalidation.class);

    private final CacheStore store;
    private final CacheInvalidator invalidator;
    private final ClearConfirmations confirmations;

    /** @param store the store as the application sees it (fail-open), listed for patterns and counted for a clear */
    public AdminInvalidation(CacheStore store, CacheInvalidator invalidator, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.invalidator = Objects.requireNonNull(invalidator, "invalidator");
        this.confirmations = new ClearConfirmations(clock);
    }

    /**
     * Removes the entries with any of {@code tags} or of a tag starting with one of {@code tagPrefixes}, the given
     * {@code keys}, and the keys matching {@code pattern}. At least one must be given. Prefixes and the pattern are
     * resolved by listing the store's tags or keys page by page (at most {@value #MAX_PATTERN_PAGES} pages each) and
     * invalidating each page as it comes, so other instances hear of each page.
     *
     * @return how many entries the store removed, as far as it can tell
     */
    public long invalidate(Set<Tag> tags, Set<TagPrefix> tagPrefixes, Set<CacheKey> keys, Optional<KeyPattern> pattern) {
        if (tags.isEmpty() && tagPrefixes.isEmpty() && keys.isEmpty() && pattern.isEmpty()) {
            throw new InvalidInput("body", "give at least one of tags, tagPrefixes, keys or pattern");
        }
        long removed = 0;
        if (!tags.isEmpty() || !keys.isEmpty()) {
            removed += invalidator.invalidate(new Invalidation(tags, keys, false, REASON));
        }
        for (TagPrefix prefix : tagPrefixes) {
            removed += invalidateTagged(prefix);
        }
        if (pattern.isPresent()) {
            removed += invalidateMatching(pattern.get());
        }
        return removed;
    }

    private long invalidateTagged(TagPrefix prefix) {
        return invalidatePages("tag prefix " + prefix, cursor -> {
            TagPage page = store.scanTags(prefix, cursor, PATTERN_PAGE_SIZE);
            long removed = page.tags().isEmpty() ? 0
                    : invalidator.invalidate(Invalidation.ofTags(new LinkedHashSet<>(page.tags()), REASON));
            return new Step(removed, page.nextCursor());
        });
    }

    private long invalidateMatching(KeyPattern pattern) {
        return invalidatePages("pattern " + pattern.glob(), cursor -> {
            KeyPage page = store.scanKeys(pattern, cursor, PATTERN_PAGE_SIZE);
            long removed = page.keys().isEmpty() ? 0
                    : invalidator.invalidate(Invalidation.ofKeys(new LinkedHashSet<>(page.keys()), REASON));
            return new Step(removed, page.nextCursor());
        });
    }

    /** What invalidating one listed page removed, and where the listing goes on. */
    private record Step(long removed, Optional<String> nextCursor) {
    }

    private long invalidatePages(String what, Function<Optional<String>, Step> invalidatePage) {
        long removed = 0;
        Optional<String> cursor = Optional.empty();
        for (int page = 0; page < MAX_PATTERN_PAGES; page++) {
            Step step = invalidatePage.apply(cursor);
            removed += step.removed();
            cursor = step.nextCursor();
            if (cursor.isEmpty()) {
                return removed;
            }
        }
        LOG.warn("invalidation by {} stopped after {} pages; run it again for the rest", what, MAX_PATTERN_PAGES);
        return removed;
    }

    /**
     * Clears the whole cache in two steps. Without a confirmation: nothing is removed, and the answer says how many
     * entries there are and gives a one-time token valid for 60 seconds. With that token: everything is removed.
     */
    public ClearOutcome clear(Optional<String> confirmation) {
        if (confirmation.isEmpty()) {
            ClearConfirmations.Issued issued = confirmations.issue();
            return new ClearOutcome.ConfirmationRequired(store.usage().entries(), issued.token(), issued.expiresAt());
        }
        if (!confirmations.redeem(confirmation.get())) {
            return new ClearOutcome.Refused("the confirmation token is unknown, expired or already used; "
                    + "ask for a new one");
        }
        long removed = invalidator.invalidate(Invalidation.all(REASON));
        return new ClearOutcome.Cleared(removed);
    }

    /** The answer to a clear request. */
    public sealed interface ClearOutcome {

        /** Nothing was cleared; repeat with {@code token} before {@code expiresAt} to clear. */
        record ConfirmationRequired(long entries, String token, Instant expiresAt) implements ClearOutcome {
        }

        record Cleared(long removed) implements ClearOutcome {
        }

        /** The token was unknown, expired or used; nothing was cleared. */
        record Refused(String reason) implements ClearOutcome {
        }
    }
}
