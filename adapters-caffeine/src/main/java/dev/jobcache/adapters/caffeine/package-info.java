/**
 * The in-process cache on Caffeine: {@link dev.jobcache.adapters.caffeine.CaffeineCacheStore} bounds entries by their
 * weight in bytes, expires each after its own retention and keeps a local tag index in step with Caffeine's removals
 * so that the index never outlives its entries. {@link dev.jobcache.adapters.caffeine.NearCacheStore} puts one such
 * cache, as an L1 whose copies also expire after a maximum age, in front of any shared L2 store, and keeps it coherent
 * across instances through the {@code InvalidationBus} port: invalidations drop L1 copies locally and on every
 * instance that hears the message, a fill from the L2 is guarded by the L1's generations against an invalidation
 * that overtakes it, and lost contact empties the L1 until the bus is back. Time reaches Caffeine only through the
 * {@code Clock} port as its {@code Ticker}, so tests move it with a fake clock. Only the two stores are public; the
 * weigher, expiries, tag index and metrics guard are details, and no Caffeine type leaves this package.
 */
package dev.jobcache.adapters.caffeine;
