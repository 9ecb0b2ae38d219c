package dev.jobcache.adapters.rest.cache;

import dev.jobcache.application.cache.CacheDecision;
import dev.jobcache.application.cache.EntityTags;
import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.cache.CachedResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HTTP answer to a cache hit: status, headers in the order they are sent, and body. Both ways a hit is answered,
 * through Jersey ({@link ResponseCacheFilter}) and in front of it ({@link CacheHitHandler}), write exactly this, so a
 * client cannot tell which one answered.
 *
 * @param body null when no body is sent (HEAD, 304)
 */
record HitResponse(int status, List<Header> headers, byte[] body) {

    /** One response header. */
    record Header(String name, String value) {
    }

    static HitResponse of(CacheDecision.Hit hit, String method, String acceptEncoding, ServerTiming timing) {
        CachedResponse entry = hit.response();
        CachePolicy policy = hit.policy();
        boolean gzip = CacheHeaders.sendsGzip(entry, acceptEncoding);
        List<Header> headers = new ArrayList<>(entry.headers().size() + 8);
        for (Map.Entry<String, String> stored : entry.headers().entrySet()) {
            // RFC 9110 §15.4.5: a 304 carries the validators and caching headers, not the content headers
            if (!hit.notModified() || !isContentHeader(stored.getKey())) {
                headers.add(new Header(stored.getKey(), stored.getValue()));
            }
        }
        headers.add(new Header("ETag", EntityTags.forCoding(entry.etag(), gzip)));
        if (gzip && !hit.notModified()) {
            headers.add(new Header("Content-Encoding", "gzip"));
        }
        if (policy.cacheControl() != null) {
            headers.add(new Header("Cache-Control", policy.cacheControl()));
        }
        headers.add(new Header("Vary", CacheHeaders.vary(policy)));
        headers.add(new Header("Age", Long.toString(hit.ageSeconds())));
        long ttlLeft = policy.ttl().toSeconds() - hit.ageSeconds();
        headers.add(new Header(CacheHeaders.X_CACHE, hit.stale() ? "STALE" : "HIT"));
        headers.add(new Header(CacheHeaders.CACHE_STATUS, CacheHeaders.cacheStatus("hit; ttl=" + ttlLeft)));
        timing.hit(hit).ifPresent(value -> headers.add(new Header(ServerTiming.HEADER, value)));
        if (hit.notModified()) {
            return new HitResponse(304, headers, null);
        }
        byte[] body = CacheHeaders.bodyFor(entry, gzip);
        headers.add(new Header("Content-Length", Integer.toString(body.length)));
        return new HitResponse(entry.status(), headers, method.equalsIgnoreCase("HEAD") ? null : body);
    }

    private static boolean isContentHeader(String name) {
        return name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Encoding")
                || name.equalsIgnoreCase("Content-Disposition");
    }
}
