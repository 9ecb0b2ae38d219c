/**
 * The in-process cache on Caffeine: {@link dev.jobcache.adapters.caffeine.CaffeineCacheStore} bounds entries by their
 * weight in bytes, expires each after its own retention and keeps a local tag index in step with Caffeine's removals
 * so that the index never outlives its entries. Time reaches Caffeine only through the {@code Clock} port as its
 * {@code Ticker}, so tests move it with a fake clock. Only the store is public; the weigher, expiry and tag index are
 * details, and no Caffeine type leaves this package.
 */
package dev.jobcache.adapters.caffeine;
