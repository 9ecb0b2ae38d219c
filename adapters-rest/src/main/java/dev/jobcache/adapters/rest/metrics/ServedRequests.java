package dev.jobcache.adapters.rest.metrics;

import dev.jobcache.domain.port.Clock;
import dev.jobcache.domain.port.RequestMetrics;
import org.glassfish.grizzly.http.server.AfterServiceListener;
import org.glassfish.grizzly.http.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts each request the HTTP edge answers, once its response is complete: method, route template, status and the
 * time from {@link #arrived} to then. Grizzly tells when a response is complete, whichever thread wrote it (a
 * selector thread for a hit held in process, the Redis client's I/O thread, a worker) and however long a stream
 * stays open, so one listener per request covers every way through. The route is the one the cache edge names for
 * the hits it answers ({@link #answeredFor}), or else the template the path matches ({@link RouteTemplates}).
 * Requests the edge refuses before Grizzly parses them (bad framing, a body refused from its headers) are not
 * counted here. Never fails a request: a failing {@link RequestMetrics} is logged once and ignored.
 */
public final class ServedRequests {

    private static final Logger LOG = LoggerFactory.getLogger(ServedRequests.class);
    private static final String ROUTE = "dev.jobcache.http.route";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final RequestMetrics metrics;
    private final RouteTemplates routes;
    private final Clock clock;
    private final AtomicBoolean failed = new AtomicBoolean();

    public ServedRequests(RequestMetrics metrics, RouteTemplates routes, Clock clock) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.routes = Objects.requireNonNull(routes, "routes");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts timing a request that Grizzly has just parsed and is handing to a handler; it is counted when its
     * response is complete. Call exactly once per request: where Grizzly asks the outermost handler for its executor.
     */
    public void arrived(Request request) {
        request.addAfterServiceListener(new Timing(clock.nanoTime()));
    }

    /** The route of a request answered from the cache: its policy's, which spares matching the path again. */
    public static void answeredFor(Request request, String route) {
        request.setAttribute(ROUTE, route);
    }

    private void completed(Request request, long startedNanos) {
        try {
            String route = request.getAttribute(ROUTE) instanceof String named ? named : routes.of(request.getRequestURI());
            metrics.served(method(request), route, request.getResponse().getStatus(), clock.nanoTime() - startedNanos);
        } catch (RuntimeException e) {
            if (failed.compareAndSet(false, true)) {
                LOG.warn("counting an HTTP request failed; further failures are ignored", e);
            }
        }
    }

    private static String method(Request request) {
        String method = request.getMethod().getMethodString();
        return METHODS.contains(method) ? method : "OTHER";
    }

    /** One request's start; Grizzly calls it back once the response is complete. */
    private final class Timing implements AfterServiceListener {

        private final long startedNanos;

        Timing(long startedNanos) {
            this.startedNanos = startedNanos;
        }

        @Override
        public void onAfterService(Request request) {
            completed(request, startedNanos);
        }
    }
}
