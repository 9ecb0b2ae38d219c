package dev.jobcache.application.readiness;

import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.JobRepository;

import java.util.Objects;

/**
 * Whether this instance can serve, for a load balancer's or an orchestrator's readiness probe. It cannot without its
 * job database. It can without its cache backend, which fails open (requests are answered from the origin), so a
 * cache backend that does not answer makes the instance degraded, not unready: were it unready, one Redis outage
 * shared by every instance would take all of them out of rotation at once. Reads the store's health and asks the
 * database, each once per check; no cache is involved.
 */
public final class Readiness {

    /** Ready: the database answers. Degraded: so does not the cache backend. */
    public enum Status { READY, DEGRADED, NOT_READY }

    /** One check's answer. */
    public record Report(Status status, boolean databaseUp, StoreHealth cache) {

        public boolean ready() {
            return status != Status.NOT_READY;
        }
    }

    private final CacheStore store;
    private final JobRepository repository;

    public Readiness(CacheStore store, JobRepository repository) {
        this.store = Objects.requireNonNull(store, "store");
        this.repository = Objects.requireNonNull(repository, "repository");
    }

    public Report check() {
        boolean database = repository.answers();
        StoreHealth cache = store.health();
        Status status = !database ? Status.NOT_READY : cache.up() ? Status.READY : Status.DEGRADED;
        return new Report(status, database, cache);
    }
}
