package dev.jobcache.adapters.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** {@code /health}: the process answers HTTP. Public and cached; cache details belong to the admin API. */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
// public: Jersey invokes resource methods reflectively and JAX-RS requires public resource classes
public final class HealthResource {

    @GET
    public Map<String, String> health() {
        return Map.of("status", "UP");
    }
}
