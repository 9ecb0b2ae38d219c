package dev.jobcache.adapters.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code /metrics}: every meter of the process in the Prometheus text format, for a Prometheus server to scrape.
 * The text comes from a plain supplier so that this adapter does not depend on the metrics library (the composition
 * root passes the registry's scrape). Answered with {@code Cache-Control: no-store}: a cached scrape would show
 * Prometheus counters frozen in time, and the response cache refuses to store such a response.
 */
@Path("/metrics")
@Produces(MetricsResource.PROMETHEUS_TEXT)
// public: Jersey invokes resource methods reflectively and JAX-RS requires public resource classes
public final class MetricsResource {

    /** The Prometheus text exposition format 0.0.4, what every Prometheus server accepts. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Supplier<String> scrape;

    MetricsResource(Supplier<String> scrape) {
        this.scrape = Objects.requireNonNull(scrape, "scrape");
    }

    @GET
    public Response metrics() {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(scrape.get(), PROMETHEUS_TEXT).cacheControl(noStore).build();
    }
}
