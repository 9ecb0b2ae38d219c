package dev.jobcache.domain.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A stored response: status, the headers worth replaying, and the body as it is stored (gzip-compressed when
 * {@code gzipped}). The body array is shared, not copied, to keep the hit path free of copies: treat it as
 * read-only.
 *
 * @param etag       the strong validator of the uncompressed body, with quotes
 * @param storedAt   when the origin produced it; {@code Age} counts from here
 * @param ttl        how long it is fresh
 * @param staleGrace how long after {@code ttl} it may still be served stale while it is revalidated
 */
public record CachedResponse(
        int status,
        Map<String, String> headers,
        byte[] body,
        boolean gzipped,
        String etag,
        Instant storedAt,
        Duration ttl,
        Duration staleGrace) {

    /**
     * Bytes charged per entry beyond the body and header text: the record, its header map, the strings and times it
     * holds, and a store's node for it. Calibrated against the heap after GC (benchmarks' MemoryFootprint: a stored
     * /jobs page costs about 900 bytes beyond its body on JDK 17 with compressed pointers, tags included), so that a
     * bound in megabytes is one.
     */
    static final int FIXED_OVERHEAD_BYTES = 512;

    public CachedResponse {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(storedAt, "storedAt");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(staleGrace, "staleGrace");
        TreeMap<String, String> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        sorted.putAll(headers);
        headers = java.util.Collections.unmodifiableMap(sorted);
    }

    /** How long a store keeps it: fresh time plus the stale grace. */
    public Duration retention() {
        return ttl.plus(staleGrace);
    }

    public Instant expiresAt() {
        return storedAt.plus(ttl);
    }

    public Freshness freshnessAt(Instant now) {
        return Freshness.of(this, now);
    }

    /** Whole seconds since it was stored, never negative (RFC 9111 {@code Age}). */
    public long ageSecondsAt(Instant now) {
        return Math.max(0, Duration.between(storedAt, now).toSeconds());
    }

    /** An estimate of the memory it holds, used by stores bounded in bytes. */
    public int weightInBytes() {
        int headerChars = 0;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            headerChars += h.getKey().length() + h.getValue().length();
        }
        return FIXED_OVERHEAD_BYTES + body.length + 2 * (headerChars + etag.length());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CachedResponse that
                && status == that.status
                && gzipped == that.gzipped
                && headers.equals(that.headers)
                && Arrays.equals(body, that.body)
                && etag.equals(that.etag)
                && storedAt.equals(that.storedAt)
                && ttl.equals(that.ttl)
                && staleGrace.equals(that.staleGrace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headersHashCode(), Arrays.hashCode(body), gzipped, etag, storedAt, ttl, staleGrace);
    }

    /**
     * {@code headers} compares names case-insensitively ({@code equals} finds {@code content-type} when asked for
     * {@code Content-Type}), so its own {@code hashCode}, which hashes names as given, would break the
     * equals/hashCode contract. Names are folded the way {@link String#CASE_INSENSITIVE_ORDER} compares them.
     */
    private int headersHashCode() {
        int hash = 0;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            hash += foldCase(h.getKey()).hashCode() ^ Objects.hashCode(h.getValue());
        }
        return hash;
    }

    private static String foldCase(String name) {
        StringBuilder folded = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            folded.append(Character.toLowerCase(Character.toUpperCase(name.charAt(i))));
        }
        return folded.toString();
    }

    @Override
    public String toString() {
        return "CachedResponse[status=" + status + ", bytes=" + body.length + ", gzipped=" + gzipped
                + ", etag=" + etag + ", storedAt=" + storedAt + ", ttl=" + ttl + "]";
    }
}
