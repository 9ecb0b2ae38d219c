package dev.jobcache.adapters.rest;

import dev.jobcache.domain.port.Clock;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpCodecFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.Buffers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Admits requests onto the server, in front of Grizzly's HTTP parser, so that Grizzly (and so every handler and
 * worker thread) only ever sees whole, well-framed, admitted requests.
 *
 * <ul>
 *   <li><b>Framing.</b> Every request is held to the message framing of RFC 9112. Grizzly's parser is lenient where
 *   a proxy in front may not be: it takes a bare LF for a line end, drops a bare CR, unfolds obs-fold lines, lets
 *   {@code Transfer-Encoding: chunked} silently override a {@code Content-Length} and accepts two Host headers. A
 *   proxy reading such a message differently from us is how requests are smuggled past it, so each of these is
 *   answered 400 and the connection closed.</li>
 *   <li><b>Bodies.</b> A request that carries a body is decided from its line and headers ({@link BodyAdmission}):
 *   refused with a problem before a byte of its body is read, or admitted, and then held here until its whole body
 *   has arrived. A slow upload thus costs no thread at all (the selector thread reads whatever comes), and the
 *   handlers read bodies from memory.</li>
 *   <li><b>Deadlines.</b> A request line and headers slower than {@link HttpLimits#headerTimeout()}, or a body
 *   slower than {@link HttpLimits#bodyTimeout()} (slow-loris clients), are answered 408; a connection that goes
 *   quiet altogether is closed by Grizzly's idle timeout, which sees no activity while a request is held.</li>
 * </ul>
 *
 * <p>It follows each request's line, headers and body framing (fixed length or chunked) to know where the next
 * request on the connection begins, and passes the bytes on untouched, a request at a time once it is complete.
 * Requests pipelined before a refused one on the same connection may go unanswered. A refused connection is read
 * for a while longer (its bytes dropped) before it is closed, as servers do, so that a client still sending its
 * body reads the answer instead of a reset.
 */
final class StrictHttpFraming extends BaseFilter {

    /** Written on a selector thread: under the access log's name, whose lines go through a queue that never blocks. */
    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.ACCESS_LOGGER + ".refused");

    private final Attribute<Framing> framing =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("dev.jobcache.edge.framing", Framing::new);
    /** How long a refused connection is read (and dropped) before it is closed, and how much of it at most. */
    private static final long LINGER_MILLIS = 2000;
    private static final long LINGER_MAX_BYTES = 16L * 1024 * 1024;
    private static final ScheduledExecutorService LINGER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jobcache-edge-linger");
        thread.setDaemon(true);
        return thread;
    });
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final BodyAdmission admission;
    private final Clock clock;
    private final RequestLog requestLog;
    private final ServedRequests served;
    private final RouteTemplates routes;
    private final long headerTimeoutNanos;
    private final long bodyTimeoutNanos;

    StrictHttpFraming(BodyAdmission admission, HttpLimits limits, Clock clock, RequestLog requestLog,
                      ServedRequests served, RouteTemplates routes) {
        this.clock = clock;
        this.admission = admission;
        this.requestLog = requestLog;
        this.served = served;
        this.routes = routes;
        this.headerTimeoutNanos = limits.headerTimeout().toNanos();
        this.bodyTimeoutNanos = limits.bodyTimeout().toNanos();
    }

    /** Puts the filter in front of Grizzly's HTTP parser on a listener; it tells {@code requestLog} what it refuses. */
    static AddOn addOn(BodyAdmission admission, HttpLimits limits, Clock clock, RequestLog requestLog,
                       ServedRequests served, RouteTemplates routes) {
        return new AddOn() {
            @Override
            public void setup(NetworkListener listener, FilterChainBuilder builder) {
                builder.add(builder.indexOfType(HttpCodecFilter.class),
                        new StrictHttpFraming(admission, limits, clock, requestLog, served, routes));
            }
        };
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        Framing state = framing.get(connection);
        Buffer buffer = ctx.getMessage();
        if (state.refused) {
            // lingering: what the client still sends after our answer is read and dropped, so that its kernel does
            // not reset the connection (and lose the answer) while it is still sending; up to a bound
            state.discarded += buffer.remaining();
            if (state.discarded > LINGER_MAX_BYTES) {
                connection.closeSilently();
            }
            return ctx.getStopAction();
        }
        long now = clock.nanoTime();
        EdgeProblem violation = state.scan(buffer, now, this);
        if (violation != null) {
            return refuse(ctx, connection, state, violation, now);
        }
        if (state.continueOwed) {
            state.continueOwed = false;
            ctx.write(Buffers.wrap(ctx.getMemoryManager(), CONTINUE));
        }
        int complete = state.completeUpTo;
        if (complete == buffer.limit()) {
            state.scanned = 0;
            return ctx.getInvokeAction();
        }
        // a request is still arriving: hold it (and pass on any complete ones before it)
        state.scanned = buffer.limit() - complete;
        if (complete == buffer.position()) {
            return ctx.getStopAction(buffer);
        }
        Buffer partial = buffer.split(complete);
        return ctx.getInvokeAction(partial, null);
    }

    private NextAction refuse(FilterChainContext ctx, Connection<?> connection, Framing state, EdgeProblem violation,
                              long now) {
        state.refused = true;
        // refused before a request line began (a bare LF between requests): nothing of the one before is this one's
        boolean begun = state.phase != Framing.BEFORE_REQUEST;
        String requestId = RequestIds.of(begun ? state.offeredRequestId : null);
        String method = begun && !state.method.isEmpty() ? state.method : "-";
        String path = begun ? state.target() : "";
        MDC.put(RequestIds.MDC_KEY, requestId);
        try {
            LOG.info("refused a request from {}: {}", connection.getPeerAddress(), violation.detail());
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
        long duration = begun ? now - state.headerStartedNanos : 0;
        logRefusal(connection, method, path, violation.status(), duration, requestId);
        byte[] answer = violation.rawResponse(path, requestId);
        ctx.write(Buffers.wrap(ctx.getMemoryManager(), answer), new EmptyCompletionHandler<WriteResult>() {
            @Override
            public void completed(WriteResult result) {
                LINGER.schedule(connection::closeSilently, LINGER_MILLIS, TimeUnit.MILLISECONDS);
            }

            @Override
            public void failed(Throwable throwable) {
                connection.closeSilently();
            }
        });
        return ctx.getStopAction();
    }

    /** The count and access line of a request refused here, which Grizzly and the handlers never see. */
    private void logRefusal(Connection<?> connection, String method, String path, int status, long durationNanos,
                            String requestId) {
        String route = routes.of(path);
        // an operator's 4xx rate includes what the edge refuses, however early
        served.served(method, route, status, durationNanos);
        boolean unauthorized = status == 401;
        if (unauthorized && connection.getPeerAddress() instanceof InetSocketAddress peer) {
            requestLog.refused(method, route, peer.getAddress().getHostAddress());
        } else {
            requestLog.answeredAny();
        }
        if (requestLog.accessLines() || unauthorized) {
            requestLog.answered(method, route, status, "-", durationNanos, requestId);
        }
    }

    /** Where one connection's byte stream is: which part of which message, and what its headers said so far. */
    static final class Framing {

        private static final int BEFORE_REQUEST = 0;
        private static final int REQUEST_LINE = 1;
        private static final int HEADERS = 2;
        private static final int FIXED_BODY = 3;
        private static final int CHUNK_SIZE = 4;
        private static final int CHUNK_DATA = 5;
        private static final int CHUNK_DATA_CR = 6;
        private static final int CHUNK_DATA_LF = 7;
        private static final int TRAILERS = 8;
        /** As Grizzly's own bounds (8 KB of request line and headers, 100 headers), refused here with a problem. */
        private static final int MAX_HEADER_BYTES = 8 * 1024;
        private static final int MAX_HEADERS = 100;
        private static final int MAX_LINE = MAX_HEADER_BYTES;

        private int phase = BEFORE_REQUEST;
        private boolean afterCr;
        private byte[] line = new byte[256];
        private int lineLength;
        private long remaining;
        private long headerStartedNanos;
        private boolean http10;
        private boolean methodTakesBody;
        private int hosts;
        private int headerBytes;
        private int headers;
        private int transferEncodings;
        private boolean chunked;
        private long contentLength = -1;
        private String target = "";
        private String method = "";
        private String authorization;
        /** The request's X-Request-Id as sent, or null. */
        private String offeredRequestId;
        private boolean expectsContinue;
        private long bodyStartedNanos;
        private long bodyLimit;
        private long bodyBytes;
        boolean refused;
        long discarded;
        boolean continueOwed;
        /** How many bytes at the end of the held buffer were scanned already (the held part). */
        int scanned;
        /** After the last complete request in the buffer scanned last. */
        int completeUpTo;

        String target() {
            return BodyAdmission.pathOf(target);
        }

        /** @return the problem with these bytes, or null when they are well framed so far */
        EdgeProblem scan(Buffer buffer, long nowNanos, StrictHttpFraming edge) {
            int end = buffer.limit();
            int i = buffer.position() + scanned;
            completeUpTo = phase == BEFORE_REQUEST && !afterCr ? i : buffer.position();
            while (i < end) {
                if (phase == FIXED_BODY || phase == CHUNK_DATA) {
                    long skip = Math.min(remaining, end - i);
                    i += (int) skip;
                    remaining -= skip;
                    if (remaining == 0) {
                        if (phase == FIXED_BODY) {
                            phase = BEFORE_REQUEST;
                            completeUpTo = i;
                        } else {
                            phase = CHUNK_DATA_CR;
                        }
                    }
                    continue;
                }
                byte b = buffer.get(i++);
                if (phase == CHUNK_DATA_CR || phase == CHUNK_DATA_LF) {
                    if (b != (phase == CHUNK_DATA_CR ? '\r' : '\n')) {
                        return badRequest("a chunk's data is longer than its size says");
                    }
                    phase = phase == CHUNK_DATA_CR ? CHUNK_DATA_LF : CHUNK_SIZE;
                    continue;
                }
                EdgeProblem problem = lineByte(b, nowNanos, edge);
                if (problem != null) {
                    return problem;
                }
                if (phase == BEFORE_REQUEST && !afterCr) {
                    completeUpTo = i;
                }
            }
            if ((phase == REQUEST_LINE || phase == HEADERS) && nowNanos - headerStartedNanos > edge.headerTimeoutNanos) {
                return new EdgeProblem(408, "Request Timeout", "request-timeout",
                        "the request line and headers did not arrive within "
                                + Duration.ofNanos(edge.headerTimeoutNanos).toMillis() + " ms", null);
            }
            if (phase >= FIXED_BODY && nowNanos - bodyStartedNanos > edge.bodyTimeoutNanos) {
                return new EdgeProblem(408, "Request Timeout", "request-timeout",
                        "the body did not arrive within " + Duration.ofNanos(edge.bodyTimeoutNanos).toMillis() + " ms",
                        "body");
            }
            return null;
        }

        private EdgeProblem lineByte(byte b, long nowNanos, StrictHttpFraming edge) {
            if (afterCr) {
                afterCr = false;
                if (b != '\n') {
                    return badRequest("a CR not followed by LF");
                }
                return endOfLine(nowNanos, edge);
            }
            if (b == '\r') {
                afterCr = true;
                return null;
            }
            if (b == '\n') {
                return badRequest("a line ended by LF without CR");
            }
            if (phase == BEFORE_REQUEST) {
                phase = REQUEST_LINE;
                headerStartedNanos = nowNanos;
                headerBytes = 0;
                headers = 0;
                // a request refused before its line is complete must not be logged as the one before it
                method = "";
                target = "";
                offeredRequestId = null;
            }
            if ((phase == REQUEST_LINE || phase == HEADERS) && ++headerBytes > MAX_HEADER_BYTES) {
                return new EdgeProblem(431, "Request Header Fields Too Large", "request-header-fields-too-large",
                        "the request line and headers are longer than " + MAX_HEADER_BYTES + " bytes", null);
            }
            if ((phase == HEADERS || phase == TRAILERS) && lineLength == 0 && (b == ' ' || b == '\t')) {
                return badRequest("a header line starts with whitespace (obs-fold), which is not accepted");
            }
            if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7f) {
                return badRequest("a control character in the request line or a header");
            }
            if (lineLength < MAX_LINE) {
                if (lineLength == line.length) {
                    line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
                }
                line[lineLength] = b;
            }
            lineLength++;
            return null;
        }

        private EdgeProblem endOfLine(long nowNanos, StrictHttpFraming edge) {
            int length = lineLength;
            lineLength = 0;
            switch (phase) {
                case BEFORE_REQUEST:
                    // RFC 9112 §2.2: empty lines before a request line are ignored
                    return null;
                case REQUEST_LINE:
                    startRequest(length);
                    return null;
                case HEADERS:
                    return length == 0 ? endOfHeaders(nowNanos, edge) : header(length);
                case CHUNK_SIZE:
                    return chunkSize(length);
                case TRAILERS:
                    if (length == 0) {
                        phase = BEFORE_REQUEST;
                        return null;
                    }
                    return nameOf(length) < 0 ? badRequest("a trailer line without a field name and colon") : null;
                default:
                    throw new IllegalStateException("no line in phase " + phase);
            }
        }

        private void startRequest(int length) {
            http10 = endsWith(length, "HTTP/1.0");
            // Grizzly refuses a body on other methods with a bare 400 of its own; here it gets a problem instead
            methodTakesBody = startsWith(length, "POST ") || startsWith(length, "PUT ") || startsWith(length, "PATCH ");
            String requestLine = new String(line, 0, Math.min(length, MAX_LINE), StandardCharsets.ISO_8859_1);
            int firstSpace = requestLine.indexOf(' ');
            int secondSpace = firstSpace < 0 ? -1 : requestLine.indexOf(' ', firstSpace + 1);
            method = firstSpace < 0 ? requestLine : requestLine.substring(0, firstSpace);
            target = secondSpace < 0 ? "" : requestLine.substring(firstSpace + 1, secondSpace);
            authorization = null;
            offeredRequestId = null;
            expectsContinue = false;
            bodyBytes = 0;
            hosts = 0;
            transferEncodings = 0;
            chunked = false;
            contentLength = -1;
            phase = HEADERS;
        }

        private EdgeProblem header(int length) {
            if (++headers > MAX_HEADERS) {
                return new EdgeProblem(431, "Request Header Fields Too Large", "request-header-fields-too-large",
                        "more than " + MAX_HEADERS + " headers", null);
            }
            int colon = nameOf(length);
            if (colon < 0) {
                return badRequest("a header line without a field name and colon, or with whitespace before the colon");
            }
            if (length > MAX_LINE) {
                return null;
            }
            if (nameIs(colon, "host")) {
                hosts++;
            } else if (nameIs(colon, "content-length")) {
                long value = digits(colon + 1, length);
                if (value < 0) {
                    return badRequest("Content-Length is not a number of bytes");
                }
                if (contentLength >= 0 && contentLength != value) {
                    return badRequest("two different Content-Length headers");
                }
                contentLength = value;
            } else if (nameIs(colon, "transfer-encoding")) {
                transferEncodings++;
                chunked = valueIs(colon + 1, length, "chunked");
            } else if (nameIs(colon, "authorization")) {
                authorization = valueOf(colon + 1, length);
            } else if (nameIs(colon, "expect")) {
                expectsContinue = valueIs(colon + 1, length, "100-continue");
            } else if (nameIs(colon, "x-request-id")) {
                offeredRequestId = valueOf(colon + 1, length);
            }
            return null;
        }

        /** A header's value without the whitespace around it. */
        private String valueOf(int from, int length) {
            int start = from;
            int end = length;
            while (start < end && (line[start] == ' ' || line[start] == '\t')) {
                start++;
            }
            while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
                end--;
            }
            return new String(line, start, end - start, StandardCharsets.ISO_8859_1);
        }

        private EdgeProblem endOfHeaders(long nowNanos, StrictHttpFraming edge) {
            if (hosts > 1) {
                return badRequest("more than one Host header");
            }
            if (hosts == 0 && !http10) {
                return badRequest("an HTTP/1.1 request without a Host header");
            }
            if ((transferEncodings > 0 || contentLength > 0) && !methodTakesBody) {
                return new EdgeProblem(400, "Bad Request", "body-not-allowed",
                        "this method takes no request body", "body");
            }
            if (transferEncodings > 0) {
                if (contentLength >= 0) {
                    return badRequest("both Content-Length and Transfer-Encoding");
                }
                if (http10) {
                    return badRequest("Transfer-Encoding in an HTTP/1.0 request");
                }
                if (transferEncodings > 1 || !chunked) {
                    return new EdgeProblem(501, "Not Implemented", "not-implemented",
                            "the only transfer coding accepted is chunked, once", "Transfer-Encoding");
                }
                EdgeProblem refusal = admit(-1, nowNanos, edge);
                if (refusal != null) {
                    return refusal;
                }
                phase = CHUNK_SIZE;
            } else if (contentLength > 0) {
                EdgeProblem refusal = admit(contentLength, nowNanos, edge);
                if (refusal != null) {
                    return refusal;
                }
                remaining = contentLength;
                phase = FIXED_BODY;
            } else {
                phase = BEFORE_REQUEST;
            }
            return null;
        }

        /** Decides a body from the headers; an admitted one is held here until it has all arrived. */
        private EdgeProblem admit(long length, long nowNanos, StrictHttpFraming edge) {
            EdgeProblem refusal = edge.admission.refusal(method, target, authorization, length).orElse(null);
            if (refusal != null) {
                return refusal;
            }
            bodyLimit = edge.admission.limitOf(method, target);
            bodyStartedNanos = nowNanos;
            // the client waits for our word before it sends the body; Grizzly must not send it again (see
            // EdgeHandlers.sendAcknowledgment)
            continueOwed = expectsContinue;
            return null;
        }

        private EdgeProblem chunkSize(int length) {
            int end = Math.min(length, MAX_LINE);
            int digitsEnd = 0;
            long size = 0;
            while (digitsEnd < end && Character.digit(line[digitsEnd], 16) >= 0) {
                if (digitsEnd == 15) {
                    return badRequest("a chunk size too large");
                }
                size = size * 16 + Character.digit(line[digitsEnd], 16);
                digitsEnd++;
            }
            int rest = digitsEnd;
            while (rest < end && (line[rest] == ' ' || line[rest] == '\t')) {
                rest++;
            }
            if (digitsEnd == 0 || (rest < end && line[rest] != ';')) {
                return badRequest("a chunk size line that is not a hexadecimal size");
            }
            if (size == 0) {
                phase = TRAILERS;
            } else {
                bodyBytes += size;
                if (bodyBytes > bodyLimit) {
                    return BodyAdmission.tooLarge(bodyLimit);
                }
                remaining = size;
                phase = CHUNK_DATA;
            }
            return null;
        }

        /** The index of the colon after a non-empty token name, or -1. */
        private int nameOf(int length) {
            int end = Math.min(length, MAX_LINE);
            for (int i = 0; i < end; i++) {
                byte c = line[i];
                if (c == ':') {
                    return i == 0 ? -1 : i;
                }
                if (!isTokenChar(c)) {
                    return -1;
                }
            }
            return -1;
        }

        private static boolean isTokenChar(byte c) {
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                return true;
            }
            return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }

        private boolean nameIs(int colon, String lowerName) {
            if (colon != lowerName.length()) {
                return false;
            }
            for (int i = 0; i < colon; i++) {
                int c = line[i];
                if (c >= 'A' && c <= 'Z') {
                    c += 'a' - 'A';
                }
                if (c != lowerName.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private boolean valueIs(int from, int length, String lowerValue) {
            return valueOf(from, length).equalsIgnoreCase(lowerValue);
        }

        /** The value as a whole number of at most 18 digits, or -1. */
        private long digits(int from, int length) {
            String value = valueOf(from, length);
            if (value.isEmpty() || value.length() > 18) {
                return -1;
            }
            long number = 0;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                number = number * 10 + (c - '0');
            }
            return number;
        }

        private boolean startsWith(int length, String prefix) {
            if (length < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (line[i] != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private boolean endsWith(int length, String suffix) {
            if (length < suffix.length() || length > MAX_LINE) {
                return false;
            }
            for (int i = 0; i < suffix.length(); i++) {
                if (line[length - suffix.length() + i] != suffix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private static EdgeProblem badRequest(String detail) {
            return new EdgeProblem(400, "Bad Request", "malformed-request", detail, null);
        }
    }
}
