package dev.jobcache.adapters.rest;

import dev.jobcache.domain.port.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Requests refused 401 (no bearer token where one is needed, or one that is malformed or unknown), told to operators
 * at a bounded rate: at most one WARN line every {@link #EVERY}, saying how many were refused since the line before
 * and where the latest came from, so that a client guessing tokens can neither go unseen nor flood the log. Refusals
 * that no line has told yet are told by the first request of any kind answered once the ten seconds are over, so a
 * burst that stops is summed up too, with no thread of its own (health checks and scrapes come often enough). The
 * token itself is never at hand here.
 */
final class UnauthorizedRequests {

    static final Duration EVERY = Duration.ofSeconds(10);
    static final String LOGGER = RequestLog.ACCESS_LOGGER + ".unauthorized";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final Clock clock;
    private final long startNanos;
    private final AtomicLong refusedSinceLine = new AtomicLong();
    private final AtomicReference<String> latest = new AtomicReference<>("-");
    /** When the last line was written; until the first, as if one had been {@link #EVERY} before start-up. */
    private final AtomicLong lastLineNanos;

    UnauthorizedRequests(Clock clock) {
        this.clock = clock;
        this.startNanos = clock.nanoTime();
        this.lastLineNanos = new AtomicLong(startNanos - EVERY.toNanos());
    }

    void refused(String method, String route, String remoteAddress) {
        latest.set(method + " " + route + " from " + remoteAddress);
        refusedSinceLine.incrementAndGet();
        tellIfDue();
    }

    /** Called for every answered request: one read when nothing is owed. */
    void tellIfDue() {
        if (refusedSinceLine.get() == 0) {
            return;
        }
        long now = clock.nanoTime();
        long last = lastLineNanos.get();
        // one thread writes the line; the others' refusals are in its count or the next line's
        if (now - last < EVERY.toNanos() || !lastLineNanos.compareAndSet(last, now)) {
            return;
        }
        long since = last == startNanos - EVERY.toNanos() ? startNanos : last;
        long count = refusedSinceLine.getAndSet(0);
        LOG.warn("refused {} request(s) without a valid bearer token in the last {} s; the latest: {}",
                count, Duration.ofNanos(now - since).toSeconds(), latest.get());
    }
}
