package dev.jobcache.adapters.rest;

import dev.jobcache.adapters.rest.cache.ConsistencyTokens;
import dev.jobcache.application.InvalidInput;
import dev.jobcache.application.cache.CacheableRequest;
import dev.jobcache.domain.cache.ConsistencyToken;
import dev.jobcache.domain.port.Authenticator;
import dev.jobcache.domain.security.Principal;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.util.DataChunk;
import org.glassfish.grizzly.http.util.MimeHeaders;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A GET or HEAD read off Grizzly's request as Jersey would read it, for {@link dev.jobcache.adapters.rest.cache.CacheHitHandler}. Only plain requests
 * qualify: a path of non-empty segments and a query of {@code name=value} pairs, all in an alphabet that needs no
 * decoding ({@code A-Z a-z 0-9 - _ . ~}, no {@code .} or {@code ..} segment), so that this reading and Jersey's
 * (percent-decoding, matrix parameters, {@code +} in queries, dot segments, empty segments, trailing slashes) cannot
 * differ and the cache key is the one Jersey's path computes. Anything else is left to Jersey, and so is a request
 * whose {@code Content-Type} Jersey refuses (a malformed {@code Accept} finds no hit either: the cache bypasses it),
 * so that such a request gets Jersey's 400 whether or not an entry is cached. Headers are read as
 * Jersey reads them: repeated lines joined with a comma.
 *
 * @param cacheable the request as the response cache sees it
 */
record PlainRequest(CacheableRequest cacheable) {

    /** Jobs ids are 36 characters; no route needs more than a few segments of them. */
    private static final int MAX_PATH = 512;
    private static final int MAX_QUERY = 1024;

    /**
     * The request if it is plain and its bearer token (if any) names a caller; empty otherwise (Jersey then answers
     * it, with a 401 for a bad token).
     */
    static Optional<PlainRequest> of(Request request, Authenticator authenticator) {
        Method method = request.getMethod();
        if (method != Method.GET && method != Method.HEAD) {
            return Optional.empty();
        }
        String path = request.getRequestURI();
        if (!isPlainPath(path)) {
            return Optional.empty();
        }
        Optional<Map<String, List<String>>> query = plainQuery(request.getQueryString());
        if (query.isEmpty()) {
            return Optional.empty();
        }
        ReadHeaders headers = ReadHeaders.of(request.getRequest().getHeaders());
        String contentType = headers.value(ReadHeaders.CONTENT_TYPE);
        if (contentType != null && !NegotiationHeadersFilter.isMediaType(contentType)) {
            // Jersey refuses it, even on a GET: a hit here would answer what Jersey does not
            return Optional.empty();
        }
        ConsistencyToken after;
        try {
            after = ConsistencyTokens.carried(headers.value(ReadHeaders.CONSISTENCY_TOKEN),
                    headers.value(ReadHeaders.COOKIE));
        } catch (InvalidInput malformed) {
            // Jersey answers it with a problem naming the header or cookie
            return Optional.empty();
        }
        String authorization = headers.value(ReadHeaders.AUTHORIZATION);
        Optional<Principal> caller = Optional.empty();
        if (authorization != null) {
            caller = AuthenticationFilter.tokenOf(authorization).flatMap(authenticator::authenticate);
            if (caller.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(new PlainRequest(new CacheableRequest(
                method.getMethodString(),
                path,
                query.get(),
                caller,
                headers.value(ReadHeaders.ACCEPT),
                headers.value(ReadHeaders.ACCEPT_ENCODING),
                headers.value(ReadHeaders.CACHE_CONTROL),
                headers.value(ReadHeaders.IF_NONE_MATCH),
                authorization != null,
                headers.value(ReadHeaders.RANGE) != null,
                after)));
    }

    static boolean isPlainPath(String path) {
        int length = path == null ? 0 : path.length();
        if (length < 2 || length > MAX_PATH || path.charAt(0) != '/' || path.charAt(length - 1) == '/') {
            return false;
        }
        int segmentStart = 1;
        for (int i = 1; i <= length; i++) {
            char c = i == length ? '/' : path.charAt(i);
            if (c == '/') {
                if (!isPlainSegment(path, segmentStart, i)) {
                    return false;
                }
                segmentStart = i + 1;
            } else if (!isUnreserved(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPlainSegment(String path, int from, int to) {
        int length = to - from;
        if (length == 0) {
            return false;
        }
        boolean dots = path.charAt(from) == '.' && (length == 1 || (length == 2 && path.charAt(from + 1) == '.'));
        return !dots;
    }

    /** The query's parameters in order, or empty when it is not plain; no query is an empty map. */
    static Optional<Map<String, List<String>>> plainQuery(String query) {
        if (query == null || query.isEmpty()) {
            return Optional.of(Map.of());
        }
        if (query.length() > MAX_QUERY) {
            return Optional.empty();
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        int pairStart = 0;
        int equals = -1;
        for (int i = 0; i <= query.length(); i++) {
            char c = i == query.length() ? '&' : query.charAt(i);
            if (c == '&') {
                if (equals <= pairStart) {
                    return Optional.empty();
                }
                parameters.computeIfAbsent(query.substring(pairStart, equals), name -> new ArrayList<>(1))
                        .add(query.substring(equals + 1, i));
                pairStart = i + 1;
                equals = -1;
            } else if (c == '=' && equals < 0) {
                equals = i;
            } else if (!isUnreserved(c)) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    /** RFC 3986 unreserved characters: they mean themselves, encoded or not. */
    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }

    /**
     * The request headers the cache reads, found in one pass over the request's headers (a lookup by name is a scan
     * of them each time), each as Jersey's {@code getHeaderString} gives it: repeated lines joined with a comma.
     */
    private static final class ReadHeaders {

        static final int AUTHORIZATION = 0;
        static final int ACCEPT = 1;
        static final int ACCEPT_ENCODING = 2;
        static final int CACHE_CONTROL = 3;
        static final int IF_NONE_MATCH = 4;
        static final int RANGE = 5;
        static final int CONTENT_TYPE = 6;
        static final int CONSISTENCY_TOKEN = 7;
        static final int COOKIE = 8;
        private static final byte[][] NAMES = {
                lowerCase("authorization"), lowerCase("accept"), lowerCase("accept-encoding"),
                lowerCase("cache-control"), lowerCase("if-none-match"), lowerCase("range"), lowerCase("content-type"),
                lowerCase("consistency-token"), lowerCase("cookie")};

        private final String[] values = new String[NAMES.length];

        static ReadHeaders of(MimeHeaders headers) {
            ReadHeaders read = new ReadHeaders();
            for (int i = 0; i < headers.size(); i++) {
                DataChunk name = headers.getName(i);
                for (int wanted = 0; wanted < NAMES.length; wanted++) {
                    if (name.equalsIgnoreCaseLowerCase(NAMES[wanted])) {
                        String value = headers.getValue(i).toString();
                        String earlier = read.values[wanted];
                        read.values[wanted] = earlier == null ? value : earlier + ',' + value;
                        break;
                    }
                }
            }
            return read;
        }

        String value(int header) {
            return values[header];
        }

        private static byte[] lowerCase(String name) {
            return name.getBytes(StandardCharsets.US_ASCII);
        }
    }
}
