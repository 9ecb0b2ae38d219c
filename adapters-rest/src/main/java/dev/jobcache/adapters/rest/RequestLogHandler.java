package dev.jobcache.adapters.rest;

import dev.jobcache.domain.port.Clock;
import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.RequestExecutorProvider;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.MDC;

/**
 * The outermost Grizzly handler: gives each request its id ({@link RequestIds}), sends it back in
 * {@code X-Request-Id} on whatever answers, puts it in the MDC of every thread that works on the request here (the
 * selector that reads it, then the worker, or the store client's thread that writes a hit), and tells the
 * {@link RequestLog} and counts it ({@link ServedRequests}) once the answer is done, however and wherever it was given:
 * a hit in front of Jersey (on a selector thread, or on the store client's thread), Jersey, or a 503 when the workers
 * refused it. One listener per request, one clock reading at each end.
 *
 * <p>The id goes on Grizzly's response before anything else answers, never on Jersey's, so a response stored in the
 * cache cannot hold it and every hit carries the id of the request it answers.
 */
final class RequestLogHandler extends HttpHandler {

    private static final String ID = "dev.jobcache.request-id";
    private static final String STARTED = "dev.jobcache.request-started";
    private static final String X_CACHE = "X-Cache";

    private final HttpHandler next;
    private final RequestLog log;
    private final ServedRequests served;
    private final Clock timing;
    private final RouteTemplates routes;
    private final ErrorPageGenerator errorPages;
    private final RequestExecutorProvider executors;

    /** @param errorPages the error pages of {@code next}, which this handler shows when a request fails in it */
    /** @param timing what a request's duration is read on: the real clock, whatever clock the log's rate limit runs on */
    RequestLogHandler(HttpHandler next, RequestLog log, ServedRequests served, Clock timing, RouteTemplates routes,
                      ErrorPageGenerator errorPages) {
        super(next.getName());
        this.next = next;
        this.log = log;
        this.served = served;
        this.timing = timing;
        this.routes = routes;
        this.errorPages = errorPages;
        RequestExecutorProvider nextExecutors = next.getRequestExecutorProvider();
        this.executors = request -> {
            // the first call for a request, on the selector thread that parsed it
            String previous = identified(request);
            try {
                return nextExecutors.getExecutor(request);
            } finally {
                restore(previous);
            }
        };
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        String previous = identified(request);
        try {
            next.service(request, response);
        } finally {
            restore(previous);
        }
    }

    @Override
    public RequestExecutorProvider getRequestExecutorProvider() {
        return executors;
    }

    /**
     * Gives the request its id the first time it is seen, and puts the id in this thread's MDC.
     *
     * @return what the MDC held before, to restore
     */
    private String identified(Request request) {
        String id = (String) request.getAttribute(ID);
        if (id == null) {
            id = RequestIds.of(request.getHeader(RequestIds.HEADER));
            request.setAttribute(ID, id);
            request.setAttribute(STARTED, timing.nanoTime());
            request.getResponse().setHeader(RequestIds.HEADER, id);
            request.addAfterServiceListener(this::answered);
        }
        String previous = MDC.get(RequestIds.MDC_KEY);
        MDC.put(RequestIds.MDC_KEY, id);
        return previous;
    }

    private static void restore(String previous) {
        if (previous == null) {
            MDC.remove(RequestIds.MDC_KEY);
        } else {
            MDC.put(RequestIds.MDC_KEY, previous);
        }
    }

    /** Once the answer is done, on whichever thread finished it. */
    private void answered(Request request) {
        Response response = request.getResponse();
        int status = response.getStatus();
        String method = request.getMethod().getMethodString();
        String route = routes.of(request.getRequestURI());
        long took = timing.nanoTime() - (Long) request.getAttribute(STARTED);
        served.served(method, route, status, took);
        boolean unauthorized = status == 401;
        if (unauthorized) {
            log.refused(method, route, request.getRemoteAddr());
        } else {
            log.answeredAny();
        }
        if (log.accessLines() || unauthorized) {
            String cache = response.getHeader(X_CACHE);
            log.answered(method, route, status, cache == null ? "-" : cache, took, (String) request.getAttribute(ID));
        }
    }

    @Override
    protected ErrorPageGenerator getErrorPageGenerator(Request request) {
        return errorPages;
    }

    @Override
    protected boolean sendAcknowledgment(Request request, Response response) throws java.io.IOException {
        // the edge (StrictHttpFraming) answers Expect: 100-continue itself when it admits a body
        return EdgeProblem.continueAnswered(request) || super.sendAcknowledgment(request, response);
    }

    @Override
    public void start() {
        next.start();
    }

    @Override
    public void destroy() {
        next.destroy();
    }
}
