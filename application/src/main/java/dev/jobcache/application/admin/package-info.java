/**
 * Cache administration for operators: health, statistics, performance figures with recommendations
 * ({@link dev.jobcache.application.admin.CacheAdvisor}, pure rules), invalidation by tag, key or pattern, a
 * two-step clear, and key listing. Every removal goes through the
 * {@link dev.jobcache.application.cache.CacheInvalidator}, so the bus and the stale-set guards apply as for any
 * write. Knows nothing of HTTP: the REST adapter checks the admin role and maps the records here to JSON.
 */
package dev.jobcache.application.admin;
