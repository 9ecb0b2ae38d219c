package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.KeyPage;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.MalformedCursor;
import dev.jobcache.domain.cache.StoreFailure;
import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.cache.TagPage;
import dev.jobcache.domain.cache.TagPrefix;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * A {@link CacheStore} on Redis, shared by every application instance that uses the same Redis and key prefix: one
 * server, the primary of a Sentinel group, or a Redis Cluster.
 *
 * <p>Entries expire in Redis after their retention ({@code PEXPIRE}, counted from the put). They live in buckets, each
 * a complete layout under one Cluster hash tag (64 on a Cluster, so entries spread over its masters; one elsewhere),
 * and every script stays inside the bucket of the entry it is about (see {@link RedisKeyNames}). An invalidation of
 * a tag bumps the tag's counter in every bucket, and a read returns an entry only while the counters it recorded are
 * current, so the invalidation's cost in Redis does not grow with the entries carrying the tag and nothing Redis
 * evicts lets an invalidated entry be read (see {@link RedisScripts}). It returns only after every bucket applied it
 * and, where the connections ask for it, after {@code WAIT} saw that many replicas have it, so that a failover
 * cannot bring an acknowledged invalidation's entries back. The invalidated entries are then deleted in bounded
 * batches. Listing, counting and clearing walk each master's key space with {@code SCAN} under the prefix, never
 * {@code KEYS} or {@code FLUSHDB}: other data may share the database.
 *
 * <p>Every call waits at most the command timeout per Redis command, goes through a circuit breaker, and fails with a
 * {@link RuntimeException} whose message says what failed; the application's fail-open decorator turns that into a
 * miss. An entry that cannot be decoded is a miss, not a failure. Thread-safe; the connection is shared, not owned:
 * close the {@link RedisConnections} after the store is no longer used.
 */
public final class RedisCacheStore implements CacheStore {

    static final String BACKEND = "redis";
    /** How long a generation counter outlives its last bump: far longer than any origin call a loader waits for. */
    static final Duration COUNTER_TTL = Duration.ofDays(1);
    private static final int CLEAR_SCAN_COUNT = 500;
    private static final int COUNT_SCAN_COUNT = 1000;
    /** A sweep of invalidated entries gives up after this many batches; what is left expires with its TTL. */
    private static final int MAX_SWEEPS = 10_000;
    /** How often, while too few replicas acknowledge, one invalidation WAITs again to see whether they are back. */
    static final Duration UNDER_REPLICATED_PROBE_INTERVAL = Duration.ofMillis(250);
    /** Counting entries walks the whole key space; beyond this the count is reported unknown rather than waited for. */
    private static final Duration USAGE_SCAN_BUDGET = Duration.ofSeconds(2);
    private static final Pattern REDIS_CURSOR = Pattern.compile("[0-9]{1,20}");
    private static final Pattern CLUSTER_CURSOR = Pattern.compile("([0-9]{1,5}):([0-9]{1,20})");
    private static final int CLUSTER_SLOTS = 16_384;
    private static final Logger LOG = LoggerFactory.getLogger(RedisCacheStore.class);

    private final RedisConnections connections;
    private final RedisKeyNames names;
    private final RedisScripts scripts;
    private final RedisEntryCodec codec = new RedisEntryCodec();
    private final RedisCalls calls;
    private final Clock clock;
    private final byte[] counterTtlMillis = RedisKeyNames.ascii(Long.toString(COUNTER_TTL.toMillis()));
    private final byte[] sweepBatch = RedisKeyNames.ascii(Integer.toString(RedisScripts.SWEEP_BATCH));
    private final byte[][] bucketTags;
    private final AtomicBoolean countBudgetLogged = new AtomicBoolean();
    private final AtomicBoolean underReplicatedLogged = new AtomicBoolean();
    /** Until when (nanoTime) invalidations are owed without a {@code WAIT}; see {@link #awaitReplicas}. */
    private volatile long underReplicatedUntilNanos;
    private volatile boolean underReplicated;
    private final AtomicBoolean probingReplicas = new AtomicBoolean();

    /** A store under the default key prefix {@value RedisKeyNames#DEFAULT_PREFIX}. */
    public RedisCacheStore(RedisConnections connections, Clock clock) {
        this(connections, RedisKeyNames.DEFAULT_PREFIX, clock);
    }

    /**
     * @param connections where Redis is, the command timeout and the circuit breaker's settings; not closed by the store
     * @param keyPrefix   put before every key name, e.g. {@code jobcache:v1:}; letters, digits and {@code :._/-}
     * @param clock       time for health latency and the circuit breaker; entries expire on Redis' clock
     */
    public RedisCacheStore(RedisConnections connections, String keyPrefix, Clock clock) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.names = new RedisKeyNames(keyPrefix, connections.buckets());
        this.scripts = RedisScripts.forServer(connections.scriptFlags());
        this.clock = Objects.requireNonNull(clock, "clock");
        RedisSettings settings = connections.settings();
        this.calls = new RedisCalls(connections.commands(), settings.commandTimeout(),
                new RedisCircuitBreaker("redis-cache-store " + keyPrefix, settings, clock));
        this.bucketTags = new byte[names.buckets()][];
        for (int i = 0; i < bucketTags.length; i++) {
            bucketTags[i] = RedisKeyNames.ascii(names.bucket(i));
        }
    }

    @Override
    public Optional<CachedResponse> get(CacheKey key) {
        byte[][] keys = {names.entry(key)};
        byte[] bucket = bucketTags[names.bucketOf(key)];
        byte[] encoded = scripts.readOnlyReads()
                ? calls.<byte[]>evalReadOnly("get", scripts.read, ScriptOutputType.VALUE, keys, bucket)
                : calls.eval("get", scripts.read, ScriptOutputType.VALUE, keys, bucket);
        return encoded == null ? Optional.empty() : codec.decode(encoded);
    }

    /** The same read script as {@link #get}, answered on Lettuce's I/O thread. */
    @Override
    public CompletionStage<Optional<CachedResponse>> getAsync(CacheKey key) {
        byte[][] keys = {names.entry(key)};
        byte[] bucket = bucketTags[names.bucketOf(key)];
        return calls.<byte[]>evalAsync("get", scripts.read, ScriptOutputType.VALUE, scripts.readOnlyReads(), keys, bucket)
                .thenApply(encoded -> encoded == null ? Optional.<CachedResponse>empty() : codec.decode(encoded));
    }

    /** Lettuce answers every command on its own I/O threads, so a read can wait for Redis without holding its caller. */
    @Override
    public boolean readsAsynchronously() {
        return true;
    }

    @Override
    public void put(CacheKey key, CachedResponse response, Set<Tag> tags) {
        store("put", key, response, tags, "", "");
    }

    /**
     * The first 60 bits of the SHA-1 of the key's, the bucket's and the tags' counters as text, which the store
     * script computes alike ({@code redis.sha1hex}): equal exactly when every counter is, without adding counters
     * that Lua could only add as doubles.
     */
    @Override
    public long generation(CacheKey key, Set<Tag> tags) {
        int bucket = names.bucketOf(key);
        List<Tag> ordered = ordered(tags);
        byte[][] counters = new byte[2 + ordered.size()][];
        counters[0] = names.keyGeneration(key);
        counters[1] = names.allGeneration(bucket);
        for (int i = 0; i < ordered.size(); i++) {
            counters[2 + i] = names.tagGeneration(bucket, ordered.get(i));
        }
        // one slot, so one MGET even on a Cluster
        List<KeyValue<byte[], byte[]>> values = calls.call("generation", c -> c.mget(counters));
        StringBuilder text = new StringBuilder();
        for (KeyValue<byte[], byte[]> value : values) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(value.hasValue() ? new String(value.getValue(), StandardCharsets.US_ASCII) : "0");
        }
        return fingerprint(text.toString());
    }

    static long fingerprint(String counters) {
        try {
            byte[] sha1 = java.security.MessageDigest.getInstance("SHA-1").digest(counters.getBytes(StandardCharsets.US_ASCII));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (sha1[i] & 0xff);
            }
            // 15 hex digits, what the script compares
            return value >>> 4;
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-1 is not available", impossible);
        }
    }

    private static List<Tag> ordered(Set<Tag> tags) {
        List<Tag> ordered = new ArrayList<>(tags);
        // the same order in generation() and store(), whatever kind of Set the caller passed each time
        ordered.sort(java.util.Comparator.comparing(Tag::value));
        return ordered;
    }

    @Override
    public boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, long generation) {
        return store("putIfUnchanged", key, response, tags, String.format("%015x", generation), "");
    }

    /** The script compares the guards' counters, read in the same order as {@link #generation} reads them. */
    @Override
    public boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, Set<Tag> guards,
                                  long generation) {
        String guarded = guards.isEmpty() ? " " : joined(ordered(guards));
        return store("putIfUnchanged", key, response, tags, String.format("%015x", generation), guarded);
    }

    @Override
    public boolean invalidate(CacheKey key) {
        byte[] entry = names.entry(key);
        RedisClusterAsyncCommands<byte[], byte[]> master = invalidationCommandsFor(entry);
        Long removed = calls.evalOn(master, "invalidate", scripts.invalidateKey, ScriptOutputType.INTEGER,
                new byte[][] {entry, names.keyGeneration(key)}, counterTtlMillis);
        awaitReplicas("invalidate", List.of(master));
        return removed != null && removed > 0;
    }

    /**
     * Bumps the tags' counters in every bucket, all buckets' scripts pipelined, and returns once each has answered
     * and, per master, the replicas acknowledged; from then on no instance reads an entry stored before under these
     * tags. Then deletes those entries, bucket by bucket in bounded batches, to count them and free their memory.
     * A bucket that fails fails the whole invalidation, so that the caller knows it is owed.
     */
    @Override
    public long invalidateTags(Set<Tag> tags) {
        if (tags.isEmpty()) {
            return 0;
        }
        List<Tag> ordered = List.copyOf(tags);
        List<RedisClusterAsyncCommands<byte[], byte[]>> masters = bumpInEveryBucket("invalidateTags", bucket -> {
            byte[][] keys = new byte[ordered.size()][];
            for (int i = 0; i < ordered.size(); i++) {
                keys[i] = names.tagGeneration(bucket, ordered.get(i));
            }
            return keys;
        });
        return sweep(ordered, masters);
    }

    /**
     * Bumps every bucket's store-wide generation first, so that no entry stored before is read any more and loads in
     * flight cannot store afterwards, then deletes entries and tag sets page by page on every master. Generation
     * counters stay: deleting them would let a load that read them before the clear see the same (empty) generation
     * again and store. A put racing with the walk may survive it, as with any clear that is not a stop-the-world.
     */
    @Override
    public long clear() {
        bumpInEveryBucket("clear", bucket -> new byte[][] {names.allGeneration(bucket)});
        long removed = 0;
        for (RedisConnections.Master master : masters()) {
            removed += deleteMatching(master.commands(), names.entryPattern(KeyPattern.ALL));
            deleteMatching(master.commands(), names.tagSetPatterns());
        }
        return removed;
    }

    /**
     * One {@code SCAN} step over entries matching {@code pattern}. On one server the cursor is Redis' own; on a Cluster
     * it is {@code <slot>:<cursor>}, naming the master by the first slot it serves (which a failover keeps), and a
     * page ends where a master's walk ends. {@code SCAN} treats the limit as a hint ({@code COUNT}), so a page may hold
     * a few more keys than asked for, never an unbounded number. A cursor of another form, past a SCAN cursor's range,
     * or naming a master that is gone is a {@link MalformedCursor}, refused before any command is sent.
     */
    @Override
    public KeyPage scanKeys(KeyPattern pattern, Optional<String> cursor, int limit) {
        Page<CacheKey> page = scan("scanKeys", names.entryPattern(pattern), names::cacheKeyOf, cursor, limit);
        return new KeyPage(page.found(), page.next());
    }

    /**
     * One {@code SCAN} step over the tag sets of the tags starting with {@code prefix}, with cursors as for
     * {@link #scanKeys}. A tag that has entries in several buckets is listed once per page, and may be listed again on
     * another page.
     */
    @Override
    public TagPage scanTags(TagPrefix prefix, Optional<String> cursor, int limit) {
        Page<Tag> page = scan("scanTags", names.tagSetPattern(prefix), names::tagOf, cursor, limit);
        return new TagPage(page.found().stream().distinct().toList(), page.next());
    }

    private record Page<T>(List<T> found, Optional<String> next) {
    }

    /** One step of a listing of the names matching {@code match}, each parsed by {@code parse}. */
    private <T> Page<T> scan(String operation, String match, java.util.function.Function<byte[], Optional<T>> parse,
                             Optional<String> cursor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit is at least 1, was " + limit);
        }
        boolean cluster = connections.isCluster();
        // the cursor's form is checked before the masters are looked up, which may mean I/O
        java.util.regex.Matcher parts = null;
        String from = "0";
        if (cursor.isPresent()) {
            String given = cursor.get();
            if (!cluster) {
                from = scanCursor(given, given);
            } else {
                parts = CLUSTER_CURSOR.matcher(given);
                if (!parts.matches() || Integer.parseInt(parts.group(1)) >= CLUSTER_SLOTS) {
                    throw new MalformedCursor("not a cursor this store handed out: " + given);
                }
                from = scanCursor(parts.group(2), given);
            }
        }
        List<RedisConnections.Master> masters = cluster ? masters() : null;
        int node = 0;
        if (parts != null) {
            int slot = Integer.parseInt(parts.group(1));
            node = -1;
            for (int i = 0; i < masters.size(); i++) {
                if (masters.get(i).firstSlot() == slot) {
                    node = i;
                }
            }
            if (node < 0) {
                throw new MalformedCursor("the cursor names a Redis Cluster master that is gone; start the listing "
                        + "again without a cursor: " + cursor.get());
            }
        }
        ScanArgs args = ScanArgs.Builder.matches(match).limit(limit);
        List<T> keys = new ArrayList<>();
        while (true) {
            String start = from;
            KeyScanCursor<byte[]> page = masters == null
                    ? calls.call(operation, c -> c.scan(ScanCursor.of(start), args))
                    : calls.callOn(masters.get(node).commands(), operation, c -> c.scan(ScanCursor.of(start), args));
            for (byte[] name : page.getKeys()) {
                parse.apply(name).ifPresent(keys::add);
            }
            boolean done = page.isFinished() || "0".equals(page.getCursor());
            if (masters == null) {
                return new Page<>(keys, done ? Optional.empty() : Optional.of(page.getCursor()));
            }
            if (!done) {
                return new Page<>(keys, Optional.of(masters.get(node).firstSlot() + ":" + page.getCursor()));
            }
            if (node + 1 == masters.size()) {
                return new Page<>(keys, Optional.empty());
            }
            node++;
            from = "0";
            // a master walked to its end hands over to the next one in the same page, so an empty store is one page
            if (!keys.isEmpty()) {
                return new Page<>(keys, Optional.of(masters.get(node).firstSlot() + ":0"));
            }
        }
    }

    /**
     * Redis' own SCAN cursor: an unsigned 64-bit number. Checked here, before any I/O, because Redis answers anything
     * else with "ERR invalid cursor", which would reach the caller as a failed store rather than as its own mistake.
     */
    private static String scanCursor(String text, String given) {
        if (!REDIS_CURSOR.matcher(text).matches()) {
            throw new MalformedCursor("not a cursor this store handed out: " + given);
        }
        try {
            Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw new MalformedCursor("not a cursor this store handed out: " + given);
        }
        return text;
    }

    /**
     * {@code entries} counts this store's entries with {@code SCAN} on every master (not {@code DBSIZE} or
     * {@code INFO keyspace}, which count tag sets, counters and other data too): exact, never blocking Redis, but
     * linear in the database's key count, so it is meant for the admin API, not for every request; after two seconds
     * it gives up and reports {@code -1}. {@code bytes}, {@code maxBytes} and {@code evictions} are the servers'
     * {@code used_memory}, {@code maxmemory} ({@code -1} when any master is unlimited) and {@code evicted_keys} from
     * {@code INFO}, summed over the masters, since that is what bounds and evicts this store's entries.
     */
    @Override
    public StoreUsage usage() {
        long deadline = clock.nanoTime() + USAGE_SCAN_BUDGET.toNanos();
        long entries = 0;
        long bytes = 0;
        long maxBytes = 0;
        long evictions = 0;
        for (RedisConnections.Master master : masters()) {
            long counted = entries < 0 ? -1 : countEntries(master.commands(), deadline);
            entries = counted < 0 ? -1 : entries + counted;
            RedisInfo info = RedisInfo.parse(calls.callOn(master.commands(), "usage", c -> c.info()));
            bytes += info.number("used_memory", 0);
            long maxMemory = info.number("maxmemory", 0);
            maxBytes = maxBytes < 0 || maxMemory <= 0 ? -1 : maxBytes + maxMemory;
            evictions += info.number("evicted_keys", 0);
        }
        return new StoreUsage(entries, bytes, maxBytes, evictions);
    }

    /**
     * {@code PING} latency and the figures operators need to judge Redis as a cache, per master on a Cluster. Probes
     * bypass the circuit breaker, so health shows whether Redis itself answers; the breaker's state is a detail of its
     * own. Up means every master answered.
     */
    @Override
    public StoreHealth health() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("breaker", calls.breakerState());
        details.put("connected", connections.isOpen() ? "yes" : "no");
        details.put("undecodable_entries", Long.toString(codec.undecodable()));
        details.put("buckets", Integer.toString(names.buckets()));
        details.put("replica_acknowledgements", Integer.toString(connections.replicaAcknowledgements()));
        try {
            long start = clock.nanoTime();
            calls.probe("health", c -> c.ping());
            Duration latency = Duration.ofNanos(Math.max(0, clock.nanoTime() - start));
            List<RedisConnections.Master> masters = masters();
            if (masters.size() > 1) {
                details.put("masters", Integer.toString(masters.size()));
            }
            for (RedisConnections.Master master : masters) {
                String at = masters.size() > 1 ? master.address() + " " : "";
                RedisInfo info = RedisInfo.parse(calls.probeOn(master.commands(), "health", c -> c.info()));
                info.text("redis_version").ifPresent(v -> details.put(at + "redis_version", v));
                info.text("used_memory").ifPresent(v -> details.put(at + "used_memory", v));
                info.text("maxmemory").ifPresent(v -> details.put(at + "maxmemory", v));
                info.text("maxmemory_policy").ifPresent(v -> details.put(at + "maxmemory-policy", v));
                info.text("evicted_keys").ifPresent(v -> details.put(at + "evicted_keys", v));
                info.text("connected_slaves").ifPresent(v -> details.put(at + "replicas", v));
            }
            return new StoreHealth(BACKEND, true, latency, details);
        } catch (RedisStoreException | io.lettuce.core.RedisException down) {
            details.put("error", down.getMessage());
            return new StoreHealth(BACKEND, false, Duration.ZERO, details);
        }
    }

    private boolean store(String operation, CacheKey key, CachedResponse response, Set<Tag> tags, String expected,
                          String guards) {
        int bucket = names.bucketOf(key);
        List<Tag> ordered = ordered(tags);
        byte[][] keys = new byte[3 + 2 * ordered.size()][];
        keys[0] = names.entry(key);
        keys[1] = names.keyGeneration(key);
        keys[2] = names.allGeneration(bucket);
        for (int i = 0; i < ordered.size(); i++) {
            keys[3 + 2 * i] = names.tagSet(bucket, ordered.get(i));
            keys[4 + 2 * i] = names.tagGeneration(bucket, ordered.get(i));
        }
        // PX needs at least 1 ms; a sub-millisecond retention is as good as gone anyway
        long retentionMillis = Math.max(1, ceilMillis(response.retention()));
        Long stored = calls.eval(operation, scripts.store, ScriptOutputType.INTEGER, keys,
                RedisKeyNames.ascii(expected),
                RedisKeyNames.ascii(Long.toString(retentionMillis)),
                codec.encode(response),
                RedisKeyNames.ascii(joined(ordered)),
                bucketTags[bucket],
                RedisKeyNames.ascii(Integer.toString(RedisScripts.PRUNE_SAMPLE)),
                counterTtlMillis,
                RedisKeyNames.ascii(guards));
        return stored != null && stored == 1;
    }

    /**
     * Bumps the counters {@code countersOf} names in each bucket, all buckets' scripts pipelined, and returns once
     * every bucket answered and, per master, the replicas acknowledged; a bucket that fails fails the whole call.
     *
     * @return the master of each bucket, by bucket
     */
    private List<RedisClusterAsyncCommands<byte[], byte[]>> bumpInEveryBucket(String operation, IntFunction<byte[][]> countersOf) {
        int buckets = names.buckets();
        List<RedisClusterAsyncCommands<byte[], byte[]>> masters = new ArrayList<>(buckets);
        List<byte[][]> counters = new ArrayList<>(buckets);
        List<RedisFuture<Long>> bumps = new ArrayList<>(buckets);
        for (int bucket = 0; bucket < buckets; bucket++) {
            byte[][] keys = countersOf.apply(bucket);
            RedisClusterAsyncCommands<byte[], byte[]> master = invalidationCommandsFor(keys[0]);
            masters.add(master);
            counters.add(keys);
            bumps.add(calls.startScript(master, scripts.bumpTags, ScriptOutputType.INTEGER, keys, counterTtlMillis));
        }
        for (int bucket = 0; bucket < buckets; bucket++) {
            calls.awaitScript(bumps.get(bucket), masters.get(bucket), operation, scripts.bumpTags,
                    ScriptOutputType.INTEGER, counters.get(bucket), counterTtlMillis);
        }
        // the same commands object per master, so identity tells the masters apart
        Set<RedisClusterAsyncCommands<byte[], byte[]>> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(masters);
        awaitReplicas(operation, distinct);
        return masters;
    }

    /** Deletes the entries the bumps made unreadable, each bucket's in bounded steps, and counts them. */
    private long sweep(List<Tag> tags, List<RedisClusterAsyncCommands<byte[], byte[]>> masters) {
        byte[] joinedTags = RedisKeyNames.ascii(joined(tags));
        long deleted = 0;
        boolean[] done = new boolean[names.buckets()];
        int open = done.length;
        for (int round = 0; round < MAX_SWEEPS && open > 0; round++) {
            List<RedisFuture<List<Long>>> steps = new ArrayList<>();
            List<byte[][]> stepKeys = new ArrayList<>();
            for (int bucket = 0; bucket < done.length; bucket++) {
                if (done[bucket]) {
                    steps.add(null);
                    stepKeys.add(null);
                    continue;
                }
                byte[][] keys = new byte[2 * tags.size()][];
                for (int i = 0; i < tags.size(); i++) {
                    keys[2 * i] = names.tagSet(bucket, tags.get(i));
                    keys[2 * i + 1] = names.keptSet(bucket, tags.get(i));
                }
                stepKeys.add(keys);
                steps.add(calls.startScript(masters.get(bucket), scripts.sweepTags, ScriptOutputType.MULTI, keys,
                        joinedTags, sweepBatch, bucketTags[bucket]));
            }
            for (int bucket = 0; bucket < done.length; bucket++) {
                if (done[bucket]) {
                    continue;
                }
                List<Long> result = calls.awaitScript(steps.get(bucket), masters.get(bucket), "invalidateTags",
                        scripts.sweepTags, ScriptOutputType.MULTI, stepKeys.get(bucket), joinedTags, sweepBatch,
                        bucketTags[bucket]);
                deleted += result.get(0);
                if (result.get(1) == 0) {
                    done[bucket] = true;
                    open--;
                }
            }
        }
        if (open > 0) {
            LOG.warn("Stopped deleting the entries of {} after {} batches; they are unreadable already and expire with their TTL",
                    tags, MAX_SWEEPS);
        }
        return deleted;
    }

    private List<RedisConnections.Master> masters() {
        try {
            return connections.masters();
        } catch (RuntimeException unreachable) {
            throw LettuceFailures.map("reach the Redis masters", unreachable);
        }
    }

    private RedisClusterAsyncCommands<byte[], byte[]> invalidationCommandsFor(byte[] key) {
        try {
            return connections.invalidationCommandsFor(key);
        } catch (RuntimeException unreachable) {
            throw LettuceFailures.map("reach the Redis master of an invalidation", unreachable);
        }
    }

    /**
     * {@code WAIT}s, on the connection the invalidation ran on, until {@link RedisConnections#replicaAcknowledgements()}
     * replicas have everything it wrote; fails when fewer acknowledge within the command timeout, so the invalidation
     * is owed: a failover could otherwise promote a replica that never had it.
     *
     * <p>This holds when the master has fewer replicas online too, e.g. a promoted one whose old master has not come
     * back yet: a master that lost its replica may be the one being given up (a graceful Sentinel failover, a network
     * partition), and what it acknowledges then is lost with it. So such a master's invalidations are owed until a
     * replica is online again, and the first time that happens the log says why.
     */
    private void awaitReplicas(String operation, Collection<RedisClusterAsyncCommands<byte[], byte[]>> masters) {
        int wanted = connections.replicaAcknowledgements();
        if (wanted == 0) {
            return;
        }
        // A WAIT holds its connection, and every command queued behind it, for up to waitMillis. Under writes a master
        // without its replica (a promoted one whose old master is not back) would get WAITs faster than they end,
        // until Lettuce refuses every command on that connection; so while too few replicas acknowledge, one
        // invalidation per interval WAITs to see whether they are back, and the others are owed at once.
        boolean probing = false;
        if (underReplicated) {
            if (clock.nanoTime() - underReplicatedUntilNanos < 0 || !probingReplicas.compareAndSet(false, true)) {
                throw new RedisStoreException(operation + ": too few replicas acknowledged an invalidation moments ago;"
                        + " owed without waiting again", false, StoreFailure.Reach.CALL, null);
            }
            probing = true;
        }
        try {
            for (RedisClusterAsyncCommands<byte[], byte[]> master : masters) {
                awaitReplicas(operation, master, wanted);
            }
        } finally {
            if (probing) {
                probingReplicas.set(false);
            }
        }
        underReplicated = false;
        if (underReplicatedLogged.compareAndSet(true, false)) {
            LOG.info("Redis invalidations are acknowledged by {} replica(s) again", wanted);
        }
    }

    private void awaitReplicas(String operation, RedisClusterAsyncCommands<byte[], byte[]> master, int wanted) {
        // Redis' own wait ends before ours, so that a slow replica is told apart from a slow master
        long waitMillis = Math.max(1, calls.timeout().toMillis() * 3 / 4);
        Long acknowledged;
        try {
            acknowledged = calls.callOn(master, operation, c -> c.waitForReplication(wanted, waitMillis));
        } catch (RedisStoreException noAnswer) {
            // not even Redis' own wait ended in time: the next WAIT on this connection would queue behind this one
            markUnderReplicated();
            throw noAnswer;
        }
        if (acknowledged == null || acknowledged < wanted) {
            markUnderReplicated();
            if (underReplicatedLogged.compareAndSet(false, true)) {
                int online = onlineReplicas(calls.callOn(master, operation, c -> c.info("replication")));
                LOG.warn("A Redis master acknowledged an invalidation from {} of {} replica(s) ({} online): its"
                        + " invalidations are owed until enough replicas are back (REDIS_WAIT_REPLICAS)", acknowledged,
                        wanted, online);
            }
            throw new RedisStoreException(operation + ": only " + acknowledged + " of " + wanted
                    + " replica(s) acknowledged the invalidation within " + waitMillis + " ms", false,
                    StoreFailure.Reach.CALL, null);
        }
    }

    private void markUnderReplicated() {
        underReplicatedUntilNanos = clock.nanoTime() + UNDER_REPLICATED_PROBE_INTERVAL.toNanos();
        underReplicated = true;
    }

    /** The replicas {@code INFO replication} lists as {@code state=online}. */
    static int onlineReplicas(String replicationInfo) {
        int online = 0;
        for (String line : replicationInfo.split("\r?\n")) {
            if (line.startsWith("slave") && line.indexOf(':') > 0 && line.contains("state=online")) {
                online++;
            }
        }
        return online;
    }

    private long deleteMatching(RedisClusterAsyncCommands<byte[], byte[]> on, String match) {
        long removed = 0;
        ScanArgs args = ScanArgs.Builder.matches(match).limit(CLEAR_SCAN_COUNT);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            ScanCursor from = cursor;
            KeyScanCursor<byte[]> page = calls.callOn(on, "clear", c -> c.scan(from, args));
            // whatever matched is under our prefix and ours to clear, junk included
            List<byte[]> batch = page.getKeys();
            // one UNLINK per key: on a Cluster a multi-key UNLINK must stay in one slot
            List<RedisFuture<Long>> unlinks = new ArrayList<>(batch.size());
            for (byte[] name : batch) {
                unlinks.add(on.unlink(name));
            }
            for (RedisFuture<Long> unlink : unlinks) {
                Long one = calls.callOn(on, "clear", c -> unlink);
                removed += one == null ? 0 : one;
            }
            cursor = page;
        } while (!cursor.isFinished());
        return removed;
    }

    private long countEntries(RedisClusterAsyncCommands<byte[], byte[]> on, long deadline) {
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
            KeyScanCursor<byte[]> page = calls.callOn(on, "usage", c -> c.scan(from, args));
            for (byte[] name : page.getKeys()) {
                if (names.cacheKeyOf(name).isPresent()) {
                    count++;
                }
            }
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
        return "RedisCacheStore[" + connections.description() + ", prefix " + names.prefix() + ", " + names.buckets()
                + " bucket(s)]";
    }
}
