package dev.jobcache.adapters.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Fills in a problem's {@code instance} (the request path) on the way out. Exception mappers are singletons without
 * the request at hand; doing it here keeps them free of request-scoped injection.
 */
final class ProblemInstanceFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof ProblemJson problem && problem.instance() == null) {
            response.setEntity(problem.at("/" + request.getUriInfo().getPath()));
        }
    }
}
