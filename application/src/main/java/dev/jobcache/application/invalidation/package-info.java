/**
 * Invalidation on domain events: maps each job event to the tags it makes stale and removes them through the
 * {@link dev.jobcache.application.cache.CacheInvalidator}, synchronously, before the write returns.
 */
package dev.jobcache.application.invalidation;
