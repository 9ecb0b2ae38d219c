/**
 * The response cache: route policies, the lookup/decide/store cycle with single-flight loading and conditional puts
 * against the stale-set race, body encoding (gzip, ETag), invalidation, and the decorators every store is wrapped in
 * (fail-open) plus the null objects for a disabled cache. Knows nothing of HTTP frameworks: the REST adapter
 * translates requests and responses into the types here.
 */
package dev.jobcache.application.cache;
