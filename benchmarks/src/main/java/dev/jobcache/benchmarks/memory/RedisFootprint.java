package dev.jobcache.benchmarks.memory;

import dev.jobcache.adapters.redis.RedisCacheStore;
import dev.jobcache.adapters.redis.RedisConnections;
import dev.jobcache.benchmarks.jmh.JobsEntries;
import dev.jobcache.benchmarks.jmh.PrivateRedis;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.testkit.redis.RedisServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the entries into a {@link RedisCacheStore} on a private redis-server and reads {@code used_memory} from
 * {@code INFO memory} before and after, flushing between cases. The growth is everything the store writes per
 * entry: the entry hash (encoded response and its tags), the tag sets ({@code jobs} with every entry,
 * {@code jobs:user:<id>} with the user's), their expiry, and Redis' own per-key overhead and allocator rounding.
 * One throw-away put before each case loads the store script, so the script cache is not counted as entries.
 */
final class RedisFootprint {

    private static final Pattern USED_MEMORY = Pattern.compile("(?m)^used_memory:(\\d+)\\s*$");

    private RedisFootprint() {
    }

    /** @throws RuntimeException when no redis-server can be started or reached */
    static List<FootprintCase> measure(int entries, int users) {
        List<FootprintCase> cases = new ArrayList<>();
        try (RedisServer server = PrivateRedis.start();
             RedisConnections connections = RedisConnections.connect(server.uri(), Duration.ofSeconds(5))) {
            RedisCacheStore store = new RedisCacheStore(connections, Clock.system());
            cases.add(measure(server, store, "redis, gzip", entries, true, users));
            cases.add(measure(server, store, "redis, uncompressed", entries, false, users));
        }
        return cases;
    }

    private static FootprintCase measure(RedisServer server, RedisCacheStore store, String name, int entries,
                                         boolean compression, int users) {
        JobsEntries source = JobsEntries.asConfigured(compression, users);
        store.put(source.key(0), source.entry(0), source.tags(0));
        server.command("FLUSHALL", "SYNC");
        long before = usedMemory(server);
        long payload = 0;
        for (int i = 0; i < entries; i++) {
            CachedResponse entry = source.entry(i);
            payload += entry.body().length;
            store.put(source.key(i), entry, source.tags(i));
        }
        long after = usedMemory(server);
        server.command("FLUSHALL", "SYNC");
        return FootprintCase.redis(name, entries, (double) payload / entries, (double) (after - before) / entries);
    }

    private static long usedMemory(RedisServer server) {
        Matcher m = USED_MEMORY.matcher(server.command("INFO", "memory"));
        if (!m.find()) {
            throw new IllegalStateException("INFO memory without used_memory");
        }
        return Long.parseLong(m.group(1));
    }
}
