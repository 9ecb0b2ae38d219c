/**
 * The cache on Redis (standalone, or the primary of a Sentinel group): {@link dev.jobcache.adapters.redis.RedisCacheStore}
 * over the one connection {@link dev.jobcache.adapters.redis.RedisConnections} owns, configured by
 * {@link dev.jobcache.adapters.redis.RedisSettings}, and {@link dev.jobcache.adapters.redis.RedisInvalidationBus},
 * which carries invalidations between the near-caches of all instances on Redis pub/sub, configured by
 * {@link dev.jobcache.adapters.redis.RedisBusSettings}; everything else (key names, wire formats, scripts, breaker,
 * failure mapping) is package-private and no Lettuce or Resilience4j type leaves the package. Pub/sub is
 * at-most-once and a subscriber is not told what it missed, so the bus must notice loss itself: a closed connection
 * says so, but a hung or paused Redis, or a half-open socket, keeps a subscription silently deaf, hence a periodic
 * {@code PING} on the subscribed connection whose failure counts as lost contact. Keys are listed,
 * counted and cleared with {@code SCAN}, never {@code KEYS}: {@code KEYS} walks the whole key space in one command and
 * blocks every other client of a single-threaded Redis meanwhile, while {@code SCAN} does it in small steps. Key names
 * need no escaping because cache keys and tags are validated, bounded ASCII without glob metacharacters and the
 * prefix is checked, so a name cannot reach outside the prefix and a {@code MATCH} pattern means what it says. Writes
 * are Lua scripts because the stale-set guard needs the generation check and the store, and an invalidation's
 * counter bump and deletes, to happen atomically in Redis itself; no client-side lock or transaction retry could
 * make that hold across application instances. Operators should prefer {@code maxmemory-policy volatile-ttl} (or
 * {@code volatile-lru}): every key here has an expiry, and evicting a tag set before its entries would let an
 * invalidation miss them until they expire.
 */
package dev.jobcache.adapters.redis;
