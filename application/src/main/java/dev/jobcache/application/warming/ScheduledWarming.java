package dev.jobcache.application.warming;

import dev.jobcache.domain.port.Clock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Scheduled warming ({@code CACHE_WARM_SCHEDULE}): each listed group of public routes is loaded again once per its
 * period, whether or not the cache still holds it, so that those entries never expire while the service runs. The
 * first reload comes one period after start-up ({@code CACHE_WARM_ROUTES} warms at start-up). Runs never overlap: one
 * thread calls {@link #tick()}, and a run that outlasts its period is followed by the next one only once it is done.
 * Each group's reload is one run ({@code cache warm mode=scheduled ...}).
 */
public final class ScheduledWarming {

    /** How often the thread should call {@link #tick()}: periods are whole minutes. */
    public static final Duration LOOK_EVERY = Duration.ofSeconds(1);

    private final CacheWarmer warmer;
    private final Clock clock;
    private final List<Due> due = new ArrayList<>();

    public ScheduledWarming(CacheWarmer warmer, WarmSchedule schedule, Clock clock) {
        this.warmer = Objects.requireNonNull(warmer, "warmer");
        this.clock = Objects.requireNonNull(clock, "clock");
        long now = clock.nanoTime();
        schedule.entries().forEach(every -> due.add(new Due(every, now + every.period().toNanos())));
        warmer.activity().enabled(WarmMode.SCHEDULED, schedule.describe());
    }

    /** Reloads each group whose time has come. */
    public void tick() {
        for (Due next : due) {
            if (clock.nanoTime() - next.atNanos >= 0) {
                next.atNanos = clock.nanoTime() + next.every.period().toNanos();
                warmer.reload(WarmMode.SCHEDULED, next.every.routes());
            }
        }
    }

    private static final class Due {
        private final WarmSchedule.Every every;
        private long atNanos;

        private Due(WarmSchedule.Every every, long atNanos) {
            this.every = every;
            this.atNanos = atNanos;
        }
    }
}
