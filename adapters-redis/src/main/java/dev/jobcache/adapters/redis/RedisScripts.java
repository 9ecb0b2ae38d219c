package dev.jobcache.adapters.redis;

/**
 * The Lua scripts behind every read and write. Each runs atomically in Redis, which is what closes the stale-set race
 * across application instances: a conditional store compares the generation and writes in one step, and an
 * invalidation bumps its counter in one step.
 *
 * <p>Generations are counters ({@code g:k:<key>}, {@code g:t:<tag>}, {@code g:all}, one set per bucket, see
 * {@link RedisKeyNames}), kept as text and compared as text (Lua's numbers are doubles); a key's generation is a
 * digest of its own, the bucket-wide and its tags' counters, missing counting as {@code 0}. A counter that is created
 * (again) starts at the server's time in microseconds, above any value an expired or evicted counter could have
 * reached (a counter gains one per invalidation, far fewer than one per microsecond), so no counter returns to a
 * value read earlier (no ABA). A store creates the counters its entry records, so that an entry never records a
 * missing one: a counter evicted after it was read reads as {@code 0}, which no entry recorded.
 *
 * <p><b>Invalidation is a counter bump, checked on every read.</b> An entry records, beside the encoded response
 * ({@code d}), its tags ({@code t}) and each tag's counter as it was when the entry was stored ({@code g}), and the
 * bucket-wide counter ({@code a}). {@link #read} returns the entry only if every one of those counters still has the
 * recorded value. So an invalidation costs one bump per bucket however many entries carry the tag, and nothing Redis
 * evicts can bring an invalidated entry back: an evicted counter reads as 0, which no entry recorded after the
 * counter existed, and an evicted tag set only leaves entries for their TTL to remove, never to be served.
 * Deleting the invalidated entries is housekeeping, done by {@link #sweepTags} in bounded batches.
 *
 * <p>Keys and flags: on Redis 7 and later the scripts start with {@code #!lua}, so Redis knows their flags; {@link #read} is {@code no-writes} (it
 * may run on a replica and when Redis is full), the invalidations are {@code allow-oom} (an invalidation must work
 * most of all when Redis is full), and {@link #store} has no flag: at {@code maxmemory} Redis refuses it before it
 * runs. Every script declares the entry or counter it is about in {@code KEYS}; the other names it touches (the
 * counters an entry names, old tag sets, set members) are built from the bucket's hash tag given in {@code ARGV}, so
 * they are always in the slot of the declared keys, which is what Redis Cluster enforces for such scripts. (Redis 7.0
 * refuses a key of another slot, not an undeclared one of the same slot; the Cluster tests run these scripts.) Before
 * Redis 7 there are no flags: the same scripts run in the old form, with effects replication turned on, and Redis
 * refuses a script's first OOM-guarded write at {@code maxmemory}, which is why {@code bump} starts with a
 * {@code PEXPIRE}.
 */
final class RedisScripts {

    /** How many tag set members each store samples for pruning. */
    static final int PRUNE_SAMPLE = 4;
    /** How many tag set members one sweep examines: a few milliseconds of Redis' time at most. */
    static final int SWEEP_BATCH = 200;

    private static final String HELPERS = """
            local function split(text)
              local words = {}
              for word in string.gmatch(text or '', '%S+') do words[#words + 1] = word end
              return words
            end
            local function counter(name)
              return redis.call('GET', name) or '0'
            end
            -- a counter created (again) starts at the server's time in microseconds, built as text so that no
            -- floating point is involved: above any value an evicted or expired counter could have reached
            local function fresh_counter()
              local now = redis.call('TIME')
              return now[1] .. string.format('%06d', tonumber(now[2]))
            end
            local function bump(name, ttl)
              redis.call('PEXPIRE', name, ttl)
              if redis.call('EXISTS', name) == 0 then redis.call('SET', name, fresh_counter()) end
              redis.call('INCR', name)
              redis.call('PEXPIRE', name, ttl)
            end
            -- an entry records only counters that exist, so that one evicted later reads as a change ('0')
            local function existing_counter(name, ttl)
              local value = redis.call('GET', name)
              if value then return value end
              value = fresh_counter()
              redis.call('SET', name, value, 'PX', ttl)
              return value
            end
            local function index_of(words, word)
              for i = 1, #words do if words[i] == word then return i end end
              return nil
            end
            -- whether the entry still has each counter it recorded at its store
            local function current(bucket, tags, gens, all)
              if counter(bucket .. 'g:all') ~= all then return false end
              for i = 1, #tags do
                if counter(bucket .. 'g:t:' .. tags[i]) ~= gens[i] then return false end
              end
              return true
            end
            """;

    /**
     * The encoded response under the entry, or nil when there is none or an invalidation reached it since its store.
     * KEYS: entry. ARGV: the entry's bucket hash tag.
     */
    private static final String READ_BODY = """
            local v = redis.call('HMGET', KEYS[1], 'd', 't', 'g', 'a')
            if not v[1] then return false end
            if not current(ARGV[1], split(v[2]), split(v[3]), v[4] or '') then return false end
            return v[1]
            """;

    /**
     * Stores an entry, unconditionally or if the generation is unchanged; returns 1 if stored, else 0.
     * KEYS: entry, key generation, bucket generation, then per tag: tag set, tag generation.
     * ARGV: expected generation ('' = unconditional; else the first 15 hex digits of the SHA-1 of the counters, as
     * {@link RedisCacheStore#generation} computes it), retention ms, encoded response, tags in KEYS order, the bucket's
     * hash tag, prune sample size, counter ttl ms, and the guards the generation was read over, sorted ('' = the tags).
     */
    private static final String STORE_BODY = """
            local tags = split(ARGV[4])
            local bucket = ARGV[5]
            local counters = {counter(KEYS[2]), counter(KEYS[3])}
            if ARGV[8] == '' then
              for i = 1, #tags do counters[2 + i] = counter(KEYS[3 + 2 * i]) end
            else
              -- the guards' counters are in this bucket's slot, as every name built from its hash tag
              local guards = split(ARGV[8])
              for i = 1, #guards do counters[2 + i] = counter(bucket .. 'g:t:' .. guards[i]) end
            end
            if ARGV[1] ~= '' and string.sub(redis.sha1hex(table.concat(counters, ' ')), 1, 15) ~= ARGV[1] then return 0 end
            local entry = KEYS[1]
            local retention = tonumber(ARGV[2])
            local counterTtl = ARGV[7]
            local previous = redis.call('HGET', entry, 't')
            -- the first write: at maxmemory Redis refuses it and the script stops before changing anything
            local all = existing_counter(KEYS[3], counterTtl)
            -- the bucket's counter, which only a clear bumps, would otherwise expire a day after its first store and
            -- turn every entry of the bucket into a miss at once: renewed for a day when it would not outlive this
            -- entry (one key per bucket, so a day is cheap, and a long TTL keeps it last in line under volatile-ttl)
            if redis.call('PTTL', KEYS[3]) < retention then redis.call('PEXPIRE', KEYS[3], counterTtl) end
            local gens = {}
            for i = 1, #tags do gens[i] = existing_counter(KEYS[3 + 2 * i], counterTtl) end
            redis.call('HSET', entry, 'd', ARGV[3], 't', ARGV[4], 'g', table.concat(gens, ' '), 'a', all)
            redis.call('PEXPIRE', entry, retention)
            if previous then
              for _, old in ipairs(split(previous)) do
                if not index_of(tags, old) then redis.call('SREM', bucket .. 't:' .. old, entry) end
              end
            end
            local sample = tonumber(ARGV[6])
            for i = 1, #tags do
              local set = KEYS[2 + 2 * i]
              redis.call('SADD', set, entry)
              -- PTTL, not PEXPIRE GT: GT never shortens "no expiry", and this works before Redis 7 too
              if redis.call('PTTL', set) < retention then redis.call('PEXPIRE', set, retention) end
              -- a counter that expired before this entry would turn it into a miss early; safe, but needless
              local gen = KEYS[3 + 2 * i]
              if redis.call('PTTL', gen) < retention then redis.call('PEXPIRE', gen, retention) end
              for _, member in ipairs(redis.call('SRANDMEMBER', set, sample)) do
                local memberTags = redis.call('HGET', member, 't')
                if not memberTags or not index_of(split(memberTags), tags[i]) then redis.call('SREM', set, member) end
              end
            end
            return 1
            """;

    /**
     * Bumps each tag's counter in one bucket: from then on no entry of the bucket stored before is read under those
     * tags. KEYS per tag: tag generation. ARGV: counter ttl ms.
     */
    private static final String BUMP_TAGS_BODY = """
            for i = 1, #KEYS do bump(KEYS[i], ARGV[1]) end
            return #KEYS
            """;

    /**
     * One bounded step of deleting a bucket's entries that an invalidation of the tags made unreadable: pops at most
     * ARGV[2] members of the tag sets; deletes those whose recorded counter for the tag is no longer current and
     * counts them; keeps aside ({@code k:} set) those stored again since; forgets the rest (gone, or retagged). When a
     * tag set is empty, what was kept aside goes back into it. Returns {deleted, members left}.
     * KEYS per tag: tag set, kept set. ARGV: tags in KEYS order, batch size, the bucket's hash tag.
     */
    private static final String SWEEP_TAGS_BODY = """
            local tags = split(ARGV[1])
            local budget = tonumber(ARGV[2])
            local bucket = ARGV[3]
            local deleted, left = 0, 0
            for i = 1, #tags do
              local set, kept = KEYS[2 * i - 1], KEYS[2 * i]
              local current_gen = counter(bucket .. 'g:t:' .. tags[i])
              if budget > 0 then
                local members = redis.call('SPOP', set, budget)
                budget = budget - #members
                for _, member in ipairs(members) do
                  local v = redis.call('HMGET', member, 't', 'g')
                  if v[1] then
                    local at = index_of(split(v[1]), tags[i])
                    if at then
                      if split(v[2])[at] ~= current_gen then
                        deleted = deleted + redis.call('DEL', member)
                      else
                        redis.call('SADD', kept, member)
                        local ttl = redis.call('PTTL', member)
                        if redis.call('PTTL', kept) < ttl then redis.call('PEXPIRE', kept, ttl) end
                      end
                    end
                  end
                end
              end
              local remaining = redis.call('SCARD', set)
              -- an empty set does not exist, so the rename replaces nothing and keeps the kept set's TTL
              if remaining == 0 and redis.call('EXISTS', kept) == 1 then redis.call('RENAME', kept, set) end
              left = left + remaining
            end
            return {deleted, left}
            """;

    /** Bumps the key's generation and deletes the entry; returns 1 if there was one. KEYS: entry, key generation. ARGV: counter ttl ms. */
    private static final String INVALIDATE_KEY_BODY = """
            bump(KEYS[2], ARGV[1])
            return redis.call('DEL', KEYS[1])
            """;

    private static final RedisScripts WITH_FLAGS = new RedisScripts(true);
    private static final RedisScripts WITHOUT_FLAGS = new RedisScripts(false);

    final LuaScript read;
    final LuaScript store;
    final LuaScript bumpTags;
    final LuaScript sweepTags;
    final LuaScript invalidateKey;
    private final boolean flags;

    private RedisScripts(boolean flags) {
        this.flags = flags;
        read = script("read", "no-writes", READ_BODY);
        store = script("store", null, STORE_BODY);
        bumpTags = script("bump-tags", "allow-oom", BUMP_TAGS_BODY);
        sweepTags = script("sweep-tags", "allow-oom", SWEEP_TAGS_BODY);
        invalidateKey = script("invalidate-key", "allow-oom", INVALIDATE_KEY_BODY);
    }

    /** The scripts for a server that knows script flags ({@code #!lua}, Redis 7 and later) or not. */
    static RedisScripts forServer(boolean knowsFlags) {
        return knowsFlags ? WITH_FLAGS : WITHOUT_FLAGS;
    }

    /** Whether reads may use {@code EVALSHA_RO} (and so go to a replica). */
    boolean readOnlyReads() {
        return flags;
    }

    private LuaScript script(String name, String flag, String body) {
        String head = flags
                ? "#!lua" + (flag == null ? "" : " flags=" + flag) + "\n"
                : "if redis.replicate_commands then redis.replicate_commands() end\n";
        return LuaScript.of(name, head + HELPERS + body);
    }
}
