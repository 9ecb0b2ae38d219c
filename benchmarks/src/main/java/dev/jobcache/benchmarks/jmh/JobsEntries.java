package dev.jobcache.benchmarks.jmh;

import dev.jobcache.application.cache.CacheSettings;
import dev.jobcache.application.cache.EntryEncoder;
import dev.jobcache.application.cache.OriginResponse;
import dev.jobcache.application.cache.RoutePolicies;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CacheKeys;
import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.Representation;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.cache.TagDerivation;
import dev.jobcache.domain.port.Clock;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Cached {@code GET /jobs} entries made the way the service makes them: keys from {@link CacheKeys#of}, tags from the
 * policy's templates, entries from {@link EntryEncoder#encode}, which applies the compression settings
 * ({@code CACHE_ENABLE_COMPRESSION}, {@code CACHE_COMPRESSION_MIN_BYTES}) and keeps only the headers a hit replays.
 * Entry {@code i} is a page of jobs of user {@code user<i % users>}, each user's pages told apart by the cursor,
 * so the entries are distinct as real ones are.
 */
public final class JobsEntries {

    /** Long enough that no entry expires during a benchmark, whatever the iteration settings. */
    public static final Duration BENCHMARK_TTL = Duration.ofDays(1);

    private final RoutePolicies policies;
    private final CachePolicy policy;
    private final EntryEncoder encoder;
    private final int users;

    private JobsEntries(RoutePolicies policies, boolean compression, int users) {
        this.policies = policies;
        this.policy = policies.match(RoutePolicies.JOBS).policy();
        this.encoder = new EntryEncoder(new CacheSettings(compression, 1024, 1024 * 1024, Duration.ofSeconds(5), "bench"),
                Clock.system());
        this.users = users;
    }

    /** The default policies, with a TTL of {@link #BENCHMARK_TTL} for {@code /jobs} so hits stay hits. */
    public static JobsEntries forBenchmarks(boolean compression, int users) {
        return new JobsEntries(RoutePolicies.defaults(Duration.ofSeconds(300), Duration.ZERO,
                Map.of(RoutePolicies.JOBS, BENCHMARK_TTL)), compression, users);
    }

    /** The default policies as the service runs them (DESIGN.md's table). */
    public static JobsEntries asConfigured(boolean compression, int users) {
        return new JobsEntries(RoutePolicies.defaults(Duration.ofSeconds(300), Duration.ZERO, Map.of()),
                compression, users);
    }

    public RoutePolicies policies() {
        return policies;
    }

    public CachePolicy policy() {
        return policy;
    }

    public static String userOf(int i, int users) {
        return String.format("user%02d", i % users);
    }

    public String user(int i) {
        return userOf(i, users);
    }

    /** The query of entry {@code i}: every user's first page, then further pages by cursor. */
    public Map<String, List<String>> query(int i) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("limit", List.of("20"));
        int page = i / users;
        if (page > 0) {
            query.put("cursor", List.of("page-" + page));
        }
        return query;
    }

    public CacheKey key(int i) {
        return CacheKeys.of("GET", policy, RoutePolicies.JOBS, query(i), user(i),
                Representation.parseAccept("application/json").orElseThrow());
    }

    public Set<Tag> tags(int i) {
        return TagDerivation.forResponse(policy, Map.of(), Optional.of(user(i)));
    }

    /** The identity body of entry {@code i}: a page of jobs, different for every {@code i}. */
    public byte[] body(int i) {
        return JobPageBodies.page(user(i), i);
    }

    public CachedResponse entry(int i) {
        return encode(body(i));
    }

    /** What the cache stores for a {@code GET /jobs} answer with this identity body. */
    public CachedResponse encode(byte[] identityBody) {
        return encoder.encode(policy, origin(identityBody));
    }

    /**
     * The response as the REST adapter captures it: the resource's content type plus the status headers the cache
     * filter has added by then (the caching headers come after the capture); {@link EntryEncoder#encode} keeps only
     * the ones a hit replays.
     */
    public static OriginResponse origin(byte[] identityBody) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        headers.put("X-Cache", List.of("MISS"));
        headers.put("Cache-Status", List.of("jobcache; fwd=miss"));
        return new OriginResponse(200, headers, identityBody);
    }
}
