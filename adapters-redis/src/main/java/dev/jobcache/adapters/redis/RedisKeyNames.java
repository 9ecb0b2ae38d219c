package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.Tag;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names of everything the store keeps in Redis, all under one prefix so that several stores (or other data) can
 * share a database:
 * <ul>
 *   <li>{@code <prefix>e:<cacheKey>} an entry: a hash with the encoded response and its tags;</li>
 *   <li>{@code <prefix>t:<tag>} a tag's set of entry names;</li>
 *   <li>{@code <prefix>g:k:<cacheKey>}, {@code <prefix>g:t:<tag>}, {@code <prefix>g:all} generation counters.</li>
 * </ul>
 *
 * <p>No escaping is needed: {@link CacheKey} is printable ASCII without spaces and at most
 * {@value CacheKey#MAX_LENGTH} characters, {@link Tag} is letters, digits and {@code :._-} up to
 * {@value Tag#MAX_LENGTH}, and the prefix is checked here, so a name is ASCII, bounded (well under Redis' limits) and
 * cannot reach outside the prefix. The kinds cannot collide either: each has its own marker right after the prefix.
 * Only the prefix and {@link KeyPattern}s ever reach a {@code MATCH} pattern, and neither can hold a glob
 * metacharacter beyond {@code *} and {@code ?} ({@code [}, {@code ]} and {@code \} are not in their alphabets), so
 * a pattern means exactly what {@link KeyPattern} says.
 */
final class RedisKeyNames {

    static final String DEFAULT_PREFIX = "jobcache:v1:";
    private static final Pattern PREFIX_FORMAT = Pattern.compile("[A-Za-z0-9:._{}/\\-]{1,64}");

    private final String prefix;
    private final String entryPrefix;

    RedisKeyNames(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!PREFIX_FORMAT.matcher(prefix).matches()) {
            throw new IllegalArgumentException("a Redis key prefix is 1 to 64 letters, digits or ':', '.', '_', '{', '}', '/', '-'"
                    + " (no glob characters), was '" + prefix + "'");
        }
        this.prefix = prefix;
        this.entryPrefix = prefix + "e:";
    }

    String prefix() {
        return prefix;
    }

    byte[] entry(CacheKey key) {
        return ascii(entryPrefix + key.value());
    }

    byte[] tagSet(Tag tag) {
        return ascii(prefix + "t:" + tag.value());
    }

    byte[] keyGeneration(CacheKey key) {
        return ascii(prefix + "g:k:" + key.value());
    }

    byte[] tagGeneration(Tag tag) {
        return ascii(prefix + "g:t:" + tag.value());
    }

    byte[] allGeneration() {
        return ascii(prefix + "g:all");
    }

    /** {@code MATCH} pattern for the entries whose keys match {@code pattern}. */
    String entryPattern(KeyPattern pattern) {
        return entryPrefix + pattern.glob();
    }

    /** {@code MATCH} pattern for every tag set. */
    String tagSetPattern() {
        return prefix + "t:*";
    }

    /** The cache key an entry name stands for; empty for a name that is not one of our entries. */
    Optional<CacheKey> cacheKeyOf(byte[] entryName) {
        String name = new String(entryName, StandardCharsets.US_ASCII);
        if (!name.startsWith(entryPrefix)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CacheKey(name.substring(entryPrefix.length())));
        } catch (IllegalArgumentException notOurs) {
            // written by something else under our prefix: not a key this store could have put
            return Optional.empty();
        }
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
