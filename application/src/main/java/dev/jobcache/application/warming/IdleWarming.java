package dev.jobcache.application.warming;

import dev.jobcache.application.cache.ResponseCache;
import dev.jobcache.domain.port.Authenticator;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.domain.port.RouteLoader;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Idle-time warming: once clients have stayed below a request rate for a while, the entries they read most lately
 * are loaded again, hottest first, so that they are fresh when traffic returns. Never ahead of live traffic: one load
 * at a time on this mode's own thread (no worker a client needs), at most so many per second, and the batch ends the
 * moment a second reaches the busy rate again (a load already running finishes). An entry still fresh for more than
 * half its TTL is passed over. While the instance stays idle a batch runs again every quiet period, until the entries
 * age out of the window; each batch is one run ({@code cache warm mode=idle ... ended=done|traffic}).
 *
 * <p>{@link #tick()} is called by one thread, often (see {@link #lookEvery()}); all timing is by the {@link Clock}.
 */
public final class IdleWarming {

    private final RouteLoader loader;
    private final Authenticator principals;
    private final ResponseCache cache;
    private final RecentTraffic traffic;
    private final Settings settings;
    private final Clock clock;
    private final WarmingActivity activity;
    private final LoadPacing pacing;
    private WarmQueue batch;
    private long nextBatchNanos;

    public IdleWarming(RouteLoader loader, Authenticator principals, ResponseCache cache, RecentTraffic traffic,
                       Settings settings, Clock clock, WarmingActivity activity) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.principals = Objects.requireNonNull(principals, "principals");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.traffic = Objects.requireNonNull(traffic, "traffic");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.activity = Objects.requireNonNull(activity, "activity");
        this.pacing = new LoadPacing(settings.loadsPerSecond(), clock);
        this.nextBatchNanos = clock.nanoTime();
        activity.enabled(WarmMode.IDLE, settings.describe(), () -> traffic.figures(settings.quietFor()));
    }

    /** Starts, continues or ends a batch, loading at most one entry. */
    public void tick() {
        boolean idle = traffic.quietFor(settings.quietFor());
        if (batch == null) {
            if (!idle || clock.nanoTime() < nextBatchNanos) {
                return;
            }
            List<EntryLoad> hottest = traffic.hottest(settings.maxEntries()).stream()
                    .map(hot -> EntryLoad.of(hot.request())).toList();
            if (hottest.isEmpty()) {
                nextBatchNanos = clock.nanoTime() + settings.quietFor().toNanos();
                return;
            }
            // due: absent, no longer fresh, or in the second half of its life; an entry the cache would not keep is
            // tried again only in a later batch, a quiet period on
            batch = new WarmQueue(WarmMode.IDLE, hottest,
                    WarmQueue.dueWithin(clock, found -> found.ttl().dividedBy(2)), entry -> { }, clock.nanoTime());
        }
        if (!idle) {
            end("traffic");
            return;
        }
        WarmQueue.Step step = batch.step(cache, loader, principals, pacing,
                () -> traffic.quietFor(settings.quietFor()));
        if (step == WarmQueue.Step.DONE) {
            end("done");
        } else if (step == WarmQueue.Step.STOPPED) {
            end("traffic");
        }
    }

    private void end(String why) {
        activity.finished(WarmMode.IDLE, batch.run(), Optional.of(why));
        batch = null;
        nextBatchNanos = clock.nanoTime() + settings.quietFor().toNanos();
    }

    /** How often the thread should call {@link #tick()}. */
    public Duration lookEvery() {
        return pacing.lookEvery();
    }

    /**
     * {@code CACHE_WARM_IDLE_*}.
     *
     * @param busyPerSecond  client requests within one second at which the instance is busy
     * @param quietFor       how long no second may have been busy before a batch starts; also the pause between
     *                       batches while it stays idle
     * @param loadsPerSecond the most loads one second may start
     * @param maxEntries     the most entries one batch reloads, hottest first
     * @param window         how far back reads count: an entry read at least twice in this window (or the one
     *                       before it) is hot
     */
    public record Settings(int busyPerSecond, Duration quietFor, int loadsPerSecond, int maxEntries, Duration window) {

        public Settings {
            if (busyPerSecond < 1 || loadsPerSecond < 1 || maxEntries < 1 || quietFor.isNegative() || quietFor.isZero()
                    || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("rates, counts and durations are positive");
            }
        }

        String describe() {
            return "below " + busyPerSecond + " requests/s for " + quietFor.toSeconds() + "s: the " + maxEntries
                    + " hottest entries of the last " + window.toSeconds() + "s, " + loadsPerSecond + " loads/s";
        }
    }
}
