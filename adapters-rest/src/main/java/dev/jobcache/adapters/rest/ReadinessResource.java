package dev.jobcache.adapters.rest;

import dev.jobcache.application.readiness.Readiness;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /ready}: whether this instance can serve, for a readiness probe: 200 while its job database answers (with
 * {@code DEGRADED} when its cache backend does not, which it survives), 503 otherwise. Public like {@code /health},
 * never cached: each probe asks anew.
 */
@Path("/ready")
@Produces(MediaType.APPLICATION_JSON)
// public: Jersey invokes resource methods reflectively and JAX-RS requires public resource classes
public final class ReadinessResource {

    private final Readiness readiness;

    ReadinessResource(Readiness readiness) {
        this.readiness = readiness;
    }

    @GET
    public Response ready() {
        Readiness.Report report = readiness.check();
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("backend", report.cache().backend());
        cache.put("status", report.cache().up() ? "UP" : "DOWN");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.status().name());
        body.put("database", report.databaseUp() ? "UP" : "DOWN");
        body.put("cache", cache);
        return Response.status(report.ready() ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .entity(body).header("Cache-Control", "no-store").build();
    }
}
