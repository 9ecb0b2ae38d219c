package dev.jobcache.bootstrap.config;

import dev.jobcache.application.warming.IdleWarming;
import dev.jobcache.application.warming.UserWarming;
import dev.jobcache.application.warming.WarmSchedule;
import dev.jobcache.domain.security.Principal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The whole configuration, validated. */
public record JobcacheConfig(Http http, Cache cache, Redis redis, JobsDb jobsDb, Auth auth, Logs logs,
                             Warming warming) {

    /** @param port 0 picks a free port */
    /**
     * @param answerHitsFirst fresh cache hits are answered in front of Jersey ({@code HTTP_FAST_PATH}); off, Jersey
     *                        answers every request, hits included
     */
    /**
     * @param maxJsonBodyBytes largest JSON request body ({@code HTTP_MAX_JSON_BODY_KB})
     * @param headerTimeout    longest a request's line and headers may take to arrive ({@code HTTP_HEADER_TIMEOUT_MS})
     * @param bodyTimeout      longest a request's body may take to arrive ({@code HTTP_BODY_TIMEOUT_MS})
     */
    public record Http(String host, int port, Duration shutdownGrace, boolean answerHitsFirst, long maxJsonBodyBytes,
                       Duration headerTimeout, Duration bodyTimeout, boolean serverTiming) {
    }

    /**
     * @param ownerSharePercent how much of {@code maxMemoryBytes} the entries of one user (or the public ones) may take
     * @param l1MaxBytes bound of each instance's in-process tier with {@code two-tier}
     * @param l1MaxAge   longest an in-process copy lives: the staleness bound when an invalidation message is lost
     * @param logOperations one log line per cache operation ({@code CACHE_LOG_OPERATIONS})
     * @param warmRoutes public routes loaded into the cache once the server has started ({@code CACHE_WARM_ROUTES})
     * @param clientRevalidate per-user responses tell clients {@code private, no-cache} ({@code CACHE_CLIENT_REVALIDATE})
     * @param busDeliveryDelay a test seam: how late invalidation messages reach this instance's near-cache
     *                         ({@code CACHE_BUS_DELIVERY_DELAY_MS}); zero in production
     */
    public record Cache(
            CacheBackend backend,
            Duration defaultTtl,
            Duration staleGrace,
            Map<String, Duration> routeTtls,
            long maxMemoryBytes,
            int ownerSharePercent,
            int maxEntryBytes,
            boolean compression,
            int compressionMinBytes,
            Duration singleFlightWait,
            long l1MaxBytes,
            Duration l1MaxAge,
            boolean logOperations,
            List<String> warmRoutes,
            boolean refreshAhead,
            boolean clientRevalidate,
            Duration busDeliveryDelay) {

        public Cache {
            routeTtls = Map.copyOf(routeTtls);
            warmRoutes = List.copyOf(warmRoutes);
        }
    }

    /**
     * Redis, used when the backend is {@code redis}.
     *
     * @param url                  {@code redis://}, {@code rediss://}, {@code redis-sentinel://} or
     *                             {@code redis-cluster://}; may hold credentials
     * @param failureRatePercent   the breaker opens when this share of the recent calls failed
     * @param slidingWindow        how many recent calls the breaker looks at
     * @param minimumCalls         calls needed before the breaker judges at all
     * @param openFor              how long the breaker stays open before it lets probes through
     * @param waitReplicas         replicas that must have an invalidation before it is done; -1 for the topology's
     *                             default (1 on Cluster and Sentinel, 0 on one server)
     * @param readFromReplicas     whether reads may go to a replica
     */
    public record Redis(String url, Duration commandTimeout, int failureRatePercent, int slidingWindow,
                        int minimumCalls, Duration openFor, String keyPrefix, int waitReplicas, boolean readFromReplicas) {

        @Override
        public String toString() {
            return "Redis[url=" + ConfigLoader.withoutCredentials(url) + ", commandTimeout=" + commandTimeout
                    + ", keyPrefix=" + keyPrefix + ", waitReplicas=" + (waitReplicas < 0 ? "auto" : waitReplicas)
                    + ", readFrom=" + (readFromReplicas ? "replica-preferred" : "master") + "]";
        }
    }

    /** @param password may be null */
    public record JobsDb(String url, String user, String password, long maxResultBytes) {

        @Override
        public String toString() {
            return "JobsDb[url=" + url + ", user=" + user + ", maxResultBytes=" + maxResultBytes + "]";
        }
    }

    /**
     * @param format    how lines are written ({@code LOG_FORMAT})
     * @param accessLog one line per answered request ({@code ACCESS_LOG})
     */
    public record Logs(LogFormat format, boolean accessLog) {
    }

    /**
     * The background warming modes; start-up warming is {@link Cache#warmRoutes()}.
     *
     * @param schedule public routes reloaded every few minutes ({@code CACHE_WARM_SCHEDULE}); empty for none
     * @param idle     idle-time warming ({@code CACHE_WARM_IDLE*}), when on
     * @param users    user-based warming ({@code CACHE_WARM_USERS*}), when on
     */
    public record Warming(WarmSchedule schedule, Optional<IdleWarming.Settings> idle,
                          Optional<UserWarming.Settings> users) {
    }

    /**
     * @param tokens    bearer token → caller
     * @param generated true when no tokens were configured and start-up made one user and one admin token
     */
    public record Auth(Map<String, Principal> tokens, boolean generated) {

        public Auth {
            tokens = Map.copyOf(tokens);
        }

        @Override
        public String toString() {
            return "Auth[" + tokens.size() + " tokens, generated=" + generated + "]";
        }
    }
}
