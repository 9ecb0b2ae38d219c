package dev.jobcache.adapters.rest;

import dev.jobcache.domain.port.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.Objects;

/**
 * What operators are told of each answered request: with {@code ACCESS_LOG}, one line on the logger
 * {@value #ACCESS_LOGGER} ({@code method=GET route=/jobs/{id} status=200 cache=HIT duration_us=412}, with the
 * request's id in the MDC); and, whatever that says, the requests refused 401, summed up at a bounded rate.
 *
 * <p>Lines are written on the thread that answered, a selector or the store client's I/O thread among them, so the
 * logging configuration must hand these loggers to an appender that never blocks (the bundled one does). Neither
 * line holds anything a client sent but the method: the route is a template, and no header is read.
 */
public final class RequestLog {

    static final String ACCESS_LOGGER = "dev.jobcache.access";
    private static final Logger ACCESS = LoggerFactory.getLogger(ACCESS_LOGGER);

    private final boolean accessLines;
    private final Clock clock;
    private final UnauthorizedRequests unauthorized;

    /**
     * @param accessLines one line per request ({@code ACCESS_LOG})
     * @param clock       times requests, and spaces the lines about refused ones
     */
    public RequestLog(boolean accessLines, Clock clock) {
        this.accessLines = accessLines;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.unauthorized = new UnauthorizedRequests(clock);
    }

    Clock clock() {
        return clock;
    }

    /** Whether {@link #answered} writes anything: without, callers need not work out its arguments. */
    boolean accessLines() {
        return accessLines;
    }

    /**
     * @param route       the route template ({@link RouteTemplates})
     * @param cache       {@code HIT}, {@code MISS}, {@code STALE}, {@code BYPASS}, or {@code -} where the cache had
     *                    no say
     * @param requestId   put in the MDC for the line, whichever thread writes it
     */
    void answered(String method, String route, int status, String cache, long durationNanos, String requestId) {
        if (!accessLines || !ACCESS.isInfoEnabled()) {
            return;
        }
        String previous = MDC.get(RequestIds.MDC_KEY);
        MDC.put(RequestIds.MDC_KEY, requestId);
        try {
            method = loggable(method);
            long micros = Math.max(0, durationNanos) / 1000;
            ACCESS.atInfo()
                    .setMessage("method={} route={} status={} cache={} duration_us={}")
                    .addArgument(method).addArgument(route).addArgument(status).addArgument(cache).addArgument(micros)
                    // the same as fields, for logs read as JSON (LOG_FORMAT=json)
                    .addKeyValue("method", method).addKeyValue("route", route).addKeyValue("status", status)
                    .addKeyValue("cache", cache).addKeyValue("duration_us", micros)
                    .log();
        } finally {
            if (previous == null) {
                MDC.remove(RequestIds.MDC_KEY);
            } else {
                MDC.put(RequestIds.MDC_KEY, previous);
            }
        }
    }

    /** A request refused 401: counted, and logged at a bounded rate with where it came from. */
    void refused(String method, String route, String remoteAddress) {
        unauthorized.refused(loggable(method), route, remoteAddress);
    }

    /** Any request answered: tells the refusals that are owed a line once their ten seconds are over. */
    void answeredAny() {
        unauthorized.tellIfDue();
    }

    /** A method as sent may be any token up to the edge's line limit; a log line gets a known shape or {@code -}. */
    private static String loggable(String method) {
        if (method.isEmpty() || method.length() > 16) {
            return "-";
        }
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c < 'A' || c > 'Z') {
                return "-";
            }
        }
        return method;
    }
}
