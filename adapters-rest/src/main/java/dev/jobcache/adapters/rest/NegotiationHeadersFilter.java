package dev.jobcache.adapters.rest;

import dev.jobcache.domain.cache.Representation;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Optional;

/**
 * Reads {@code Accept} and {@code Content-Type} before anything else does. Jersey, left to read a malformed one
 * itself, fails while writing even its own error and answers a 400 without a body; here it is a problem naming the
 * header. A well-formed {@code Accept} is replaced by its canonical form ({@link Representation}), the very text the
 * cache key holds, so that the origin negotiates on exactly what the key says and two requests that share an entry
 * cannot get different answers from Jersey (and Jersey, which refuses empty list elements RFC 9110 §5.6.1 tells a
 * recipient to ignore, never sees one).
 *
 * <p>{@code Content-Type} is read with Jersey's own parser ({@link MediaType#valueOf}), so what passes here is what
 * Jersey reads later; a well-formed type a resource does not take stays Jersey's 415. Jersey reads it on a GET too,
 * so a GET is refused for it as well, whether or not its answer is cached ({@link PlainRequest} leaves such a request
 * to Jersey, which brings it here).
 */
@PreMatching
// before authentication: a request that cannot be read is refused for that, whoever sends it
@Priority(Priorities.AUTHENTICATION - 100)
final class NegotiationHeadersFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept != null) {
            Optional<Representation> representation = Representation.parseAccept(accept);
            if (representation.isEmpty()) {
                refuse(request, HttpHeaders.ACCEPT, "is not a list of media ranges with optional weights "
                        + "(RFC 9110 §12.5.1), e.g. 'application/json' or 'application/json, */*;q=0.5'");
                return;
            }
            if (!representation.get().accept().equals(accept)) {
                request.getHeaders().putSingle(HttpHeaders.ACCEPT, representation.get().accept());
            }
        }
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && !isMediaType(contentType)) {
            refuse(request, HttpHeaders.CONTENT_TYPE, "is not a media type (RFC 9110 §8.3), e.g. 'application/json'");
        }
    }

    /** Whether Jersey can read {@code value} as a media type: what it needs of a {@code Content-Type}. */
    static boolean isMediaType(String value) {
        try {
            MediaType.valueOf(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void refuse(ContainerRequestContext request, String header, String detail) {
        request.abortWith(Problems.of(Response.Status.BAD_REQUEST, "malformed-header", header + ": " + detail,
                Problems.instance(request.getUriInfo()), header));
    }
}
