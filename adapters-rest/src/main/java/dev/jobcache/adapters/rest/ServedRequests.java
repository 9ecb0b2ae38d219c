package dev.jobcache.adapters.rest;

import dev.jobcache.domain.port.RequestMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts each request the HTTP edge answered, as {@link RequestLogHandler} tells it once the response is complete:
 * method, route template, status and latency, through {@link RequestMetrics}. Labels stay bounded: a method no route
 * takes is {@code OTHER}, a path no route names {@link RequestMetrics#UNMATCHED}. Requests the edge refuses before
 * Grizzly parses them (bad framing, a body refused from its headers) are counted by {@code StrictHttpFraming}, those
 * refused before their line began as method {@code OTHER} on {@link RequestMetrics#UNMATCHED}. Never fails a request:
 * a failing {@link RequestMetrics} is logged once and ignored.
 */
final class ServedRequests {

    private static final Logger LOG = LoggerFactory.getLogger(ServedRequests.class);
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final RequestMetrics metrics;
    private final AtomicBoolean failed = new AtomicBoolean();

    ServedRequests(RequestMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** @param route a template of {@link RouteTemplates}, or its {@link RouteTemplates#UNMATCHED} */
    void served(String method, String route, int status, long latencyNanos) {
        try {
            metrics.served(METHODS.contains(method) ? method : "OTHER",
                    route.equals(RouteTemplates.UNMATCHED) ? RequestMetrics.UNMATCHED : route, status, latencyNanos);
        } catch (RuntimeException e) {
            if (failed.compareAndSet(false, true)) {
                LOG.warn("counting an HTTP request failed; further failures are ignored", e);
            }
        }
    }
}
