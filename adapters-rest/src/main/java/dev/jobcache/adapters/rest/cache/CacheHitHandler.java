package dev.jobcache.adapters.rest.cache;

import dev.jobcache.application.cache.CacheDecision;
import dev.jobcache.application.cache.CacheableRequest;
import dev.jobcache.application.cache.NonBlockingReads;
import dev.jobcache.application.cache.PreparedLookup;
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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The response cache in front of Jersey. Through Jersey, a hit pays for the request scope, the injection manager,
 * the filter chain and the committing entity writer around a copy of stored bytes; here it pays for authentication,
 * the key and the lookup, and the same bytes and headers go out ({@link HitResponse}). A request that is not plain
 * (an encoded or unusual URI, a bad token, a header Jersey refuses) goes on to Jersey unchanged, where
 * {@link ResponseCacheFilter} decides, so this handler only ever answers what Jersey would have answered from the
 * cache.
 *
 * <p>Each request's cache work is done once, whichever threads it passes: it is authenticated, keyed and matched to
 * its policy once ({@link PreparedLookup}), and the store is read once. A miss or a bypass goes on to Jersey with
 * the decision and the caller as request attributes, which {@link ResponseCacheFilter} and the authentication
 * filter take instead of deciding again; the load a miss leads is abandoned here once Jersey is done, should Jersey
 * never have completed it.
 *
 * <p>Threads, decided once from the store ({@link ResponseCache#nonBlockingReads()}): Grizzly asks
 * {@link #getRequestExecutorProvider()} where to run each request, on the selector thread that parsed it.
 * <ul>
 *   <li>{@code LOCAL} (Caffeine, a near-cache's L1): a hit held in process is answered on the selector thread,
 *       without the hand-off to a worker thread, which costs more than the answer; anything else goes to a worker
 *       with what the selector worked out.</li>
 *   <li>{@code ASYNCHRONOUS} (Redis): Grizzly suspends the request as for a worker, and the store is read
 *       asynchronously ({@link AfterTheStoreAnswers}); a hit is written on the store client's I/O thread when the
 *       answer comes, and anything else is handed from there to a worker. Neither thread waits on anything.</li>
 *   <li>{@code NONE}: nothing is tried on the selector thread; the worker does it all.</li>
 * </ul>
 */
public final class CacheHitHandler extends HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CacheHitHandler.class);

    /**
     * The caller this handler authenticated, as a request attribute for Jersey's authentication filter. Grizzly's
     * request attributes are set only in this process, never by a client.
     */
    public static final String AUTHENTICATED_CALLER = "dev.jobcache.cache.edge-caller";
    private static final String LOCAL_HIT = "dev.jobcache.cache.local-hit";
    private static final String PREPARED = "dev.jobcache.cache.prepared";
    private static final String UNAVAILABLE = "dev.jobcache.cache.unavailable";
    /** Larger hits read from an asynchronous store are written by a worker, which may wait for the client. */
    private static final int MAX_BODY_ON_STORE_THREAD = 16 * 1024;
    /** The worker pool, while this thread (the store's) runs a request Grizzly handed it; else null. */
    private static final ThreadLocal<Executor> ON_STORE_THREAD = new ThreadLocal<>();
    private static final String NOT_PLAIN = "dev.jobcache.cache.not-plain";

    private final ResponseCache cache;
    private final PlainRequests plainRequests;
    private final HttpHandler next;
    private final ErrorPageGenerator errorPages;
    private final ServerTiming timing;
    private final NonBlockingReads selectorReads;
    private final RequestExecutorProvider workers = new RequestExecutorProvider.WorkerThreadProvider();
    private final RequestExecutorProvider executors = new SelectorFirst();

    /**
     * @param plainRequests reads a request off Grizzly as Jersey would read it, or empty for one only Jersey reads
     * @param next          Jersey's handler (guarded), which answers everything that is not a hit
     * @param errorPages    the error pages of {@code next}, so that no failure here shows Grizzly's either
     */
    public CacheHitHandler(ResponseCache cache, PlainRequests plainRequests, HttpHandler next,
                           ErrorPageGenerator errorPages) {
        this(cache, plainRequests, next, errorPages, ServerTiming.OFF);
    }

    /** @param timing whether answers carry {@code Server-Timing} */
    public CacheHitHandler(ResponseCache cache, PlainRequests plainRequests, HttpHandler next,
                           ErrorPageGenerator errorPages, ServerTiming timing) {
        super(next.getName());
        this.timing = Objects.requireNonNull(timing, "timing");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.plainRequests = Objects.requireNonNull(plainRequests, "plainRequests");
        this.next = next;
        this.errorPages = Objects.requireNonNull(errorPages, "errorPages");
        this.selectorReads = cache.nonBlockingReads();
    }

    /** Reads a GET or HEAD off Grizzly's request as Jersey would, with its caller authenticated. */
    @FunctionalInterface
    public interface PlainRequests {
        /** Empty when only Jersey can read it (an encoded or unusual URI, a header it must refuse). */
        Optional<CacheableRequest> read(Request request);
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        if (take(request, LOCAL_HIT) instanceof HitResponse hit) {
            write(hit, response);
            return;
        }
        if (take(request, UNAVAILABLE) != null) {
            // the worker pool refused the request: the server is shutting down
            response.setStatus(503);
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("Connection", "close");
            return;
        }
        if (take(request, PREPARED) instanceof PreparedLookup prepared) {
            decide(request, response, prepared);
            return;
        }
        if (take(request, NOT_PLAIN) != null) {
            next.service(request, response);
            return;
        }
        // nothing was tried on the selector thread
        Optional<PreparedLookup> prepared = prepare(request);
        if (prepared.isPresent()) {
            decide(request, response, prepared.get());
        } else {
            next.service(request, response);
        }
    }

    private static Object take(Request request, String attribute) {
        Object value = request.getAttribute(attribute);
        if (value != null) {
            request.removeAttribute(attribute);
        }
        return value;
    }

    private Optional<PreparedLookup> prepare(Request request) {
        try {
            return plainRequests.read(request).map(cache::prepare);
        } catch (RuntimeException e) {
            LOG.warn("reading a request for the cache failed; Jersey answers it instead: {}", e.toString());
            return Optional.empty();
        }
    }

    /** The whole lookup, on a thread that may block: a hit is answered here, anything else by Jersey. */
    private void decide(Request request, Response response, PreparedLookup prepared) throws Exception {
        CacheDecision decision;
        try {
            decision = cache.lookup(prepared);
        } catch (RuntimeException e) {
            // the cache fails open by contract; should anything slip through, Jersey decides and answers instead
            LOG.warn("a cache lookup in front of Jersey failed; Jersey answers instead: {}", e.toString());
            next.service(request, response);
            return;
        }
        CacheableRequest plain = prepared.request();
        if (decision instanceof CacheDecision.Hit hit) {
            write(HitResponse.of(hit, plain.method(), plain.acceptEncoding(), timing), response);
            return;
        }
        request.setAttribute(ResponseCacheFilter.DECISION, decision);
        ResponseCacheFilter.decidedNow(request::setAttribute, timing);
        plain.caller().ifPresent(caller -> request.setAttribute(AUTHENTICATED_CALLER, caller));
        try {
            next.service(request, response);
        } finally {
            if (decision instanceof CacheDecision.Miss miss) {
                // cached routes are answered synchronously: by now Jersey has completed the load, or never will
                cache.abandon(miss.load());
            }
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

    /**
     * On the selector thread: answers a hit held in process right there, or starts an asynchronous read there, or
     * hands the request, with what was worked out, to a worker thread.
     */
    private final class SelectorFirst implements RequestExecutorProvider {

        @Override
        public Executor getExecutor(Request request) {
            if (!Threads.isService()) {
                // a worker runs it where it is; the store's I/O thread, answering a pipelined request after a hit
                // it wrote, hands it to the workers
                return ON_STORE_THREAD.get();
            }
            if (selectorReads == NonBlockingReads.NONE) {
                return workers.getExecutor(request);
            }
            Optional<PreparedLookup> prepared = prepare(request);
            if (prepared.isEmpty()) {
                request.setAttribute(NOT_PLAIN, Boolean.TRUE);
                return workers.getExecutor(request);
            }
            if (selectorReads == NonBlockingReads.ASYNCHRONOUS && prepared.get().mayHitFast()) {
                return new AfterTheStoreAnswers(request, prepared.get(), workers.getExecutor(request));
            }
            if (selectorReads == NonBlockingReads.LOCAL) {
                Optional<CacheDecision.Hit> hit = localHit(prepared.get());
                if (hit.isPresent()) {
                    CacheableRequest plain = prepared.get().request();
                    request.setAttribute(LOCAL_HIT, HitResponse.of(hit.get(), plain.method(), plain.acceptEncoding(), timing));
                    return null;
                }
            }
            request.setAttribute(PREPARED, prepared.get());
            return workers.getExecutor(request);
        }

        private Optional<CacheDecision.Hit> localHit(PreparedLookup prepared) {
            try {
                return cache.localHit(prepared);
            } catch (RuntimeException e) {
                LOG.warn("a local cache read failed; a worker decides instead: {}", e.toString());
                return Optional.empty();
            }
        }
    }

    /**
     * Where Grizzly runs a request whose store read is asynchronous. Grizzly suspends the request, as for any
     * hand-off to a worker, and gives this executor the task that runs {@link #service} and then finishes the
     * response; this executor starts the read and runs that task when the store answers: on the store's I/O thread
     * for a hit, which is written right there, and on a worker thread for anything else, with the read handed on.
     */
    private final class AfterTheStoreAnswers implements Executor {

        private final Request request;
        private final PreparedLookup prepared;
        private final Executor workers;

        AfterTheStoreAnswers(Request request, PreparedLookup prepared, Executor workers) {
            this.request = request;
            this.prepared = prepared;
            this.workers = workers;
        }

        @Override
        public void execute(Runnable serve) {
            CompletionStage<Optional<CacheDecision.Hit>> read;
            try {
                read = cache.asyncHit(prepared);
            } catch (RuntimeException e) {
                LOG.warn("an asynchronous cache read failed to start; a worker decides instead: {}", e.toString());
                toWorkers(serve, PREPARED, prepared);
                return;
            }
            read.whenComplete((hit, failure) -> {
                // serve must run exactly once, whatever happens here: Grizzly's request stays suspended until it does
                HitResponse answer = null;
                try {
                    if (failure == null && hit.isPresent()) {
                        CacheableRequest plain = prepared.request();
                        answer = HitResponse.of(hit.get(), plain.method(), plain.acceptEncoding(), timing);
                    } else if (failure != null) {
                        LOG.warn("an asynchronous cache read failed; a worker decides instead: {}", failure.toString());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("answering an asynchronous cache hit failed; a worker decides instead: {}", e.toString());
                }
                if (answer == null) {
                    toWorkers(serve, PREPARED, prepared);
                    return;
                }
                if (!writesWithoutWaiting(answer)) {
                    // a client that does not read its answers would hold Lettuce's thread, and every Redis call
                    toWorkers(serve, LOCAL_HIT, answer);
                    return;
                }
                request.setAttribute(LOCAL_HIT, answer);
                ON_STORE_THREAD.set(workers);
                try {
                    serve.run();
                } finally {
                    ON_STORE_THREAD.remove();
                }
            });
        }

        /**
         * Whether Grizzly takes the answer into its write queue without blocking the writing thread: it blocks a
         * thread that is not its own once a connection's queue is full, as it is for a client that stopped reading.
         */
        private boolean writesWithoutWaiting(HitResponse answer) {
            byte[] body = answer.body();
            try {
                return (body == null || body.length <= MAX_BODY_ON_STORE_THREAD)
                        && request.getResponse().getOutputBuffer().canWrite();
            } catch (RuntimeException e) {
                return false;
            }
        }

        /** Runs Grizzly's task on a worker with what it needs as an attribute; a 503 when the pool refuses it. */
        private void toWorkers(Runnable serve, String attribute, Object value) {
            request.setAttribute(attribute, value);
            try {
                workers.execute(serve);
            } catch (RuntimeException rejected) {
                request.removeAttribute(attribute);
                request.setAttribute(UNAVAILABLE, Boolean.TRUE);
                serve.run();
            }
        }
    }
}
