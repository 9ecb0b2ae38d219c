package dev.jobcache.application.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * How the response cache encodes and bounds what it stores.
 *
 * @param compression         whether bodies are stored gzip-compressed ({@code CACHE_ENABLE_COMPRESSION})
 * @param compressionMinBytes smallest body worth compressing ({@code CACHE_COMPRESSION_MIN_BYTES})
 * @param maxEntryBytes       largest body stored; larger responses are served but not cached
 * @param singleFlightWait    how long a request waits for another one loading the same key
 * @param tier                the name metrics give the store (e.g. {@code caffeine})
 * @param logOperations       one log line per cache operation ({@code CACHE_LOG_OPERATIONS}); off costs one check
 */
public record CacheSettings(boolean compression, int compressionMinBytes, int maxEntryBytes,
                            Duration singleFlightWait, String tier, boolean logOperations) {

    public CacheSettings(boolean compression, int compressionMinBytes, int maxEntryBytes,
                         Duration singleFlightWait, String tier) {
        this(compression, compressionMinBytes, maxEntryBytes, singleFlightWait, tier, false);
    }

    public CacheSettings {
        Objects.requireNonNull(singleFlightWait, "singleFlightWait");
        Objects.requireNonNull(tier, "tier");
        if (compressionMinBytes < 0 || maxEntryBytes < 1) {
            throw new IllegalArgumentException("sizes must be positive");
        }
    }

    public CacheSettings withLogOperations(boolean on) {
        return new CacheSettings(compression, compressionMinBytes, maxEntryBytes, singleFlightWait, tier, on);
    }

    public static CacheSettings defaults(String tier) {
        return new CacheSettings(true, 1024, 1024 * 1024, Duration.ofSeconds(5), tier);
    }
}
