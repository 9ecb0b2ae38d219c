package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.port.Clock;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the entry the cache stores for an origin response: the body gzip-compressed when that is on, the body is
 * large enough and compressible and compression makes it smaller; the headers a hit must replay; the ETag of the
 * identity body; and the policy's lifetimes from now.
 */
public final class EntryEncoder {

    /** The origin's headers a hit sends again; the caching headers are the hit's own. */
    private static final Set<String> REPLAYED_HEADERS = Set.of(
            "content-type", "content-disposition", "content-language", "last-modified");

    private final boolean compression;
    private final int compressionMinBytes;
    private final Clock clock;

    public EntryEncoder(CacheSettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        this.compression = settings.compression();
        this.compressionMinBytes = settings.compressionMinBytes();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public CachedResponse encode(CachePolicy policy, OriginResponse origin) {
        byte[] identity = origin.body();
        String contentType = origin.header("Content-Type").orElse(null);
        byte[] stored = identity;
        boolean gzipped = false;
        if (compression && identity.length >= compressionMinBytes && ContentCoding.compressible(contentType)) {
            byte[] compressed = ContentCoding.gzip(identity);
            if (compressed.length < identity.length) {
                stored = compressed;
                gzipped = true;
            }
        }
        Map<String, String> replayed = new LinkedHashMap<>();
        origin.headers().forEach((name, values) -> {
            if (REPLAYED_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !values.isEmpty()) {
                replayed.put(name, String.join(", ", values));
            }
        });
        return new CachedResponse(origin.status(), replayed, stored, gzipped, EntityTags.of(identity),
                clock.now(), policy.ttl(), policy.staleGrace());
    }
}
