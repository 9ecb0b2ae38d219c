package dev.jobcache.adapters.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Builds problem responses ({@code application/problem+json}); never cacheable. */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    static Response of(Response.StatusType status, String slug, String detail, String instance, String field) {
        ProblemJson body = new ProblemJson("/problems/" + slug, status.getReasonPhrase(), status.getStatusCode(),
                detail, instance, field);
        return Response.status(status.getStatusCode())
                .type(MEDIA_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(body)
                .build();
    }

    static Response unauthorized(ContainerRequestContext request, String detail) {
        return Response.fromResponse(of(Response.Status.UNAUTHORIZED, "unauthorized", detail,
                        instance(request.getUriInfo()), null))
                .header(HttpHeaders.WWW_AUTHENTICATE, Callers.CHALLENGE)
                .build();
    }

    static String instance(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath();
    }
}
