package dev.jobcache.adapters.rest.cache;

import dev.jobcache.application.cache.CacheDecision;
import dev.jobcache.application.cache.CacheableRequest;
import dev.jobcache.application.cache.DeclaredTags;
import dev.jobcache.application.cache.Load;
import dev.jobcache.application.cache.OriginResponse;
import dev.jobcache.application.cache.ResponseCache;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.domain.security.Principal;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The response cache at the HTTP edge. Pre-matching, so a hit is answered before Jersey matches a resource or
 * serialises anything; it runs after authentication because private entries are keyed by the caller. On a miss the
 * resource runs and {@link ResponseCaptureInterceptor} hands its serialised body to the cache. Every GET answer says
 * what the cache did in {@code X-Cache} and in the standard {@code Cache-Status} (RFC 9211).
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION + 100)
public final class ResponseCacheFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String DECISION = "dev.jobcache.cache.decision";
    static final String DECIDED_AT = "dev.jobcache.cache.decided-at";
    static final String CAPTURE = "dev.jobcache.cache.capture";
    static final String STATUS = "dev.jobcache.cache.status";
    static final String DECLARED_TAGS = "dev.jobcache.cache.declared-tags";
    /** Set on a request this service runs itself (warming, refresh-ahead): no client's traffic. */
    public static final String IN_PROCESS = "dev.jobcache.cache.in-process";

    private final ResponseCache cache;
    private final Function<ContainerRequestContext, Optional<Principal>> callers;
    private final ServerTiming timing;

    /** @param callers the caller the authentication filter attached to a request, if any */
    public ResponseCacheFilter(ResponseCache cache, Function<ContainerRequestContext, Optional<Principal>> callers) {
        this(cache, callers, ServerTiming.OFF);
    }

    /** @param timing whether answers carry {@code Server-Timing} */
    public ResponseCacheFilter(ResponseCache cache, Function<ContainerRequestContext, Optional<Principal>> callers,
                               ServerTiming timing) {
        this.cache = cache;
        this.callers = callers;
        this.timing = timing;
    }

    /** Notes when the cache decided, for the origin's time in {@code Server-Timing}; nothing when it is off. */
    static void decidedNow(java.util.function.BiConsumer<String, Object> attributes, ServerTiming timing) {
        if (timing.enabled()) {
            attributes.accept(DECIDED_AT, Clock.system().nanoTime());
        }
    }

    /**
     * Decides, unless {@link CacheHitHandler} in front of Jersey already did: then its decision is a request
     * property, and the request is not parsed, keyed or looked up again.
     */
    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getProperty(DECISION) instanceof CacheDecision decided) {
            if (decided instanceof CacheDecision.Hit hit) {
                request.abortWith(answer(request, hit));
            }
            return;
        }
        CacheDecision decision = cache.lookup(toCacheable(request));
        request.setProperty(DECISION, decision);
        decidedNow(request::setProperty, timing);
        if (decision instanceof CacheDecision.Hit hit) {
            request.abortWith(answer(request, hit));
        }
    }

    private CacheableRequest toCacheable(ContainerRequestContext request) {
        return new CacheableRequest(
                request.getMethod(),
                pathWithoutMatrixParameters(request),
                request.getUriInfo().getQueryParameters(true),
                callers.apply(request),
                request.getHeaderString(HttpHeaders.ACCEPT),
                request.getHeaderString(HttpHeaders.ACCEPT_ENCODING),
                request.getHeaderString(HttpHeaders.CACHE_CONTROL),
                request.getHeaderString(HttpHeaders.IF_NONE_MATCH),
                request.getHeaderString(HttpHeaders.AUTHORIZATION) != null,
                request.getHeaderString("Range") != null,
                ConsistencyTokenFilter.carried(request),
                request.getProperty(IN_PROCESS) != null);
    }

    /**
     * The path as Jersey matches it: matrix parameters ({@code /jobs;v=1/42}) are not part of a segment for
     * resource matching, so they must not be for the route, its path parameters and the tags derived from them.
     */
    private static String pathWithoutMatrixParameters(ContainerRequestContext request) {
        StringBuilder path = new StringBuilder();
        for (PathSegment segment : request.getUriInfo().getPathSegments(true)) {
            path.append('/').append(segment.getPath());
        }
        return path.length() == 0 ? "/" : path.toString();
    }

    private Response answer(ContainerRequestContext request, CacheDecision.Hit hit) {
        HitResponse hitResponse = HitResponse.of(hit, request.getMethod(),
                request.getHeaderString(HttpHeaders.ACCEPT_ENCODING), timing);
        Response.ResponseBuilder builder = Response.status(hitResponse.status());
        if (hitResponse.body() != null) {
            builder.entity(hitResponse.body());
        }
        for (HitResponse.Header header : hitResponse.headers()) {
            builder.header(header.name(), header.value());
        }
        return builder.build();
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object decision = request.getProperty(DECISION);
        MultivaluedMap<String, Object> headers = response.getHeaders();
        // for this cache alone: no client sees what a response depends on
        List<Object> declared = headers.remove(DeclaredTags.HEADER);
        if (declared != null) {
            request.setProperty(DECLARED_TAGS, declared.stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(" ")));
        }
        if (decision instanceof CacheDecision.Miss miss) {
            onMiss(request, response, miss.load());
        } else if (decision == null) {
            // a filter before this one answered (e.g. 401 for a bad token): the cache was never asked
            CacheHeaders.status(headers, "BYPASS", "fwd=bypass; detail=not-consulted");
        } else if (decision instanceof CacheDecision.Bypass bypass) {
            CacheHeaders.status(headers, "BYPASS", "fwd=bypass; detail=" + bypass.reason());
            if (bypass.reason().equals("authorization")) {
                // an authorized answer is never for a shared cache, whatever the route's policy says
                headers.putSingle("Cache-Control", "private, no-store");
            } else if (isSuccess(response) && bypass.policy().cacheable() && isRead(request)) {
                // a GET the cache stayed out of still tells clients the route's caching rules; a write's answer does not
                CacheHeaders.policyHeaders(headers, bypass.policy());
            }
        }
        if (!isSuccess(response) && response.getStatus() != 304) {
            // errors are never cached, here or by any cache between us and the client
            headers.putSingle("Cache-Control", "no-store");
        }
        if (request.getProperty(DECIDED_AT) instanceof Long decidedAt && !(decision instanceof CacheDecision.Hit)) {
            long lookup = decision instanceof CacheDecision.Miss miss ? miss.lookupNanos() : -1;
            timing.origin(lookup, Clock.system().nanoTime() - decidedAt)
                    .ifPresent(value -> headers.putSingle(ServerTiming.HEADER, value));
        }
    }

    private void onMiss(ContainerRequestContext request, ContainerResponseContext response, Load load) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        CacheHeaders.status(headers, "MISS", "fwd=miss");
        if (isSuccess(response) && response.hasEntity() && load.storable()) {
            request.setProperty(CAPTURE, load);
            request.setProperty(STATUS, response.getStatus());
            request.setProperty(ResponseCaptureInterceptor.ACCEPT_ENCODING,
                    request.getHeaderString(HttpHeaders.ACCEPT_ENCODING));
            return;
        }
        if (isSuccess(response) && !response.hasEntity()) {
            cache.complete(load, origin(response.getStatus(), response.getHeaders(), new byte[0],
                    request.getProperty(DECLARED_TAGS)));
            CacheHeaders.policyHeaders(headers, load.policy());
            return;
        }
        cache.abandon(load);
        if (response.getStatus() >= 500 && load.staleFallback().isPresent()) {
            serveStale(request, response, load);
        } else if (isSuccess(response)) {
            CacheHeaders.policyHeaders(headers, load.policy());
        }
    }

    /** RFC 5861 stale-if-error: the origin failed, and an expired entry within its grace is better than a 5xx. */
    private static void serveStale(ContainerRequestContext request, ContainerResponseContext response, Load load) {
        CachedResponse entry = load.staleFallback().orElseThrow();
        boolean gzip = CacheHeaders.sendsGzip(entry, request.getHeaderString(HttpHeaders.ACCEPT_ENCODING));
        byte[] body = CacheHeaders.bodyFor(entry, gzip);
        response.setStatus(entry.status());
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.clear();
        CacheHeaders.representation(headers, load.policy(), entry, gzip);
        headers.putSingle(HttpHeaders.CONTENT_LENGTH, body.length);
        CacheHeaders.status(headers, "STALE", "hit; fwd=stale; detail=origin-error");
        String contentType = entry.headers().get(HttpHeaders.CONTENT_TYPE);
        response.setEntity(body, new java.lang.annotation.Annotation[0],
                contentType == null ? jakarta.ws.rs.core.MediaType.APPLICATION_OCTET_STREAM_TYPE
                        : jakarta.ws.rs.core.MediaType.valueOf(contentType));
    }

    private static boolean isRead(ContainerRequestContext request) {
        return request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
    }

    private static boolean isSuccess(ContainerResponseContext response) {
        return response.getStatusInfo().getFamily() == Response.Status.Family.SUCCESSFUL;
    }

    /** The response as the cache takes it: what the client is sent, and the tags it named for the cache alone. */
    static OriginResponse origin(int status, MultivaluedMap<String, Object> headers, byte[] body, Object declaredTags) {
        Map<String, List<String>> text = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> text.put(name, values.stream().map(String::valueOf).toList()));
        if (declaredTags instanceof String tags) {
            text.put(DeclaredTags.HEADER, List.of(tags));
        }
        return new OriginResponse(status, text, body);
    }
}
