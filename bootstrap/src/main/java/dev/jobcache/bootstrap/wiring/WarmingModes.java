package dev.jobcache.bootstrap.wiring;

import dev.jobcache.application.cache.Demand;
import dev.jobcache.application.cache.ResponseCache;
import dev.jobcache.application.cache.RoutePolicies;
import dev.jobcache.application.warming.ActiveUsers;
import dev.jobcache.application.warming.CacheWarmer;
import dev.jobcache.application.warming.IdleWarming;
import dev.jobcache.application.warming.RecentTraffic;
import dev.jobcache.application.warming.ScheduledWarming;
import dev.jobcache.application.warming.UserWarming;
import dev.jobcache.application.warming.WarmMode;
import dev.jobcache.application.warming.WarmSchedule;
import dev.jobcache.application.warming.WarmingActivity;
import dev.jobcache.application.warming.WarmingThread;
import dev.jobcache.bootstrap.config.CacheBackend;
import dev.jobcache.bootstrap.config.JobcacheConfig;
import dev.jobcache.domain.port.Authenticator;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.domain.port.RouteLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The warming modes the configuration switches on, wired in two steps: first what they watch of client traffic,
 * which the response cache is built with, then the modes, which read that cache, each on its own named daemon thread.
 * Start-up warming runs once the server listens (see {@code JobcacheApplication}). With {@code CACHE_BACKEND=none} the
 * background modes stay off: they would load the same routes again and again, and nothing would keep them.
 */
final class WarmingModes {

    private static final Logger LOG = LoggerFactory.getLogger(WarmingModes.class);

    private final JobcacheConfig config;
    private final Clock clock;
    private final Optional<RecentTraffic> recentTraffic;
    private final Optional<ActiveUsers> activeUsers;
    private final WarmingActivity activity;

    WarmingModes(JobcacheConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.activity = new WarmingActivity(clock);
        this.recentTraffic = background(config.warming().idle()).map(idle -> new RecentTraffic(idle, clock));
        this.activeUsers = background(config.warming().users()).map(users -> new ActiveUsers(users, clock));
    }

    /** What every mode has done, for the admin API and the metrics. */
    WarmingActivity activity() {
        return activity;
    }

    /** What the response cache tells of each client request: no one, unless idle or user-based warming is on. */
    Demand demand() {
        List<Demand> listening = new ArrayList<>();
        recentTraffic.ifPresent(listening::add);
        activeUsers.ifPresent(listening::add);
        return Demand.all(listening);
    }

    /** The warmer every mode loads through; each background mode is started on its thread, closed by {@code threads}. */
    CacheWarmer start(RouteLoader loader, RoutePolicies policies, Authenticator principals, ResponseCache cache,
                      Closer threads) {
        CacheWarmer warmer = new CacheWarmer(loader, policies, principals, activity, clock);
        List<String> atStartUp = config.cache().warmRoutes();
        if (!atStartUp.isEmpty()) {
            activity.enabled(WarmMode.STARTUP, "once at start-up: " + String.join(", ", atStartUp));
        }
        WarmSchedule schedule = config.warming().schedule();
        if (!schedule.isEmpty() && caches()) {
            ScheduledWarming scheduled = new ScheduledWarming(warmer, schedule, clock);
            threads.add(new WarmingThread("jobcache-warm-scheduled", ScheduledWarming.LOOK_EVERY, scheduled::tick));
        }
        background(config.warming().idle()).ifPresent(settings -> {
            IdleWarming idle = new IdleWarming(loader, principals, cache, recentTraffic.orElseThrow(), settings, clock,
                    activity);
            threads.add(new WarmingThread("jobcache-warm-idle", idle.lookEvery(), idle::tick));
        });
        background(config.warming().users()).ifPresent(settings -> {
            UserWarming users = new UserWarming(loader, principals, cache, activeUsers.orElseThrow(), settings, clock,
                    activity);
            threads.add(new WarmingThread("jobcache-warm-users", users.lookEvery(), users::tick));
        });
        if (!caches() && (!schedule.isEmpty() || config.warming().idle().isPresent()
                || config.warming().users().isPresent())) {
            LOG.info("scheduled, idle and user-based warming stay off: CACHE_BACKEND=none keeps nothing they load");
        }
        return warmer;
    }

    /** A background mode's settings when it is on and there is a cache to keep what it loads. */
    private <T> Optional<T> background(Optional<T> settings) {
        return caches() ? settings : Optional.empty();
    }

    private boolean caches() {
        return config.cache().backend() != CacheBackend.NONE;
    }
}
