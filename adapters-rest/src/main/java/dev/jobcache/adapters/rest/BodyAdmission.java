package dev.jobcache.adapters.rest;

import dev.jobcache.domain.port.Authenticator;
import dev.jobcache.domain.security.Principal;
import dev.jobcache.domain.security.Role;

import java.util.Optional;

/**
 * Decides, from a request's line and headers alone, whether its body may be read at all: the route must take a
 * body, the caller must be authenticated (and an admin on admin routes), and its length must fit the route's limit.
 * So an anonymous client can make the server read, buffer or parse nothing, and nobody can send more than a route
 * takes.
 */
final class BodyAdmission {

    private final Authenticator authenticator;
    private final HttpLimits limits;

    BodyAdmission(Authenticator authenticator, HttpLimits limits) {
        this.authenticator = authenticator;
        this.limits = limits;
    }

    /**
     * @param target        the request target as sent (path and query)
     * @param authorization the Authorization header, or null
     * @param contentLength the declared length, or -1 for a chunked body
     * @return the answer instead of reading the body, or empty when it may be read up to {@link #limitOf}
     */
    Optional<EdgeProblem> refusal(String method, String target, String authorization, long contentLength) {
        BodyRoute route = BodyRoute.of(method, pathOf(target));
        if (route == null) {
            return Optional.of(new EdgeProblem(400, "Bad Request", "body-not-allowed",
                    "this method and path take no request body", "body"));
        }
        Optional<Principal> caller = authorization == null ? Optional.empty()
                : AuthenticationFilter.tokenOf(authorization).flatMap(authenticator::authenticate);
        if (caller.isEmpty()) {
            return Optional.of(new EdgeProblem(401, "Unauthorized", "unauthorized", authorization == null
                    ? "a bearer token is required" : "the bearer token is missing, malformed or unknown", null));
        }
        if (route.admin() && !caller.get().has(Role.ADMIN)) {
            return Optional.of(new EdgeProblem(403, "Forbidden", "forbidden", "the admin role is required", null));
        }
        long limit = route.upload() ? limits.maxUploadBytes() : limits.maxJsonBodyBytes();
        if (contentLength > limit) {
            return Optional.of(tooLarge(limit));
        }
        return Optional.empty();
    }

    /** The most bytes the body of an admitted request may have. */
    long limitOf(String method, String target) {
        BodyRoute route = BodyRoute.of(method, pathOf(target));
        return route != null && route.upload() ? limits.maxUploadBytes() : limits.maxJsonBodyBytes();
    }

    static EdgeProblem tooLarge(long limit) {
        return new EdgeProblem(413, "Request Entity Too Large", "request-entity-too-large",
                "the body is larger than " + limit + " bytes", "body");
    }

    static String pathOf(String target) {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** The routes that take a request body, and what each needs. */
    record BodyRoute(boolean upload, boolean admin) {

        static BodyRoute of(String method, String path) {
            String[] segments = path.split("/", -1);
            // "/jobs" splits into "", "jobs"
            if (segments.length < 2 || !segments[0].isEmpty()) {
                return null;
            }
            if (segments[1].equals("jobs")) {
                if (segments.length == 2 && method.equals("POST")) {
                    return new BodyRoute(false, false);
                }
                if (segments.length == 3 && !segments[2].isEmpty() && method.equals("PATCH")) {
                    return new BodyRoute(false, false);
                }
                if (segments.length == 4 && !segments[2].isEmpty() && segments[3].equals("download")
                        && method.equals("PUT")) {
                    return new BodyRoute(true, false);
                }
                return null;
            }
            if (segments.length == 4 && segments[1].equals("admin") && segments[2].equals("cache")
                    && method.equals("POST")
                    && (segments[3].equals("invalidate") || segments[3].equals("clear") || segments[3].equals("warm"))) {
                return new BodyRoute(false, true);
            }
            return null;
        }
    }
}
