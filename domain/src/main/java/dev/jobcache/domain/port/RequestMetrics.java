package dev.jobcache.domain.port;

/**
 * Counts the HTTP requests the service answered, by method, route template and status, with how long each took.
 * Called once per request, on whichever thread completed it: an HTTP selector thread for a hit held in process, the
 * Redis client's I/O thread for a Redis hit, a worker otherwise. So {@link #served} must be cheap, must not block and
 * must not throw. Callers keep the labels bounded: a route is a route template, never a raw path, and every path no
 * route matches is {@link #UNMATCHED}.
 */
public interface RequestMetrics {

    /** The route of every request whose path matches no route: one value, so that no client can mint series. */
    String UNMATCHED = "unmatched";

    /**
     * @param method       the request method, upper case ({@code OTHER} for one outside HTTP's standard methods)
     * @param route        the route template ({@code /jobs/{id}}), or {@link #UNMATCHED}
     * @param status       the response's status code
     * @param latencyNanos from the request reaching the server to its response being complete
     */
    void served(String method, String route, int status, long latencyNanos);
}
