package dev.jobcache.bootstrap.wiring;

import dev.jobcache.adapters.jdbc.JdbcDatabase;
import dev.jobcache.adapters.micrometer.PrometheusMetrics;
import dev.jobcache.adapters.rest.HttpLimits;
import dev.jobcache.adapters.rest.JerseyRouteLoader;
import dev.jobcache.adapters.rest.RequestLog;
import dev.jobcache.adapters.rest.RestApi;
import dev.jobcache.adapters.rest.cache.ServerTiming;
import dev.jobcache.application.admin.CacheAdministration;
import dev.jobcache.application.admin.CacheStateReader;
import dev.jobcache.application.admin.RecentActivity;
import dev.jobcache.application.cache.CacheInvalidator;
import dev.jobcache.application.cache.CacheSettings;
import dev.jobcache.application.cache.CacheShares;
import dev.jobcache.application.cache.FailOpenCacheStore;
import dev.jobcache.application.cache.InvalidationHistory;
import dev.jobcache.application.cache.InvalidationNumbering;
import dev.jobcache.application.cache.ReadYourWrites;
import dev.jobcache.application.readiness.Readiness;
import dev.jobcache.application.cache.RefreshAhead;
import dev.jobcache.application.cache.ResponseCache;
import dev.jobcache.application.cache.RoutePolicies;
import dev.jobcache.application.invalidation.JobInvalidation;
import dev.jobcache.application.job.JobCommands;
import dev.jobcache.application.job.JobQueries;
import dev.jobcache.bootstrap.config.CacheBackend;
import dev.jobcache.application.warming.CacheWarmer;
import dev.jobcache.application.warming.WarmMode;
import dev.jobcache.application.warming.WarmingActivity;
import dev.jobcache.bootstrap.config.ConfiguredAuthenticator;
import dev.jobcache.bootstrap.config.JobcacheConfig;
import dev.jobcache.bootstrap.config.UnusableSetting;
import dev.jobcache.domain.port.Authenticator;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.domain.port.JobRepository;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.jersey.server.ResourceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Builds the application for a configuration: adapters chosen by {@link Backends}, each store wrapped fail-open,
 * use cases constructed with their collaborators, and the Jersey application on top. Owns what must be closed.
 */
public final class Wiring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);
    /** A read in the last tenth of an entry's TTL reloads it in the background. */
    private static final double REFRESH_AHEAD_FRACTION = 0.1;

    private final Closer opened;
    private final Closer warming;
    private final CacheStore cacheStore;
    private final CacheMetrics metrics;
    private final ResourceConfig resourceConfig;
    private final UnaryOperator<HttpHandler> httpHandler;
    private final CacheWarmer warmer;
    private final Runnable endLiveStreams;
    private final AddOn requestAdmission;

    private Wiring(Closer opened, Closer warming, CacheStore cacheStore, CacheMetrics metrics,
                   ResourceConfig resourceConfig, UnaryOperator<HttpHandler> httpHandler, CacheWarmer warmer,
                   Runnable endLiveStreams, AddOn requestAdmission) {
        this.opened = opened;
        this.warming = warming;
        this.cacheStore = cacheStore;
        this.metrics = metrics;
        this.resourceConfig = resourceConfig;
        this.httpHandler = httpHandler;
        this.warmer = warmer;
        this.endLiveStreams = endLiveStreams;
        this.requestAdmission = requestAdmission;
    }

    public static Wiring of(JobcacheConfig config, Clock clock, String version) {
        return of(config, clock, version, UnaryOperator.identity());
    }

    /**
     * @param repositoryProbe wraps the job repository; a seam for tests that count origin calls, identity otherwise
     */
    public static Wiring of(JobcacheConfig config, Clock clock, String version,
                            UnaryOperator<JobRepository> repositoryProbe) {
        Closer opened = new Closer();
        try {
            return wire(config, clock, version, repositoryProbe, opened);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** Opens and builds everything in order, registering what must be closed with {@code opened} as it goes. */
    private static Wiring wire(JobcacheConfig config, Clock clock, String version,
                               UnaryOperator<JobRepository> repositoryProbe, Closer opened) {
        PrometheusMetrics prometheus = opened.add(PrometheusMetrics.withJvmMetrics());
        // the dashboard's figures per interval count the same events as the counters since start
        RecentActivity recent = new RecentActivity(clock);
        CacheMetrics metrics = CacheMetrics.guarded(recent.besides(prometheus.cacheMetrics()),
                e -> LOG.warn("cache metrics failed; further failures are ignored", e));
        JobcacheConfig.JobsDb db = config.jobsDb();
        JdbcDatabase jobStore = opened.add(openJobDatabase(db));
        Backends.Backend backend = Backends.create(config, clock, metrics);
        opened.add(backend.resources());
        FailOpenCacheStore store = new FailOpenCacheStore(backend.store(), metrics, backend.tier(), clock);
        // the gauges read the store's state once per scrape: on Redis its usage is a scan of the key space
        prometheus.observe(backend.tier(), new CacheStateReader(store)::read);

        InvalidationHistory history = new InvalidationHistory(InvalidationHistory.DEFAULT_CAPACITY, clock);
        InvalidationNumbering numbering = new InvalidationNumbering();
        CacheInvalidator invalidator = new CacheInvalidator(store, backend.bus(), metrics, backend.tier(),
                Optional.of(history), numbering);
        JobRepository repository = repositoryProbe.apply(jobStore.jobRepository());
        JobCommands commands = new JobCommands(repository, clock, new JobInvalidation(invalidator), db.maxResultBytes());
        JobQueries queries = new JobQueries(repository);

        JobcacheConfig.Cache cache = config.cache();
        RoutePolicies defaults = RoutePolicies.defaults(cache.defaultTtl(), cache.staleGrace(), cache.routeTtls());
        RoutePolicies policies = cache.clientRevalidate() ? defaults.revalidatedByClients() : defaults;
        // warming and refresh-ahead load through the HTTP application built below, once its container has started
        JerseyRouteLoader routeLoader = new JerseyRouteLoader();
        Authenticator authenticator = new ConfiguredAuthenticator(config.auth().tokens());
        WarmingModes warmingModes = new WarmingModes(config, clock);
        WarmingActivity warmed = warmingModes.activity();
        for (WarmMode mode : WarmMode.values()) {
            prometheus.observeWarming(mode.label(), () -> warmed.totals(mode).runs(),
                    () -> warmed.totals(mode).loads(), () -> warmed.totals(mode).failures());
        }
        RefreshAhead refreshAhead = cache.refreshAhead()
                ? opened.add(new RefreshAhead(REFRESH_AHEAD_FRACTION, routeLoader)) : RefreshAhead.NONE;
        // with no cache there is nothing to wait for (concurrent misses go to the origin at once) and nothing to
        // compress: every response is sent as the origin made it
        boolean off = cache.backend() == CacheBackend.NONE;
        Duration singleFlightWait = off ? Duration.ZERO : cache.singleFlightWait();
        CacheSettings settings = new CacheSettings(cache.compression() && !off, cache.compressionMinBytes(),
                cache.maxEntryBytes(), singleFlightWait, backend.tier(), cache.logOperations());
        CacheShares shares = cache.ownerSharePercent() >= 100 ? CacheShares.UNBOUNDED
                : new CacheShares(cache.maxMemoryBytes() * cache.ownerSharePercent() / 100, clock);
        ResponseCache responseCache = new ResponseCache(store, policies, metrics, clock, settings, refreshAhead, shares,
                warmingModes.demand());
        Closer warming = opened.add(new Closer());
        CacheWarmer warmer = warmingModes.start(routeLoader, policies, authenticator, responseCache, warming);
        CacheAdministration admin = CacheAdministration.of(store, invalidator, metrics, responseCache.statistics(),
                history, recent, clock);

        JobcacheConfig.Http http = config.http();
        HttpLimits limits = new HttpLimits(http.maxJsonBodyBytes(), db.maxResultBytes(), http.headerTimeout(),
                http.bodyTimeout());
        ReadYourWrites readYourWrites = new ReadYourWrites(numbering, clock, cache.l1MaxAge());
        RestApi api = new RestApi(commands, queries, responseCache, admin, authenticator, routeLoader, warmer, version,
                limits, prometheus::scrape, readYourWrites, new Readiness(store, repository),
                new RequestLog(config.logs().accessLog(), clock), prometheus.requestMetrics(),
                ServerTiming.of(http.serverTiming()));
        return new Wiring(opened, warming, store, metrics, api.resourceConfig(),
                jersey -> api.httpHandler(jersey, http.answerHitsFirst()), warmer, api::endLiveStreams,
                api.requestAdmission());
    }

    private static JdbcDatabase openJobDatabase(JobcacheConfig.JobsDb db) {
        try {
            return JdbcDatabase.open(db.url(), db.user(), db.password());
        } catch (RuntimeException e) {
            throw new UnusableSetting("JOBS_DB_URL", e);
        }
    }

    public ResourceConfig resourceConfig() {
        return resourceConfig;
    }

    /** The handler that serves HTTP around {@code jersey}, the container handler of {@link #resourceConfig()}. */
    public HttpHandler httpHandler(HttpHandler jersey) {
        return httpHandler.apply(jersey);
    }

    /** What admits requests onto the HTTP edge, in front of Grizzly's parser. */
    public AddOn requestAdmission() {
        return requestAdmission;
    }

    /** The store as the application sees it (fail-open). */
    public CacheStore cacheStore() {
        return cacheStore;
    }

    public CacheMetrics metrics() {
        return metrics;
    }

    /** Loads routes into the cache through the running HTTP application; usable once the server has started. */
    public CacheWarmer warmer() {
        return warmer;
    }

    /**
     * Stops the background warming modes, so that none loads through an HTTP application that is stopping; call
     * before draining requests. {@link #close()} does it too.
     */
    public void stopWarming() {
        warming.close();
    }

    /** Ends the dashboards' live streams, which never finish by themselves; call before draining requests. */
    public void endLiveStreams() {
        endLiveStreams.run();
    }

    /**
     * Last opened first: warming, refresh-ahead, the cache connections, the job database, the metrics registry.
     * Requests have drained by now (see the server's stop).
     */
    @Override
    public void close() {
        opened.close();
    }
}
