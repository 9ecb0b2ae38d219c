/**
 * The cache edge of the HTTP adapter: the Grizzly handler in front of Jersey that answers fresh hits itself
 * ({@code CacheHitHandler}), the Jersey filter that asks the response cache for a decision on every other request
 * and answers hits, stale entries and misses ({@code ResponseCacheFilter}), the interceptor that captures a miss's
 * body for the cache ({@code ResponseCaptureInterceptor}), and the one way both paths write a hit
 * ({@code HitResponse}, {@code CacheHeaders}): the same status, headers and bytes whichever thread answers; and the
 * consistency token that writes hand out and reads carry ({@code ConsistencyTokenFilter}, {@code ConsistencyTokens}).
 */
package dev.jobcache.adapters.rest.cache;
