package dev.jobcache.adapters.rest;

import dev.jobcache.domain.port.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests refused 401 (no bearer token where one is needed, or one that is malformed or unknown), told to operators
 * at a bounded rate: at most one WARN line every {@link #EVERY}, saying how many were refused since the line before
 * and where the latest came from, so that a client guessing tokens can neither go unseen nor flood the log. The
 * token itself is never at hand here.
 */
final class UnauthorizedRequests {

    static final Duration EVERY = Duration.ofSeconds(10);
    static final String LOGGER = RequestLog.ACCESS_LOGGER + ".unauthorized";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final Clock clock;
    private final long startNanos;
    private final AtomicLong refusedSinceLine = new AtomicLong();
    /** When the last line was written; until the first, as if one had been {@link #EVERY} before start-up. */
    private final AtomicLong lastLineNanos;

    UnauthorizedRequests(Clock clock) {
        this.clock = clock;
        this.startNanos = clock.nanoTime();
        this.lastLineNanos = new AtomicLong(startNanos - EVERY.toNanos());
    }

    void refused(String method, String route, String remoteAddress) {
        refusedSinceLine.incrementAndGet();
        long now = clock.nanoTime();
        long last = lastLineNanos.get();
        // one thread writes the line; the others' refusals are in its count or the next line's
        if (now - last < EVERY.toNanos() || !lastLineNanos.compareAndSet(last, now)) {
            return;
        }
        long since = last == startNanos - EVERY.toNanos() ? startNanos : last;
        long count = refusedSinceLine.getAndSet(0);
        LOG.warn("refused {} request(s) without a valid bearer token in the last {} s; the latest: {} {} from {}",
                count, Duration.ofNanos(now - since).toSeconds(), method, route, remoteAddress);
    }
}
