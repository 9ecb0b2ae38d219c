package dev.jobcache.adapters.rest.cache;

import dev.jobcache.application.cache.ContentCoding;
import dev.jobcache.application.cache.EntityTags;
import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.cache.CachedResponse;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * Writes a cached entry's representation: the same headers and bytes whether the entry was just stored (a miss) or
 * read back (a hit), so that a client cannot tell the two apart except by {@code X-Cache}, {@code Cache-Status} and
 * {@code Age}.
 */
final class CacheHeaders {

    static final String X_CACHE = "X-Cache";
    static final String CACHE_STATUS = "Cache-Status";
    private static final String CACHE_NAME = "jobcache";

    private CacheHeaders() {
    }

    /** The body to send: stored gzip bytes as they are to gzip clients, decompressed for the others. */
    static byte[] bodyFor(CachedResponse entry, boolean gzip) {
        return entry.gzipped() && !gzip ? ContentCoding.gunzip(entry.body()) : entry.body();
    }

    static boolean sendsGzip(CachedResponse entry, String acceptEncoding) {
        return entry.gzipped() && ContentCoding.acceptsGzip(acceptEncoding);
    }

    /** Headers describing the representation (content type, validators, caching rules). */
    static void representation(MultivaluedMap<String, Object> headers, CachePolicy policy, CachedResponse entry,
                               boolean gzip) {
        entry.headers().forEach(headers::putSingle);
        headers.putSingle("ETag", EntityTags.forCoding(entry.etag(), gzip));
        if (gzip) {
            headers.putSingle("Content-Encoding", "gzip");
        } else {
            headers.remove("Content-Encoding");
        }
        policyHeaders(headers, policy);
    }

    static void policyHeaders(MultivaluedMap<String, Object> headers, CachePolicy policy) {
        if (policy.cacheControl() != null) {
            headers.putSingle("Cache-Control", policy.cacheControl());
        }
        headers.putSingle("Vary", vary(policy));
    }

    /** The request headers a cached answer of this policy varies on: the ones its key holds. */
    static String vary(CachePolicy policy) {
        return policy.perUser() ? "Accept, Accept-Encoding, Authorization" : "Accept, Accept-Encoding";
    }

    static void status(MultivaluedMap<String, Object> headers, String xCache, String cacheStatus) {
        headers.putSingle(X_CACHE, xCache);
        headers.putSingle(CACHE_STATUS, cacheStatus(cacheStatus));
    }

    /** An RFC 9211 {@code Cache-Status} value naming this cache. */
    static String cacheStatus(String parameters) {
        return CACHE_NAME + "; " + parameters;
    }
}
