package dev.jobcache.adapters.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** {@code /version}: which build answers. */
@Path("/version")
@Produces(MediaType.APPLICATION_JSON)
// public: Jersey invokes resource methods reflectively and JAX-RS requires public resource classes
public final class VersionResource {

    private final String version;

    VersionResource(String version) {
        this.version = version;
    }

    @GET
    public Map<String, String> version() {
        return Map.of("name", "jobcache", "version", version);
    }
}
