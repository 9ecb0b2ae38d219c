package dev.jobcache.adapters.redis;

/**
 * The Lua scripts behind every write. Each runs atomically in Redis, which is what closes the stale-set race across
 * application instances: a conditional store compares the generation and writes in one step, so no invalidation can
 * fall between the check and the write, and an invalidation bumps its counters and deletes in one step.
 *
 * <p>Generations are counters ({@code g:k:<key>}, {@code g:t:<tag>}, {@code g:all}); a key's generation is the sum of
 * its own, its tags' and the store-wide one, missing counting as 0. Counters expire a day after their last bump, so
 * they do not pile up; one that is created (again) starts at the server's time in milliseconds, far above any value
 * an expired counter could have reached, so a sum can never return to a value a loader read earlier (no ABA) and
 * stays below 2^53, where Lua's numbers are exact.
 *
 * <p>Entries are hashes {@code {d: encoded response, t: tags separated by spaces}} (tags cannot hold spaces). Tag sets
 * hold entry names and live at least as long as their longest entry. The tags recorded in the entry are the truth:
 * invalidation deletes a member only if the entry still carries the tag, so a re-put under other tags is not
 * removed by its old ones, and each store prunes a few sampled members that are gone or retagged, which keeps a
 * set near the size of its live entries even when its tag is never invalidated.
 *
 * <p>Scripts name some keys they did not receive in {@code KEYS} (old tag sets, the entries in a tag set). That is
 * fine on one Redis or a Sentinel-managed primary; Redis Cluster would need every key in one slot and is not
 * supported by this adapter yet.
 */
final class RedisScripts {

    /** How many tag set members each store samples for pruning. */
    static final int PRUNE_SAMPLE = 4;

    private static final String HELPERS = """
            if redis.replicate_commands then redis.replicate_commands() end
            local function split(text)
              local words = {}
              for word in string.gmatch(text, '%S+') do words[#words + 1] = word end
              return words
            end
            local function has_tag(tags, tag)
              return string.find(' ' .. tags .. ' ', ' ' .. tag .. ' ', 1, true) ~= nil
            end
            local function counter(name)
              return tonumber(redis.call('GET', name) or '0')
            end
            local function bump(name, ttl)
              -- a write first: Redis refuses a script's first OOM-guarded write (INCR, SET) at maxmemory, but lets a
              -- script that has written go on; an invalidation must work most of all when Redis is full
              redis.call('PEXPIRE', name, ttl)
              if redis.call('EXISTS', name) == 0 then
                local now = redis.call('TIME')
                redis.call('SET', name, string.format('%d', tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)))
              end
              redis.call('INCR', name)
              redis.call('PEXPIRE', name, ttl)
            end
            """;

    /**
     * Stores an entry, unconditionally or if the generation is unchanged; returns 1 if stored, else 0.
     * KEYS: entry, key generation, all generation, then per tag: tag set, tag generation.
     * ARGV: expected generation ('' = unconditional), retention ms, encoded response, tags in KEYS order, key prefix,
     * prune sample size.
     */
    static final LuaScript STORE = LuaScript.of("store", HELPERS + """
            local tags = split(ARGV[4])
            if ARGV[1] ~= '' then
              local generation = counter(KEYS[2]) + counter(KEYS[3])
              for i = 1, #tags do generation = generation + counter(KEYS[3 + 2 * i]) end
              if generation ~= tonumber(ARGV[1]) then return 0 end
            end
            local entry = KEYS[1]
            local retention = tonumber(ARGV[2])
            local previous = redis.call('HGET', entry, 't')
            -- the first write: at maxmemory Redis refuses it and the script stops before changing anything
            redis.call('HSET', entry, 'd', ARGV[3], 't', ARGV[4])
            redis.call('PEXPIRE', entry, retention)
            if previous then
              local kept = {}
              for i = 1, #tags do kept[tags[i]] = true end
              for _, old in ipairs(split(previous)) do
                if not kept[old] then redis.call('SREM', ARGV[5] .. 't:' .. old, entry) end
              end
            end
            local sample = tonumber(ARGV[6])
            for i = 1, #tags do
              local set = KEYS[2 + 2 * i]
              redis.call('SADD', set, entry)
              -- PTTL, not PEXPIRE GT: GT never shortens "no expiry", and this works before Redis 7 too
              if redis.call('PTTL', set) < retention then redis.call('PEXPIRE', set, retention) end
              for _, member in ipairs(redis.call('SRANDMEMBER', set, sample)) do
                local memberTags = redis.call('HGET', member, 't')
                if not memberTags or not has_tag(memberTags, tags[i]) then redis.call('SREM', set, member) end
              end
            end
            return 1
            """);

    /**
     * Bumps each tag's generation, then deletes the entries that still carry the tag and the tag sets; returns how
     * many entries were deleted. KEYS per tag: tag set, tag generation. ARGV: tags in KEYS order, counter ttl ms.
     */
    static final LuaScript INVALIDATE_TAGS = LuaScript.of("invalidate-tags", HELPERS + """
            local tags = split(ARGV[1])
            for i = 1, #tags do bump(KEYS[2 * i], ARGV[2]) end
            local removed = 0
            for i = 1, #tags do
              local set = KEYS[2 * i - 1]
              for _, member in ipairs(redis.call('SMEMBERS', set)) do
                local memberTags = redis.call('HGET', member, 't')
                if memberTags and has_tag(memberTags, tags[i]) then removed = removed + redis.call('DEL', member) end
              end
              redis.call('DEL', set)
            end
            return removed
            """);

    /** Bumps the key's generation and deletes the entry; returns 1 if there was one. KEYS: entry, key generation. ARGV: counter ttl ms. */
    static final LuaScript INVALIDATE_KEY = LuaScript.of("invalidate-key", HELPERS + """
            bump(KEYS[2], ARGV[1])
            return redis.call('DEL', KEYS[1])
            """);

    /** Bumps one generation counter. KEYS: counter. ARGV: counter ttl ms. */
    static final LuaScript BUMP = LuaScript.of("bump", HELPERS + """
            bump(KEYS[1], ARGV[1])
            return 1
            """);

    private RedisScripts() {
    }
}
