package dev.jobcache.application.warming;

import dev.jobcache.application.cache.CacheableRequest;
import dev.jobcache.application.cache.Demand;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.port.Clock;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What idle-time warming needs to know of clients: whether they have been quiet for a while, and which entries they
 * read most lately. Told of every client request by the response cache; cheap and non-blocking, as {@link Demand}
 * asks. Thread-safe.
 */
public final class RecentTraffic implements Demand {

    /** How many entries a window tracks for each one a batch may reload: room for the hottest to show. */
    static final int TRACKED_PER_ENTRY = 8;

    private final TrafficRate rate;
    private final HotEntries hot;

    public RecentTraffic(IdleWarming.Settings settings, Clock clock) {
        this.rate = new TrafficRate(settings.busyPerSecond(), clock);
        this.hot = new HotEntries(settings.window(), settings.maxEntries() * TRACKED_PER_ENTRY, clock);
    }

    @Override
    public void asked(CacheableRequest request, CachePolicy policy, CacheKey key) {
        rate.asked(request, policy, key);
        if (key != null) {
            hot.read(key, request);
        }
    }

    boolean quietFor(Duration period) {
        return rate.quietFor(period);
    }

    List<HotEntries.Hot> hottest(int limit) {
        return hot.hottest(limit);
    }

    /** Figures for the admin view. */
    Map<String, String> figures(Duration quietFor) {
        return Map.of("requestsThisSecond", String.valueOf(rate.thisSecond()),
                "idle", String.valueOf(rate.quietFor(quietFor)),
                "trackedEntries", String.valueOf(hot.tracked()));
    }
}
