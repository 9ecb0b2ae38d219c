package dev.jobcache.adapters.rest;

import dev.jobcache.application.warming.CacheWarmer;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.cache.TagPrefix;
import dev.jobcache.domain.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The audit trail of what admins change: one line per action on the logger {@value #LOGGER}, naming the admin (the
 * name an {@code ADMIN_TOKENS} entry gives its token), what they asked for and what came of it. Tokens, the
 * admin's and a clear's confirmation token alike, never appear.
 */
final class AdminAudit {

    static final String LOGGER = "dev.jobcache.audit";
    /** Names listed in a line; a longer list is cut, with its size. */
    private static final int LISTED = 10;
    private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER);

    private AdminAudit() {
    }

    static void invalidated(Principal admin, Collection<Tag> tags, Collection<TagPrefix> prefixes,
                            Collection<CacheKey> keys, Optional<KeyPattern> pattern, long removed) {
        AUDIT.info("admin {} invalidated tags {}, tag prefixes {}, {} keys, pattern {}: {} entries removed",
                admin.userId(), listed(tags), listed(prefixes), keys.size(), pattern.map(KeyPattern::glob).orElse("-"),
                removed);
    }

    static void clearRequested(Principal admin, long entries) {
        AUDIT.info("admin {} asked to clear the cache ({} entries): confirmation required", admin.userId(), entries);
    }

    static void clearRefused(Principal admin, String reason) {
        AUDIT.info("admin {} did not clear the cache: {}", admin.userId(), reason);
    }

    static void cleared(Principal admin, long removed) {
        AUDIT.warn("admin {} cleared the cache: {} entries removed", admin.userId(), removed);
    }

    static void warmed(Principal admin, List<String> routes, List<String> users, List<CacheWarmer.Warmed> results) {
        long answered = results.stream().filter(r -> r.status() >= 200 && r.status() < 300).count();
        AUDIT.info("admin {} warmed routes {} for users {}: {} loads, {} answered 2xx", admin.userId(), listed(routes),
                users == null ? "[]" : listed(users), results.size(), answered);
    }

    private static String listed(Collection<?> items) {
        String shown = items.stream().limit(LISTED).map(String::valueOf).collect(Collectors.joining(", ", "[", ""));
        return shown + (items.size() > LISTED ? ", ... " + items.size() + " in all]" : "]");
    }
}
