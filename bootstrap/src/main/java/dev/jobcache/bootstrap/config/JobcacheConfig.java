package dev.jobcache.bootstrap.config;

import dev.jobcache.domain.security.Principal;

import java.time.Duration;
import java.util.Map;

/** The whole configuration, validated. */
public record JobcacheConfig(Http http, Cache cache, JobsDb jobsDb, Auth auth) {

    /** @param port 0 picks a free port */
    public record Http(String host, int port, Duration shutdownGrace) {
    }

    public record Cache(
            CacheBackend backend,
            Duration defaultTtl,
            Duration staleGrace,
            Map<String, Duration> routeTtls,
            long maxMemoryBytes,
            int maxEntryBytes,
            boolean compression,
            int compressionMinBytes,
            Duration singleFlightWait) {

        public Cache {
            routeTtls = Map.copyOf(routeTtls);
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
