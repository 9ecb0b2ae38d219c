package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.redis.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static dev.jobcache.testkit.fixture.Keys.key;
import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Redis evicts or blocks for: under a small {@code maxmemory} and any eviction policy a write-heavy workload
 * never reads an entry an acknowledged invalidation reached (tag sets and counters are evicted like everything
 * else), and invalidating a tag that 10,000 entries carry keeps each script Redis runs short (SLOWLOG).
 */
class RedisEvictionIT {

    private static final RedisSettings SETTINGS = RedisSettings.defaults().withCommandTimeout(Duration.ofSeconds(2));

    @ParameterizedTest(name = "maxmemory-policy {0}")
    @ValueSource(strings = {"volatile-lru", "volatile-ttl", "allkeys-lru"})
    void anEvictedTagSetOrCounterNeverLetsAnInvalidatedEntryBeRead(String policy) {
        try (RedisServer server = RedisServer.start("--maxmemory", "4mb", "--maxmemory-policy", policy,
                "--maxmemory-samples", "3");
             RedisConnections connections = RedisConnections.connect(server.uri(), SETTINGS)) {
            RedisCacheStore store = new RedisCacheStore(connections, "evict:v1:", new MutableClock());
            Random random = new Random(42);
            int jobs = 3000;
            int[] version = new int[jobs];
            int reads = 0;
            int hits = 0;
            int stale = 0;
            int refusedStores = 0;
            int invalidations = 0;
            for (int op = 0; op < 15_000; op++) {
                // a skewed choice, so that some entries are read again before Redis evicts them
                int job = (int) (jobs * Math.pow(random.nextDouble(), 3));
                CacheKey key = key("GET:/jobs/{id}:user=u" + (job % 7) + ":" + job);
                Set<Tag> tags = Set.of(Tag.of("job:" + job), Tag.of("user:u" + (job % 7)), Tag.of("jobs"));
                if (random.nextInt(10) < 4) {
                    // a write: acknowledged once invalidateTags returns
                    version[job]++;
                    store.invalidateTags(Set.of(Tag.of("job:" + job)));
                    invalidations++;
                    continue;
                }
                reads++;
                Optional<CachedResponse> cached = store.get(key);
                if (cached.isPresent()) {
                    hits++;
                    if (versionOf(cached.get()) < version[job]) {
                        stale++;
                    }
                    continue;
                }
                long generation = store.generation(key, tags);
                CachedResponse loaded = aCachedResponse().withBody("{\"v\":" + version[job] + ",\"pad\":\"" + "x".repeat(3000) + "\"}").build();
                try {
                    store.putIfUnchanged(key, loaded, tags, generation);
                } catch (RedisStoreException refusedAtMaxmemory) {
                    refusedStores++;
                }
            }
            long evicted = Long.parseLong(info(server, "evicted_keys"));
            System.out.printf("redis eviction (%s, maxmemory 4mb): %d reads, %d hits, %d stale, %d invalidations,"
                    + " %d evicted keys, %d stores refused%n", policy, reads, hits, stale, invalidations, evicted, refusedStores);

            assertThat(evicted).as("the workload must make Redis evict").isPositive();
            assertThat(hits).as("the workload must hit").isPositive();
            assertThat(stale).isZero();
        }
    }

    @Test
    void invalidatingATagOnTenThousandEntriesRunsOnlyShortScripts() {
        RedisServer server = RedisServer.start("--slowlog-log-slower-than", "0", "--slowlog-max-len", "100000");
        RedisClient admin = RedisClient.create(server.uri());
        try (server;
             RedisConnections connections = RedisConnections.connect(server.uri(), SETTINGS);
             StatefulRedisConnection<String, String> adminConnection = admin.connect()) {
            RedisCommands<String, String> redis = adminConnection.sync();
            RedisCacheStore store = new RedisCacheStore(connections, "slow:v1:", new MutableClock());
            Tag hot = Tag.of("jobs");
            for (int i = 0; i < 10_000; i++) {
                store.put(key("GET:/jobs/{id}:user=u" + (i % 50) + ":" + i), aCachedResponse().build(), Set.of(hot));
            }
            redis.slowlogReset();

            long removed = store.invalidateTags(Set.of(hot));

            ScriptTimes invalidation = scriptTimes(redis.slowlogGet(100_000));
            // the same work as one script that deletes every member, as this store did before
            for (int i = 0; i < 10_000; i++) {
                redis.sadd("oneshot:set", "oneshot:e:" + i);
                redis.set("oneshot:e:" + i, "x");
            }
            redis.slowlogReset();
            redis.eval("for _, m in ipairs(redis.call('SMEMBERS', KEYS[1])) do redis.call('DEL', m) end return 1",
                    io.lettuce.core.ScriptOutputType.INTEGER, "oneshot:set");
            ScriptTimes oneShot = scriptTimes(redis.slowlogGet(100_000));
            System.out.printf("redis tag invalidation of %d entries: %d scripts, longest %d µs, all together %d µs;"
                    + " one script deleting them all: %d µs (%.1f x the longest)%n", removed, invalidation.count(),
                    invalidation.longestMicros(), invalidation.totalMicros(), oneShot.longestMicros(),
                    (double) oneShot.longestMicros() / Math.max(1, invalidation.longestMicros()));

            assertThat(removed).isEqualTo(10_000);
            assertThat(store.usage().entries()).isZero();
            // the work is split: no script examines more than one batch of members
            assertThat(invalidation.count()).isGreaterThanOrEqualTo(10_000 / RedisScripts.SWEEP_BATCH);
        } finally {
            admin.shutdown();
        }
    }

    private record ScriptTimes(int count, long longestMicros, long totalMicros) {
    }

    private static ScriptTimes scriptTimes(List<Object> slowlog) {
        int count = 0;
        long longest = 0;
        long total = 0;
        for (Object item : slowlog) {
            List<?> entry = (List<?>) item;
            List<?> args = (List<?>) entry.get(3);
            String command = String.valueOf(args.get(0)).toUpperCase();
            if (command.startsWith("EVAL")) {
                long micros = (Long) entry.get(2);
                count++;
                longest = Math.max(longest, micros);
                total += micros;
            }
        }
        return new ScriptTimes(count, longest, total);
    }

    private static int versionOf(CachedResponse response) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        int start = body.indexOf("\"v\":") + 4;
        return Integer.parseInt(body.substring(start, body.indexOf(',', start)));
    }

    private static String info(RedisServer server, String field) {
        for (String line : server.command("INFO", "stats").split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        throw new AssertionError("INFO stats has no " + field);
    }
}
