package dev.jobcache.adapters.rest;

import dev.jobcache.domain.port.Authenticator;
import dev.jobcache.domain.security.Principal;
import dev.jobcache.domain.security.Role;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.IOEvent;
import org.glassfish.grizzly.ReadHandler;
import org.glassfish.grizzly.http.io.NIOInputStream;
import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.RequestExecutorProvider;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.threadpool.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits request bodies before any worker thread sees them. A request that carries a body is decided on the
 * selector thread from its headers alone: the route must take a body, the caller must be authenticated (and an
 * admin on admin routes), and a declared length must fit the route's limit; otherwise the answer is a problem and
 * the connection is closed, the body never read. An admitted body is then read without blocking, while no thread
 * waits on it, within {@link HttpLimits#bodyTimeout()} and the route's limit, and only once it is all in memory does
 * the request go to a worker and on to Jersey, which then reads it from memory. So slow uploads cannot hold the
 * worker pool, and an anonymous client cannot make the server buffer anything.
 *
 * <p>Requests without a body pass straight on, on whatever thread the next handler picks.
 */
final class RequestBodyGate extends HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RequestBodyGate.class);

    /** A Grizzly request attribute: set and read only in this process, never by a client. */
    private static final String ADMISSION = "dev.jobcache.edge.body-admission";
    private static final int READING = 0;
    private static final int DONE = 1;

    private final HttpHandler next;
    private final Authenticator authenticator;
    private final HttpLimits limits;
    private final RequestExecutorProvider executors;
    private final ScheduledExecutorService deadlines;

    RequestBodyGate(HttpHandler next, Authenticator authenticator, HttpLimits limits) {
        super(next.getName());
        this.next = next;
        this.authenticator = authenticator;
        this.limits = limits;
        RequestExecutorProvider afterGate = next.getRequestExecutorProvider();
        this.executors = request -> hasBody(request) ? null : afterGate.getExecutor(request);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "jobcache-body-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.deadlines = timer;
    }

    static boolean hasBody(Request request) {
        return request.getContentLengthLong() > 0 || request.getRequest().isChunked();
    }

    @Override
    public RequestExecutorProvider getRequestExecutorProvider() {
        return executors;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        if (!hasBody(request)) {
            next.service(request, response);
            return;
        }
        String instance = request.getRequestURI();
        Admission admission = admission(request);
        if (admission.refusal() != null) {
            reject(response, instance, admission.refusal());
            return;
        }
        long limit = admission.limit();
        NIOInputStream body = request.getNIOInputStream();
        if (body.isFinished()) {
            // the whole body came with the headers, the usual case for JSON: nothing to wait for
            dispatch(request, response, false);
            return;
        }
        response.suspend();
        new BodyReader(request, response, body, limit, instance).start();
    }

    /**
     * A client that sends {@code Expect: 100-continue} waits for our word before it sends the body: a refusal then
     * costs it nothing to send, and us nothing to read.
     */
    @Override
    protected boolean sendAcknowledgment(Request request, Response response) throws IOException {
        if (hasBody(request)) {
            Admission admission = admission(request);
            if (admission.refusal() != null) {
                reject(response, request.getRequestURI(), admission.refusal());
                return false;
            }
        }
        return super.sendAcknowledgment(request, response);
    }

    /** Decided once per request from its headers, and remembered for {@link #service}. */
    private Admission admission(Request request) {
        if (request.getAttribute(ADMISSION) instanceof Admission decided) {
            return decided;
        }
        Admission admission = decide(request);
        request.setAttribute(ADMISSION, admission);
        return admission;
    }

    private Admission decide(Request request) {
        BodyRoute route = BodyRoute.of(request.getMethod().getMethodString(), request.getRequestURI());
        if (route == null) {
            return Admission.refused(new EdgeProblem(400, "Bad Request", "body-not-allowed",
                    "this method and path take no request body", "body"));
        }
        Optional<EdgeProblem> refusal = authorise(request, route);
        if (refusal.isPresent()) {
            return Admission.refused(refusal.get());
        }
        long limit = route.upload() ? limits.maxUploadBytes() : limits.maxJsonBodyBytes();
        if (request.getContentLengthLong() > limit) {
            return Admission.refused(tooLarge(limit));
        }
        return new Admission(null, limit);
    }

    /** @param refusal the answer instead of reading the body, or null when it may be read up to {@code limit} */
    private record Admission(EdgeProblem refusal, long limit) {

        static Admission refused(EdgeProblem problem) {
            return new Admission(problem, 0);
        }
    }

    private Optional<EdgeProblem> authorise(Request request, BodyRoute route) {
        String header = request.getHeader("Authorization");
        Optional<Principal> caller = header == null ? Optional.empty()
                : AuthenticationFilter.tokenOf(header).flatMap(authenticator::authenticate);
        if (caller.isEmpty()) {
            return Optional.of(new EdgeProblem(401, "Unauthorized", "unauthorized",
                    header == null ? "a bearer token is required" : "the bearer token is missing, malformed or unknown",
                    null));
        }
        if (route.admin() && !caller.get().has(Role.ADMIN)) {
            return Optional.of(new EdgeProblem(403, "Forbidden", "forbidden", "the admin role is required", null));
        }
        // Jersey's authentication filter takes the caller from here instead of resolving the token again
        request.setAttribute(JerseyRouteLoader.CALLER, caller.get());
        return Optional.empty();
    }

    private static EdgeProblem tooLarge(long limit) {
        return new EdgeProblem(413, "Request Entity Too Large", "request-entity-too-large",
                "the body is larger than " + limit + " bytes", "body");
    }

    private static void reject(Response response, String instance, EdgeProblem problem) throws IOException {
        problem.writeTo(response, instance, true);
    }

    /**
     * Runs the rest of the chain on a worker; the response is suspended until Jersey commits it, which resumes it.
     *
     * @param readAsynchronously whether the body was waited for with a read handler: Grizzly then leaves the
     *                           connection deaf to further reads once the response is resumed (the read that
     *                           completed the body ends without asking for more), so the next request of a keep-alive
     *                           connection would never be read unless reading is asked for again here
     */
    private void dispatch(Request request, Response response, boolean readAsynchronously) {
        if (!response.isSuspended()) {
            response.suspend();
        }
        Connection<?> connection = request.getContext().getConnection();
        String instance = request.getRequestURI();
        Runnable serve = () -> {
            try {
                next.service(request, response);
            } catch (Exception | Error e) {
                // Jersey maps every failure to a response itself; this is a failure around it
                LOG.error("answering a request with a body failed", e);
                if (!response.isCommitted()) {
                    try {
                        response.reset();
                        new EdgeProblem(500, "Internal Server Error", "internal-error",
                                "the server failed to answer; the failure has been logged", null)
                                .writeTo(response, instance, true);
                    } catch (IOException | RuntimeException ignored) {
                        // the connection is gone; nothing more can be said to the client
                    }
                    response.resume();
                }
            }
            // the request and response belong to Grizzly again (recycled, maybe serving the next request): only the
            // connection may be touched now
            if (readAsynchronously && connection.isOpen()) {
                try {
                    connection.enableIOEvent(IOEvent.READ);
                } catch (IOException e) {
                    LOG.debug("could not read on after a request body: {}", e.toString());
                    connection.closeSilently();
                }
            }
        };
        // Grizzly may call read handlers on a worker already; only the selector thread must hand the request over
        Executor executor = Threads.isService() ? connection.getTransport().getWorkerThreadPool() : null;
        if (executor == null) {
            serve.run();
        } else {
            executor.execute(serve);
        }
    }

    /** Reads one body without blocking, until it is complete, too large or too late: whichever comes first wins. */
    private final class BodyReader implements ReadHandler {

        private final Request request;
        private final Response response;
        private final NIOInputStream body;
        private final long limit;
        private final String instance;
        private final AtomicInteger state = new AtomicInteger(READING);
        private volatile ScheduledFuture<?> deadline;

        BodyReader(Request request, Response response, NIOInputStream body, long limit, String instance) {
            this.request = request;
            this.response = response;
            this.body = body;
            this.limit = limit;
            this.instance = instance;
        }

        void start() {
            deadline = deadlines.schedule(this::timedOut, limits.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
            body.notifyAvailable(this);
        }

        @Override
        public void onDataAvailable() {
            if (body.readyData() > limit) {
                end(tooLarge(limit));
                return;
            }
            if (state.get() == READING) {
                // wait for more than is here now (or the end): asking for what is already here calls back at once
                body.notifyAvailable(this, body.readyData() + 1);
            }
        }

        @Override
        public void onAllDataRead() {
            if (body.readyData() > limit) {
                end(tooLarge(limit));
                return;
            }
            if (state.compareAndSet(READING, DONE)) {
                cancelDeadline();
                dispatch(request, response, true);
            }
        }

        @Override
        public void onError(Throwable failure) {
            // the client went away or broke the framing; there is no one left to answer
            if (state.compareAndSet(READING, DONE)) {
                cancelDeadline();
                LOG.debug("reading a request body failed: {}", failure.toString());
                response.resume();
            }
        }

        private void timedOut() {
            end(new EdgeProblem(408, "Request Timeout", "request-timeout",
                    "the body did not arrive within " + limits.bodyTimeout().toMillis() + " ms", "body"));
        }

        private void end(EdgeProblem problem) {
            if (!state.compareAndSet(READING, DONE)) {
                return;
            }
            cancelDeadline();
            try {
                problem.writeTo(response, instance, true);
            } catch (IOException | RuntimeException e) {
                LOG.debug("answering {} failed: {}", problem.status(), e.toString());
            } finally {
                response.resume();
            }
        }

        private void cancelDeadline() {
            ScheduledFuture<?> scheduled = deadline;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
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

    @Override
    protected ErrorPageGenerator getErrorPageGenerator(Request request) {
        return GuardedJerseyHandler.NO_INTERNALS;
    }

    @Override
    public void start() {
        next.start();
    }

    @Override
    public void destroy() {
        deadlines.shutdownNow();
        next.destroy();
    }
}
