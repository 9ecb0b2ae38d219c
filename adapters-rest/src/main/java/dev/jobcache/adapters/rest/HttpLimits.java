package dev.jobcache.adapters.rest;

import java.time.Duration;
import java.util.Objects;

/**
 * What one request may cost the server before it is refused: a slow or huge client must not hold a worker thread,
 * fill the heap or keep a connection open for long.
 *
 * @param maxJsonBodyBytes largest JSON request body ({@code HTTP_MAX_JSON_BODY_KB})
 * @param maxUploadBytes   largest result upload ({@code JOBS_MAX_RESULT_MB})
 * @param headerTimeout    how long a request's line and headers may take to arrive ({@code HTTP_HEADER_TIMEOUT_MS})
 * @param bodyTimeout      how long a request's whole body may take to arrive ({@code HTTP_BODY_TIMEOUT_MS})
 */
public record HttpLimits(long maxJsonBodyBytes, long maxUploadBytes, Duration headerTimeout, Duration bodyTimeout) {

    public static final long DEFAULT_MAX_JSON_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);

    public HttpLimits {
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
        if (maxJsonBodyBytes < 1 || maxUploadBytes < 1 || headerTimeout.isNegative() || headerTimeout.isZero()
                || bodyTimeout.isNegative() || bodyTimeout.isZero()) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    public static HttpLimits defaults(long maxUploadBytes) {
        return new HttpLimits(DEFAULT_MAX_JSON_BODY_BYTES, maxUploadBytes, DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT);
    }
}
