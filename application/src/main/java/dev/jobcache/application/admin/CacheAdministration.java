package dev.jobcache.application.admin;

import dev.jobcache.application.cache.CacheInvalidator;
import dev.jobcache.application.cache.CacheStatistics;
import dev.jobcache.application.cache.InvalidationHistory;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;

import java.util.Objects;

/**
 * What an operator may see and do with the cache, in three parts: {@link CacheReports} (health, statistics,
 * performance, snapshots), {@link AdminInvalidation} (by tag, key or pattern, and the two-step clear) and
 * {@link KeyBrowser}. Callers must have checked that the caller is an admin; the HTTP adapter parses and validates
 * what the operator sent before it calls them.
 */
public record CacheAdministration(CacheReports reports, AdminInvalidation invalidation, KeyBrowser keys) {

    public CacheAdministration {
        Objects.requireNonNull(reports, "reports");
        Objects.requireNonNull(invalidation, "invalidation");
        Objects.requireNonNull(keys, "keys");
    }

    /**
     * @param store      the store as the application sees it (fail-open)
     * @param statistics the response cache's byte counts ({@code ResponseCache.statistics()})
     * @param history    the history the invalidator records into
     * @param recent     what counts the events {@code metrics} records, second by second
     */
    public static CacheAdministration of(CacheStore store, CacheInvalidator invalidator, CacheMetrics metrics,
                                         CacheStatistics statistics, InvalidationHistory history,
                                         RecentActivity recent, Clock clock) {
        return new CacheAdministration(new CacheReports(store, metrics, statistics, history, recent, clock),
                new AdminInvalidation(store, invalidator, clock), new KeyBrowser(store));
    }
}
