package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.KeyPage;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * A {@link CacheStore} on Redis, shared by every application instance that uses the same Redis and key prefix.
 *
 * <p>Entries expire in Redis after their retention ({@code PEXPIRE}, counted from the put); tags are indexed in Redis
 * sets; conditional stores and invalidations are Lua scripts, atomic in Redis, so the stale-set race stays closed
 * across instances (see {@link RedisScripts}). Listing, counting and clearing walk the key space with {@code SCAN}
 * under the prefix, never {@code KEYS} or {@code FLUSHDB}: other data may share the database.
 *
 * <p>Every call waits at most the command timeout per Redis command, goes through a circuit breaker, and fails with a
 * {@link RuntimeException} whose message says what failed; the application's fail-open decorator turns that into a
 * miss. An entry that cannot be decoded is a miss, not a failure. Thread-safe; the connection is shared, not owned:
 * close the {@link RedisConnections} after the store is no longer used.
 */
public final class RedisCacheStore implements CacheStore {

    static final String BACKEND = "redis";
    static final byte[] DATA_FIELD = RedisKeyNames.ascii("d");
    /** How long a generation counter outlives its last bump: far longer than any origin call a loader waits for. */
    static final Duration COUNTER_TTL = Duration.ofDays(1);
    private static final int CLEAR_SCAN_COUNT = 500;
    private static final int COUNT_SCAN_COUNT = 1000;
    /** Counting entries walks the whole key space; beyond this the count is reported unknown rather than waited for. */
    private static final Duration USAGE_SCAN_BUDGET = Duration.ofSeconds(2);
    private static final Pattern REDIS_CURSOR = Pattern.compile("[0-9]{1,20}");
    private static final Logger LOG = LoggerFactory.getLogger(RedisCacheStore.class);

    private final RedisConnections connections;
    private final RedisKeyNames names;
    private final RedisEntryCodec codec = new RedisEntryCodec();
    private final RedisCalls calls;
    private final Clock clock;
    private final byte[] counterTtlMillis = RedisKeyNames.ascii(Long.toString(COUNTER_TTL.toMillis()));
    private final AtomicBoolean countBudgetLogged = new AtomicBoolean();

    /** A store under the default key prefix {@value RedisKeyNames#DEFAULT_PREFIX}. */
    public RedisCacheStore(RedisConnections connections, Clock clock) {
        this(connections, RedisKeyNames.DEFAULT_PREFIX, clock);
    }

    /**
     * @param connections where Redis is, the command timeout and the circuit breaker's settings; not closed by the store
     * @param keyPrefix   put before every key name, e.g. {@code jobcache:v1:}; letters, digits and {@code :._{}/-}
     * @param clock       time for health latency and the circuit breaker; entries expire on Redis' clock
     */
    public RedisCacheStore(RedisConnections connections, String keyPrefix, Clock clock) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.names = new RedisKeyNames(keyPrefix);
        this.clock = Objects.requireNonNull(clock, "clock");
        RedisSettings settings = connections.settings();
        this.calls = new RedisCalls(connections.connection().async(), settings.commandTimeout(),
                new RedisCircuitBreaker("redis-cache-store " + keyPrefix, settings, clock));
    }

    @Override
    public Optional<CachedResponse> get(CacheKey key) {
        byte[] encoded = calls.call("get", c -> c.hget(names.entry(key), DATA_FIELD));
        return encoded == null ? Optional.empty() : codec.decode(encoded);
    }

    @Override
    public void put(CacheKey key, CachedResponse response, Set<Tag> tags) {
        store("put", key, response, tags, "");
    }

    @Override
    public long generation(CacheKey key, Set<Tag> tags) {
        List<Tag> ordered = List.copyOf(tags);
        byte[][] counters = new byte[2 + ordered.size()][];
        counters[0] = names.keyGeneration(key);
        counters[1] = names.allGeneration();
        for (int i = 0; i < ordered.size(); i++) {
            counters[2 + i] = names.tagGeneration(ordered.get(i));
        }
        List<KeyValue<byte[], byte[]>> values = calls.call("generation", c -> c.mget(counters));
        long sum = 0;
        for (KeyValue<byte[], byte[]> value : values) {
            if (value.hasValue()) {
                sum += Long.parseLong(new String(value.getValue(), StandardCharsets.US_ASCII));
            }
        }
        return sum;
    }

    @Override
    public boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, long generation) {
        return store("putIfUnchanged", key, response, tags, Long.toString(generation));
    }

    @Override
    public boolean invalidate(CacheKey key) {
        Long removed = calls.eval("invalidate", RedisScripts.INVALIDATE_KEY, ScriptOutputType.INTEGER,
                new byte[][] {names.entry(key), names.keyGeneration(key)}, counterTtlMillis);
        return removed != null && removed > 0;
    }

    @Override
    public long invalidateTags(Set<Tag> tags) {
        if (tags.isEmpty()) {
            return 0;
        }
        List<Tag> ordered = List.copyOf(tags);
        byte[][] keys = new byte[2 * ordered.size()][];
        for (int i = 0; i < ordered.size(); i++) {
            keys[2 * i] = names.tagSet(ordered.get(i));
            keys[2 * i + 1] = names.tagGeneration(ordered.get(i));
        }
        Long removed = calls.eval("invalidateTags", RedisScripts.INVALIDATE_TAGS, ScriptOutputType.INTEGER, keys,
                RedisKeyNames.ascii(joined(ordered)), counterTtlMillis);
        return removed == null ? 0 : removed;
    }

    /**
     * Bumps the store-wide generation first, so loads in flight cannot store afterwards, then deletes entries and tag
     * sets page by page. Generation counters stay: deleting them would let a load that read them before the clear
     * see the same (empty) generation again and store. A put racing with the walk may survive it, as with any clear
     * that is not a stop-the-world.
     */
    @Override
    public long clear() {
        calls.eval("clear", RedisScripts.BUMP, ScriptOutputType.INTEGER, new byte[][] {names.allGeneration()}, counterTtlMillis);
        long removed = deleteMatching(names.entryPattern(KeyPattern.ALL));
        deleteMatching(names.tagSetPattern());
        return removed;
    }

    /**
     * One {@code SCAN} step over entries matching {@code pattern}; the cursor is Redis' own. {@code SCAN} treats the
     * limit as a hint ({@code COUNT}), so a page may hold a few more keys than asked for, never an unbounded number.
     */
    @Override
    public KeyPage scanKeys(KeyPattern pattern, Optional<String> cursor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit is at least 1, was " + limit);
        }
        String from = cursor.orElse("0");
        if (!REDIS_CURSOR.matcher(from).matches()) {
            throw new IllegalArgumentException("not a cursor this store handed out: " + from);
        }
        ScanArgs args = ScanArgs.Builder.matches(names.entryPattern(pattern)).limit(limit);
        KeyScanCursor<byte[]> page = calls.call("scanKeys", c -> c.scan(ScanCursor.of(from), args));
        List<CacheKey> keys = new ArrayList<>(page.getKeys().size());
        for (byte[] name : page.getKeys()) {
            names.cacheKeyOf(name).ifPresent(keys::add);
        }
        boolean done = page.isFinished() || "0".equals(page.getCursor());
        return new KeyPage(keys, done ? Optional.empty() : Optional.of(page.getCursor()));
    }

    /**
     * {@code entries} counts this store's entries with {@code SCAN} (not {@code DBSIZE} or {@code INFO keyspace}, which
     * count tag sets, counters and other data too): exact, never blocking Redis, but linear in the database's key
     * count, so it is meant for the admin API, not for every request; after two seconds it gives up
     * and reports {@code -1}. {@code bytes}, {@code maxBytes} and {@code evictions} are the server's
     * {@code used_memory}, {@code maxmemory} ({@code -1} when unlimited) and {@code evicted_keys} from {@code INFO},
     * i.e. for the whole Redis, which is what bounds and evicts this store's entries.
     */
    @Override
    public StoreUsage usage() {
        long entries = countEntries();
        RedisInfo info = RedisInfo.parse(calls.call("usage", c -> c.info()));
        long maxMemory = info.number("maxmemory", 0);
        return new StoreUsage(entries, info.number("used_memory", 0), maxMemory > 0 ? maxMemory : -1,
                info.number("evicted_keys", 0));
    }

    /**
     * {@code PING} latency and the figures operators need to judge Redis as a cache. Probes bypass the circuit
     * breaker, so health shows whether Redis itself answers; the breaker's state is a detail of its own.
     */
    @Override
    public StoreHealth health() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("breaker", calls.breakerState());
        details.put("connected", connections.connection().isOpen() ? "yes" : "no");
        details.put("undecodable_entries", Long.toString(codec.undecodable()));
        try {
            long start = clock.nanoTime();
            calls.probe("health", c -> c.ping());
            Duration latency = Duration.ofNanos(Math.max(0, clock.nanoTime() - start));
            RedisInfo info = RedisInfo.parse(calls.probe("health", c -> c.info()));
            info.text("redis_version").ifPresent(v -> details.put("redis_version", v));
            info.text("used_memory").ifPresent(v -> details.put("used_memory", v));
            info.text("maxmemory").ifPresent(v -> details.put("maxmemory", v));
            info.text("maxmemory_policy").ifPresent(v -> details.put("maxmemory-policy", v));
            info.text("evicted_keys").ifPresent(v -> details.put("evicted_keys", v));
            return new StoreHealth(BACKEND, true, latency, details);
        } catch (RedisStoreException down) {
            details.put("error", down.getMessage());
            return new StoreHealth(BACKEND, false, Duration.ZERO, details);
        }
    }

    private boolean store(String operation, CacheKey key, CachedResponse response, Set<Tag> tags, String expected) {
        List<Tag> ordered = List.copyOf(tags);
        byte[][] keys = new byte[3 + 2 * ordered.size()][];
        keys[0] = names.entry(key);
        keys[1] = names.keyGeneration(key);
        keys[2] = names.allGeneration();
        for (int i = 0; i < ordered.size(); i++) {
            keys[3 + 2 * i] = names.tagSet(ordered.get(i));
            keys[4 + 2 * i] = names.tagGeneration(ordered.get(i));
        }
        // PX needs at least 1 ms; a sub-millisecond retention is as good as gone anyway
        long retentionMillis = Math.max(1, ceilMillis(response.retention()));
        Long stored = calls.eval(operation, RedisScripts.STORE, ScriptOutputType.INTEGER, keys,
                RedisKeyNames.ascii(expected),
                RedisKeyNames.ascii(Long.toString(retentionMillis)),
                codec.encode(response),
                RedisKeyNames.ascii(joined(ordered)),
                RedisKeyNames.ascii(names.prefix()),
                RedisKeyNames.ascii(Integer.toString(RedisScripts.PRUNE_SAMPLE)));
        return stored != null && stored == 1;
    }

    private long deleteMatching(String match) {
        long removed = 0;
        ScanArgs args = ScanArgs.Builder.matches(match).limit(CLEAR_SCAN_COUNT);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            ScanCursor from = cursor;
            KeyScanCursor<byte[]> page = calls.call("clear", c -> c.scan(from, args));
            if (!page.getKeys().isEmpty()) {
                byte[][] batch = page.getKeys().toArray(new byte[0][]);
                removed += calls.call("clear", c -> c.unlink(batch));
            }
            cursor = page;
        } while (!cursor.isFinished());
        return removed;
    }

    private long countEntries() {
        long deadline = clock.nanoTime() + USAGE_SCAN_BUDGET.toNanos();
        long count = 0;
        ScanArgs args = ScanArgs.Builder.matches(names.entryPattern(KeyPattern.ALL)).limit(COUNT_SCAN_COUNT);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            if (clock.nanoTime() - deadline > 0) {
                if (countBudgetLogged.compareAndSet(false, true)) {
                    LOG.warn("Counting Redis cache entries took longer than {}; usage reports -1 entries", USAGE_SCAN_BUDGET);
                }
                return -1;
            }
            ScanCursor from = cursor;
            KeyScanCursor<byte[]> page = calls.call("usage", c -> c.scan(from, args));
            count += page.getKeys().size();
            cursor = page;
        } while (!cursor.isFinished());
        return count;
    }

    private static String joined(List<Tag> tags) {
        StringBuilder text = new StringBuilder();
        for (Tag tag : tags) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(tag.value());
        }
        return text.toString();
    }

    private static long ceilMillis(Duration duration) {
        long millis = duration.toMillis();
        return duration.minusMillis(millis).isZero() ? millis : millis + 1;
    }

    @Override
    public String toString() {
        return "RedisCacheStore[" + connections.description() + ", prefix " + names.prefix() + "]";
    }
}
