package dev.jobcache.bootstrap.wiring;

import dev.jobcache.adapters.jdbc.JdbcDatabase;
import dev.jobcache.adapters.rest.RestApi;
import dev.jobcache.application.cache.CacheInvalidator;
import dev.jobcache.application.cache.CacheSettings;
import dev.jobcache.application.cache.CountingCacheMetrics;
import dev.jobcache.application.cache.FailOpenCacheStore;
import dev.jobcache.application.cache.GuardedCacheMetrics;
import dev.jobcache.application.cache.ResponseCache;
import dev.jobcache.application.cache.RoutePolicies;
import dev.jobcache.application.invalidation.JobInvalidation;
import dev.jobcache.application.job.JobCommands;
import dev.jobcache.application.job.JobQueries;
import dev.jobcache.bootstrap.config.ConfiguredAuthenticator;
import dev.jobcache.bootstrap.config.JobcacheConfig;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * Builds the application for a configuration: adapters chosen by {@link Backends}, each store wrapped fail-open,
 * use cases constructed with their collaborators, and the Jersey application on top. Owns what must be closed.
 */
public final class Wiring implements AutoCloseable {

    private final JdbcDatabase jobStore;
    private final CacheStore cacheStore;
    private final CacheMetrics metrics;
    private final ResourceConfig resourceConfig;

    private Wiring(JdbcDatabase jobStore, CacheStore cacheStore, CacheMetrics metrics, ResourceConfig resourceConfig) {
        this.jobStore = jobStore;
        this.cacheStore = cacheStore;
        this.metrics = metrics;
        this.resourceConfig = resourceConfig;
    }

    public static Wiring of(JobcacheConfig config, Clock clock, String version) {
        CacheMetrics metrics = new GuardedCacheMetrics(new CountingCacheMetrics());
        Backends.Backend backend = Backends.create(config.cache(), clock, metrics);
        CacheStore store = new FailOpenCacheStore(backend.store(), metrics, backend.tier(), clock);
        JobcacheConfig.JobsDb db = config.jobsDb();
        JdbcDatabase jobStore = JdbcDatabase.open(db.url(), db.user(), db.password());
        try {
            CacheInvalidator invalidator = new CacheInvalidator(store, backend.bus(), metrics, backend.tier());
            JobCommands commands = new JobCommands(jobStore.jobRepository(), clock, new JobInvalidation(invalidator),
                    db.maxResultBytes());
            JobQueries queries = new JobQueries(jobStore.jobRepository());
            JobcacheConfig.Cache cache = config.cache();
            RoutePolicies policies = RoutePolicies.defaults(cache.defaultTtl(), cache.staleGrace(), cache.routeTtls());
            CacheSettings settings = new CacheSettings(cache.compression(), cache.compressionMinBytes(),
                    cache.maxEntryBytes(), cache.singleFlightWait(), backend.tier());
            ResponseCache responseCache = new ResponseCache(store, policies, metrics, clock, settings);
            RestApi api = new RestApi(commands, queries, responseCache,
                    new ConfiguredAuthenticator(config.auth().tokens()), version, db.maxResultBytes());
            return new Wiring(jobStore, store, metrics, api.resourceConfig());
        } catch (RuntimeException e) {
            jobStore.close();
            throw e;
        }
    }

    public ResourceConfig resourceConfig() {
        return resourceConfig;
    }

    /** The store as the application sees it (fail-open). */
    public CacheStore cacheStore() {
        return cacheStore;
    }

    public CacheMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        jobStore.close();
    }
}
