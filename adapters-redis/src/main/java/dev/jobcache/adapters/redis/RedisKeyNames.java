package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.cache.TagPrefix;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names of everything the store keeps in Redis, all under one prefix so that several stores (or other data) can
 * share a database.
 *
 * <p>Entries are spread over {@code buckets} complete copies of one layout, each under its own Redis Cluster hash tag
 * {@code {<prefix>b<n>}}; the bucket of an entry is a hash of its cache key. Every key a script touches for an entry
 * (the entry, its tag sets, its generation counters) is in the entry's bucket, so each script stays in one slot,
 * while a Cluster spreads the buckets, and with them the entries, over all its masters. Within bucket {@code B}:
 * <ul>
 *   <li>{@code B e:<cacheKey>} an entry: a hash with the encoded response, its tags and their generations;</li>
 *   <li>{@code B t:<tag>} the set of this bucket's entries carrying the tag, and {@code B k:<tag>} the entries an
 *       invalidation of the tag found freshly stored while it swept them;</li>
 *   <li>{@code B g:k:<cacheKey>}, {@code B g:t:<tag>}, {@code B g:all} generation counters.</li>
 * </ul>
 *
 * <p>No escaping is needed: {@link CacheKey} is printable ASCII without spaces and at most
 * {@value CacheKey#MAX_LENGTH} characters, {@link Tag} is letters, digits and {@code :._-} up to
 * {@value Tag#MAX_LENGTH}, and the prefix is checked here (no braces: the hash tag must be ours), so a name is ASCII,
 * bounded and cannot reach outside the prefix. {@code [}, {@code ]} and {@code \} are in neither alphabet, so a
 * {@code MATCH} pattern means what {@link KeyPattern} says; a name the pattern matches is still parsed strictly
 * before it counts as an entry.
 */
final class RedisKeyNames {

    static final String DEFAULT_PREFIX = "jobcache:v1:";
    /** Buckets on a Redis Cluster: enough for 16384 slots' worth of spread over any sensible number of masters. */
    static final int CLUSTER_BUCKETS = 64;
    private static final Pattern PREFIX_FORMAT = Pattern.compile("[A-Za-z0-9:._/\\-]{1,64}");

    private final String prefix;
    private final int buckets;
    private final String[] bucketTags;

    RedisKeyNames(String prefix) {
        this(prefix, 1);
    }

    RedisKeyNames(String prefix, int buckets) {
        Objects.requireNonNull(prefix, "prefix");
        if (!PREFIX_FORMAT.matcher(prefix).matches()) {
            throw new IllegalArgumentException("a Redis key prefix is 1 to 64 letters, digits or ':', '.', '_', '/', '-'"
                    + " (no glob characters or braces), was '" + prefix + "'");
        }
        if (buckets < 1 || buckets > 16384) {
            throw new IllegalArgumentException("buckets is between 1 and 16384, was " + buckets);
        }
        this.prefix = prefix;
        this.buckets = buckets;
        this.bucketTags = new String[buckets];
        for (int i = 0; i < buckets; i++) {
            bucketTags[i] = "{" + prefix + "b" + i + "}";
        }
    }

    String prefix() {
        return prefix;
    }

    int buckets() {
        return buckets;
    }

    /** The bucket of a cache key: the same on every instance and JVM ({@link String#hashCode()} is specified). */
    int bucketOf(CacheKey key) {
        int h = key.value().hashCode();
        // spread the bits a little: cache keys differ mostly at their ends
        h ^= (h >>> 16);
        h *= 0x45d9f3b;
        h ^= (h >>> 16);
        return Math.floorMod(h, buckets);
    }

    /** {@code {<prefix>b<n>}}: what every name of bucket {@code bucket} starts with, its hash tag. */
    String bucket(int bucket) {
        return bucketTags[bucket];
    }

    byte[] entry(CacheKey key) {
        return ascii(bucket(bucketOf(key)) + "e:" + key.value());
    }

    byte[] keyGeneration(CacheKey key) {
        return ascii(bucket(bucketOf(key)) + "g:k:" + key.value());
    }

    byte[] tagSet(int bucket, Tag tag) {
        return ascii(bucket(bucket) + "t:" + tag.value());
    }

    byte[] keptSet(int bucket, Tag tag) {
        return ascii(bucket(bucket) + "k:" + tag.value());
    }

    byte[] tagGeneration(int bucket, Tag tag) {
        return ascii(bucket(bucket) + "g:t:" + tag.value());
    }

    byte[] allGeneration(int bucket) {
        return ascii(bucket(bucket) + "g:all");
    }

    /** {@code MATCH} pattern for the entries whose keys match {@code pattern}, in every bucket. */
    String entryPattern(KeyPattern pattern) {
        return "{" + prefix + "b*}e:" + pattern.glob();
    }

    /** {@code MATCH} pattern for the tag sets of the tags starting with {@code prefix}, in every bucket. */
    String tagSetPattern(TagPrefix prefix) {
        return "{" + prefix() + "b*}t:" + prefix.value() + "*";
    }

    /** The tag a tag set's name stands for; empty for a name that is not one of our tag sets. */
    Optional<Tag> tagOf(byte[] tagSetName) {
        String name = new String(tagSetName, StandardCharsets.US_ASCII);
        String start = "{" + prefix + "b";
        int close = name.indexOf("}t:");
        if (!name.startsWith(start) || close <= start.length()) {
            return Optional.empty();
        }
        String tag = name.substring(close + 3);
        return Tag.isValid(tag) ? Optional.of(Tag.of(tag)) : Optional.empty();
    }

    /** {@code MATCH} pattern for every tag set and kept set, in every bucket. */
    String tagSetPatterns() {
        return "{" + prefix + "b*}[tk]:*";
    }

    /** The cache key an entry name stands for; empty for a name that is not one of our entries. */
    Optional<CacheKey> cacheKeyOf(byte[] entryName) {
        String name = new String(entryName, StandardCharsets.US_ASCII);
        String start = "{" + prefix + "b";
        if (!name.startsWith(start)) {
            return Optional.empty();
        }
        int at = start.length();
        int digits = at;
        while (digits < name.length() && Character.isDigit(name.charAt(digits)) && digits - at < 5) {
            digits++;
        }
        if (digits == at || !name.startsWith("}e:", digits)) {
            return Optional.empty();
        }
        int bucket = Integer.parseInt(name.substring(at, digits));
        try {
            CacheKey key = new CacheKey(name.substring(digits + 3));
            // a name in another bucket than its key's was not written by a store with this layout
            return bucket < buckets && bucketOf(key) == bucket ? Optional.of(key) : Optional.empty();
        } catch (IllegalArgumentException notOurs) {
            // written by something else under our prefix: not a key this store could have put
            return Optional.empty();
        }
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
