package dev.jobcache.adapters.rest.cache;

import dev.jobcache.application.cache.ReadYourWrites;
import dev.jobcache.domain.cache.ConsistencyToken;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.Objects;
import java.util.Set;

/**
 * Read-your-writes over HTTP. Reads the token a request carries before the cache is asked (a malformed one is a 400
 * naming the header or cookie, before any write runs), and answers every successful write with the token of what it
 * invalidated ({@link ReadYourWrites}), in the {@value ConsistencyTokens#HEADER} header and the
 * {@value ConsistencyTokens#COOKIE} cookie. Reads are never answered with one: their bodies and headers stay what the
 * cache stores.
 */
@PreMatching
// after authentication, so that a caller without credentials hears about those first; before the cache's decision
@Priority(Priorities.AUTHENTICATION + 50)
public final class ConsistencyTokenFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String CARRIED = "dev.jobcache.cache.consistency";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final ReadYourWrites readYourWrites;

    public ConsistencyTokenFilter(ReadYourWrites readYourWrites) {
        this.readYourWrites = Objects.requireNonNull(readYourWrites, "readYourWrites");
    }

    /** The token the request carried, as this filter read it; none when it did not run (an earlier filter refused). */
    static ConsistencyToken carried(ContainerRequestContext request) {
        return request.getProperty(CARRIED) instanceof ConsistencyToken token ? token : ConsistencyToken.NONE;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(CARRIED, ConsistencyTokens.carried(request.getHeaderString(ConsistencyTokens.HEADER),
                request.getHeaderString(HttpHeaders.COOKIE)));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!WRITES.contains(request.getMethod())
                || response.getStatusInfo().getFamily() != Response.Status.Family.SUCCESSFUL) {
            return;
        }
        ConsistencyToken token = readYourWrites.afterWrite(carried(request));
        if (!token.isEmpty()) {
            response.getHeaders().putSingle(ConsistencyTokens.HEADER, token.text());
            response.getHeaders().add(HttpHeaders.SET_COOKIE,
                    ConsistencyTokens.setCookie(token, readYourWrites.tokenLifetime()));
        }
    }
}
