package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.port.RouteLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Refresh-ahead: an entry that is read in the last part of its life is hot, so it is loaded again in the background
 * before it expires and its readers never pay for the miss. Off the request path: one background thread, a small
 * bounded queue (work beyond it is dropped, the entry then simply expires), and one refresh per key at a time.
 *
 * <p>The loader runs requests through the HTTP application, which is built after the cache and answers once its
 * container has started; a refresh before that fails quietly, like any refresh (the entry then simply expires).
 * After {@link #close()} nothing is refreshed. {@link #NONE} refreshes nothing, for refresh-ahead turned off.
 */
public final class RefreshAhead implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RefreshAhead.class);
    private static final int QUEUE = 64;

    /** Refreshes nothing and holds no thread: refresh-ahead turned off. */
    public static final RefreshAhead NONE = new RefreshAhead();

    private final double lastFraction;
    private final RouteLoader loader;
    private final Set<CacheKey> refreshing = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor executor;
    private volatile boolean closed;

    /**
     * @param lastFraction the part of its TTL, at the end, in which a read triggers a refresh (e.g. 0.1)
     * @param loader       what loads a route again, as its reader would
     */
    public RefreshAhead(double lastFraction, RouteLoader loader) {
        if (!(lastFraction > 0 && lastFraction < 1)) {
            throw new IllegalArgumentException("lastFraction is in (0, 1), was " + lastFraction);
        }
        this.lastFraction = lastFraction;
        this.loader = Objects.requireNonNull(loader, "loader");
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                runnable -> {
                    Thread thread = new Thread(runnable, "jobcache-refresh-ahead");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    private RefreshAhead() {
        this.lastFraction = 0;
        this.loader = null;
        this.executor = null;
        this.closed = true;
    }

    /** Whether a read of {@code entry} at {@code now} falls in the last part of its freshness. */
    boolean isDue(CachedResponse entry, Instant now) {
        Duration left = Duration.between(now, entry.expiresAt());
        return !left.isNegative() && left.toNanos() <= entry.ttl().toNanos() * lastFraction;
    }

    /**
     * Refreshes the entry of {@code request} in the background if it is due and not being refreshed already.
     *
     * @return whether a refresh was started
     */
    boolean offer(CacheKey key, CacheableRequest request, CachedResponse entry, Instant now) {
        if (closed || !isDue(entry, now) || !refreshing.add(key)) {
            return false;
        }
        try {
            executor.execute(() -> refresh(loader, key, request));
            return true;
        } catch (RejectedExecutionException full) {
            refreshing.remove(key);
            return false;
        }
    }

    private void refresh(RouteLoader routeLoader, CacheKey key, CacheableRequest request) {
        try {
            RouteLoader.Loaded loaded = routeLoader.refresh(request.pathAndQuery(), request.caller(), request.accept());
            LOG.debug("refreshed ahead {} for {}: {} {}", request.path(), key, loaded.status(), loaded.cache());
        } catch (RuntimeException e) {
            LOG.debug("refresh ahead of {} failed: {}", request.path(), e.toString());
        } finally {
            refreshing.remove(key);
        }
    }

    /** How many refreshes are queued or running; for tests and the admin view. */
    public int pending() {
        return refreshing.size();
    }

    @Override
    public void close() {
        if (executor == null) {
            return;
        }
        closed = true;
        executor.shutdownNow();
    }
}
