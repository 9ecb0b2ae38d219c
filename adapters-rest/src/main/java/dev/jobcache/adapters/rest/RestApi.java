package dev.jobcache.adapters.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobcache.adapters.rest.cache.CacheHitHandler;
import dev.jobcache.adapters.rest.cache.ConsistencyTokenFilter;
import dev.jobcache.adapters.rest.cache.ResponseCacheFilter;
import dev.jobcache.adapters.rest.cache.ResponseCaptureInterceptor;
import dev.jobcache.adapters.rest.cache.ServerTiming;
import dev.jobcache.application.admin.CacheAdministration;
import dev.jobcache.application.cache.ReadYourWrites;
import dev.jobcache.application.cache.ResponseCache;
import dev.jobcache.application.job.JobCommands;
import dev.jobcache.application.job.JobQueries;
import dev.jobcache.application.readiness.Readiness;
import dev.jobcache.application.warming.CacheWarmer;
import dev.jobcache.domain.port.Authenticator;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.domain.port.RequestMetrics;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Builds the Jersey application from the use cases: resources and filters registered as instances with their
 * collaborators (no classpath scanning, no field injection), so the wiring stays visible in one place.
 */
public final class RestApi {

    private final JobCommands commands;
    private final JobQueries queries;
    private final ResponseCache cache;
    private final ReadYourWrites readYourWrites;
    private final Readiness readiness;
    private final CacheAdministration admin;
    private final JerseyRouteLoader routeLoader;
    private final CacheWarmer warmer;
    private final Authenticator authenticator;
    private final String version;
    private final HttpLimits limits;
    private final Supplier<String> metricsScrape;
    private final RequestLog requestLog;
    private final ServerTiming serverTiming;
    // learned from each resourceConfig(), the same routes every time
    private final RouteTemplates routes = new RouteTemplates();
    private final ServedRequests served;
    // one per resourceConfig() call, each closed when its container shuts down
    private final List<LiveMonitor> liveMonitors = new CopyOnWriteArrayList<>();

    /**
     * @param routeLoader   runs requests through this application in process, once its container has started; the
     *                      same one the {@code warmer} and any refresh-ahead load through
     * @param warmer        what {@code POST /admin/cache/warm} warms with
     * @param version       what {@code GET /version} reports
     * @param limits        what one request may cost (bodies, timeouts); uploads up to its {@code maxUploadBytes}
     * @param metricsScrape the Prometheus text {@code GET /metrics} serves
     * @param readYourWrites the consistency token each write is answered with
     * @param readiness     what {@code GET /ready} reports
     * @param requestLog    what operators are told of each answered request (the access log, refused tokens)
     * @param requestMetrics where every request answered over HTTP is counted, by route template and status
     * @param serverTiming  whether answers carry {@code Server-Timing} ({@code HTTP_SERVER_TIMING})
     */
    public RestApi(JobCommands commands, JobQueries queries, ResponseCache cache, CacheAdministration admin,
                   Authenticator authenticator, JerseyRouteLoader routeLoader, CacheWarmer warmer, String version,
                   HttpLimits limits, Supplier<String> metricsScrape, ReadYourWrites readYourWrites,
                   Readiness readiness, RequestLog requestLog, RequestMetrics requestMetrics,
                   ServerTiming serverTiming) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.queries = Objects.requireNonNull(queries, "queries");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.readYourWrites = Objects.requireNonNull(readYourWrites, "readYourWrites");
        this.readiness = Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(requestMetrics, "requestMetrics");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.routeLoader = Objects.requireNonNull(routeLoader, "routeLoader");
        this.warmer = Objects.requireNonNull(warmer, "warmer");
        this.version = Objects.requireNonNull(version, "version");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.metricsScrape = Objects.requireNonNull(metricsScrape, "metricsScrape");
        this.requestLog = Objects.requireNonNull(requestLog, "requestLog");
        this.serverTiming = Objects.requireNonNull(serverTiming, "serverTiming");
        this.served = new ServedRequests(requestMetrics);
    }

    /**
     * Ends the live monitor streams, so that a graceful stop does not wait its whole grace period for dashboards
     * that would never close on their own. Call before stopping the server; the container's shutdown ends them
     * anyway.
     */
    public void endLiveStreams() {
        liveMonitors.forEach(LiveMonitor::close);
    }

    /** Live monitor streams open now; for tests that check a stream ends with its client. */
    int openLiveStreams() {
        return liveMonitors.stream().mapToInt(LiveMonitor::openStreams).sum();
    }

    /**
     * The Grizzly handler that serves this application over HTTP: {@code jersey} (the container handler of
     * {@link #resourceConfig()}) guarded so that a malformed URI is a 400 problem and no failure shows Grizzly's
     * stack-trace page; when {@code answerHitsFirst}, with fresh cache hits answered in front of Jersey by the
     * same rules and with the same bytes and headers (see {@code CacheHitHandler}). In front of it all, each request
     * gets its id, and its answer is told to the request log and counted ({@code RequestLogHandler}).
     */
    public HttpHandler httpHandler(HttpHandler jersey, boolean answerHitsFirst) {
        GuardedJerseyHandler guarded = new GuardedJerseyHandler(jersey);
        HttpHandler answering = !answerHitsFirst ? guarded : new CacheHitHandler(cache,
                request -> PlainRequest.of(request, authenticator).map(PlainRequest::cacheable),
                guarded, GuardedJerseyHandler.NO_INTERNALS, serverTiming);
        return new RequestLogHandler(answering, requestLog, served, Clock.system(), routes,
                GuardedJerseyHandler.NO_INTERNALS);
    }

    /**
     * What admits requests onto the listener in front of Grizzly's parser: strict framing, header and body
     * deadlines, and request bodies only from authorised callers within this API's limits, held until complete
     * (see {@code StrictHttpFraming}).
     */
    public AddOn requestAdmission() {
        return StrictHttpFraming.addOn(new BodyAdmission(authenticator, limits), limits, Clock.system(), requestLog,
                served, routes);
    }

    public HttpLimits limits() {
        return limits;
    }

    public ResourceConfig resourceConfig() {
        ObjectMapper mapper = JsonMapping.newObjectMapper(limits.maxJsonBodyBytes());
        ResourceConfig config = new ResourceConfig();
        config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        config.property(ServerProperties.BV_FEATURE_DISABLE, true);
        config.register(JacksonFeature.withoutExceptionMappers());
        config.register(new JsonMapping(mapper));
        config.register(new NegotiationHeadersFilter());
        config.register(new AuthenticationFilter(authenticator));
        config.register(new ConsistencyTokenFilter(readYourWrites));
        config.register(new ResponseCacheFilter(cache, Callers::of, serverTiming));
        config.register(new ResponseCaptureInterceptor(cache));
        config.register(new JobsResource(commands, queries, mapper, limits.maxUploadBytes()));
        config.register(new UserResource(queries));
        config.register(new HealthResource());
        config.register(new ReadinessResource(readiness));
        config.register(new VersionResource(version));
        config.register(new MetricsResource(metricsScrape));
        config.register(new OpenApiResource());
        config.register(new AdminResource(admin, warmer, mapper));
        LiveMonitor monitor = new LiveMonitor(admin.reports(), mapper, LiveMonitor.MAX_STREAMS);
        liveMonitors.add(monitor);
        config.register(new MonitorResource(monitor));
        config.register(monitor.closedOnShutdown());
        config.register(new DashboardResource());
        config.register(routeLoader);
        ProblemMappers.registerAll(config);
        config.register(new ProblemInstanceFilter());
        config.register(new JsonContentTypeFilter());
        routes.learn(config);
        return config;
    }
}
