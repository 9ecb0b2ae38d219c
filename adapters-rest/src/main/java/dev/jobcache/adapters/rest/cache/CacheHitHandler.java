package dev.jobcache.adapters.rest.cache;

import dev.jobcache.application.cache.CacheableRequest;
import dev.jobcache.application.cache.ResponseCache;
import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.RequestExecutorProvider;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.threadpool.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Answers fresh cache hits in front of Jersey. Through Jersey, a hit pays for the request scope, the injection
 * manager, the filter chain and the committing entity writer around a copy of stored bytes; here it pays for
 * authentication, the key and the lookup, and the same bytes and headers go out ({@link HitResponse}). Everything
 * else (misses, bypasses, stale entries, bad tokens, any request URI that is not plain) goes on to Jersey unchanged,
 * where {@link ResponseCacheFilter} decides again, so this handler can only ever answer what Jersey would have
 * answered from the cache.
 *
 * <p>Threads: Grizzly asks {@link #getRequestExecutorProvider()} where to run each request. On a selector thread a
 * hit the store holds in process ({@code CacheStore#getLocal}: Caffeine, the near-cache's L1) is answered right
 * there, without the hand-off to a worker thread, which costs more than the answer; anything else is handed to the
 * worker pool as usual, where the full read (Redis included) may block. Nothing on the selector thread waits on I/O.
 */
public final class CacheHitHandler extends HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CacheHitHandler.class);
    /** A Grizzly request attribute: set and read only in this process, never by a client. */
    private static final String LOCAL_HIT = "dev.jobcache.cache.local-hit";

    private final ResponseCache cache;
    private final PlainRequests plainRequests;
    private final HttpHandler next;
    private final ErrorPageGenerator errorPages;
    private final RequestExecutorProvider executors = new LocalHitsOnSelector();

    /**
     * @param plainRequests reads a request off Grizzly as Jersey would read it, or empty for one only Jersey reads
     * @param next          Jersey's handler (guarded), which answers everything that is not a fresh hit
     * @param errorPages    the error pages of {@code next}, so that no failure here shows Grizzly's either
     */
    public CacheHitHandler(ResponseCache cache, PlainRequests plainRequests, HttpHandler next,
                           ErrorPageGenerator errorPages) {
        super(next.getName());
        this.cache = Objects.requireNonNull(cache, "cache");
        this.plainRequests = Objects.requireNonNull(plainRequests, "plainRequests");
        this.next = next;
        this.errorPages = Objects.requireNonNull(errorPages, "errorPages");
    }

    /** Reads a GET or HEAD off Grizzly's request as Jersey would, with its caller authenticated. */
    @FunctionalInterface
    public interface PlainRequests {
        /** Empty when only Jersey can read it (an encoded or unusual URI, a header it must refuse). */
        Optional<CacheableRequest> read(Request request);
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        Object local = request.getAttribute(LOCAL_HIT);
        if (local instanceof HitResponse hit) {
            request.removeAttribute(LOCAL_HIT);
            write(hit, response);
            return;
        }
        Optional<HitResponse> hit = hit(request, false);
        if (hit.isPresent()) {
            write(hit.get(), response);
            return;
        }
        next.service(request, response);
    }

    private Optional<HitResponse> hit(Request request, boolean localOnly) {
        try {
            return plainRequests.read(request)
                    .flatMap(plain -> cache.freshHit(plain, localOnly)
                            .map(hit -> HitResponse.of(hit, plain.method(), plain.acceptEncoding())));
        } catch (RuntimeException e) {
            // the cache fails open by contract; should anything slip through, Jersey answers the request instead
            LOG.warn("answering a cache hit in front of Jersey failed; Jersey answers instead: {}", e.toString());
            return Optional.empty();
        }
    }

    private static void write(HitResponse hit, Response response) throws IOException {
        response.setStatus(hit.status());
        for (HitResponse.Header header : hit.headers()) {
            // add, not set: the names are distinct, and set would first look each one up among those added
            response.addHeader(header.name(), header.value());
        }
        if (hit.body() != null) {
            response.getOutputStream().write(hit.body());
        }
    }

    @Override
    public RequestExecutorProvider getRequestExecutorProvider() {
        return executors;
    }

    @Override
    protected ErrorPageGenerator getErrorPageGenerator(Request request) {
        return errorPages;
    }

    @Override
    protected boolean sendAcknowledgment(Request request, Response response) throws java.io.IOException {
        // the edge (StrictHttpFraming) answers Expect: 100-continue itself when it admits a body
        return "100-continue".equalsIgnoreCase(request.getHeader("Expect")) || super.sendAcknowledgment(request, response);
    }

    @Override
    public void start() {
        next.start();
    }

    @Override
    public void destroy() {
        next.destroy();
    }

    /** Runs a request on the selector thread when it is a hit held in process, on a worker thread otherwise. */
    private final class LocalHitsOnSelector implements RequestExecutorProvider {

        private final RequestExecutorProvider workers = new RequestExecutorProvider.WorkerThreadProvider();

        @Override
        public Executor getExecutor(Request request) {
            if (!Threads.isService()) {
                return null;
            }
            Optional<HitResponse> hit = hit(request, true);
            if (hit.isPresent()) {
                request.setAttribute(LOCAL_HIT, hit.get());
                return null;
            }
            return workers.getExecutor(request);
        }
    }
}
