package dev.jobcache.adapters.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code /openapi.json}: the OpenAPI description of the whole API. Written by hand next to this class rather than
 * generated from annotations, so the resources stay free of documentation annotations; {@code OpenApiContractTest}
 * fails when the two disagree. Public; the response cache keeps it under the default policy.
 */
@Path("/openapi.json")
@Produces(MediaType.APPLICATION_JSON)
// public: Jersey invokes resource methods reflectively and JAX-RS requires public resource classes
public final class OpenApiResource {

    static final String RESOURCE = "openapi.json";

    private final byte[] description;

    OpenApiResource() {
        // read once: a missing description is a packaging fault, better found at start-up than on the first GET
        try (InputStream in = OpenApiResource.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath next to "
                        + OpenApiResource.class.getName());
            }
            description = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    @GET
    public Response description() {
        return Response.ok(description, MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=3600")
                .build();
    }
}
