package dev.jobcache.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobcache.domain.security.Principal;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.fake.RecordingRequestMetrics;
import dev.jobcache.testkit.fake.StaticAuthenticator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Specifies which byte streams the edge passes on to Grizzly's parser, which it refuses, and which it holds. */
class StrictHttpFramingTest {

    private static final String USER = "user-token-00001";
    private static final String ADMIN = "admin-token-0001";
    private static final HttpLimits LIMITS = new HttpLimits(100, 1000, Duration.ofSeconds(10), Duration.ofSeconds(30));
    private final StrictHttpFraming edge = new StrictHttpFraming(new BodyAdmission(new StaticAuthenticator(Map.of(
            USER, Principal.user("alice"), ADMIN, Principal.admin("root"))), LIMITS), LIMITS, new MutableClock(),
            new RequestLog(false, new MutableClock()), new ServedRequests(new RecordingRequestMetrics()),
            new RouteTemplates());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a plain GET                          | GET /health HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                                  | 0
            empty lines before the request       | \\r\\n\\r\\nGET /health HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                      | 0
            HTTP/1.0 without Host                | GET /health HTTP/1.0\\r\\n\\r\\n                                           | 0
            two pipelined GETs                   | GET /a HTTP/1.1\\r\\nHost: x\\r\\n\\r\\nGET /b HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n   | 0
            a JSON body from a user              | POST /jobs HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer user-token-00001\\r\\nContent-Length: 2\\r\\n\\r\\n{}     | 0
            a chunked body from a user           | POST /jobs HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer user-token-00001\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n2;x=y\\r\\n{}\\r\\n0\\r\\nT: v\\r\\n\\r\\n | 0
            a bare LF                            | GET /health HTTP/1.1\\nHost: x\\n\\n                                        | 400
            a bare CR                            | GET /health HTTP/1.1\\r\\nHost: x\\rY: z\\r\\n\\r\\n                            | 400
            obs-fold                             | GET /health HTTP/1.1\\r\\nHost: x\\r\\nY: a\\r\\n b\\r\\n\\r\\n                    | 400
            two Host headers                     | GET /health HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n                     | 400
            no Host in HTTP/1.1                  | GET /health HTTP/1.1\\r\\n\\r\\n                                           | 400
            a space before the colon             | GET /health HTTP/1.1\\r\\nHost : x\\r\\n\\r\\n                              | 400
            a control character                  | GET /health HTTP/1.1\\r\\nHost: x\\u0001\\r\\n\\r\\n                          | 400
            Content-Length with chunked          | POST /jobs HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer user-token-00001\\r\\nContent-Length: 2\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n | 400
            two different lengths                | POST /jobs HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 2\\r\\nContent-Length: 3\\r\\n\\r\\n{} | 400
            a length that is no number           | POST /jobs HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: +2\\r\\n\\r\\n{}          | 400
            gzip then chunked                    | POST /jobs HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer user-token-00001\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\n0\\r\\n\\r\\n | 501
            a chunk longer than its size         | POST /jobs HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer user-token-00001\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n1\\r\\n{}\\r\\n0\\r\\n\\r\\n | 400
            a chunk size that is not hex         | POST /jobs HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer user-token-00001\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n | 400
            a GET with a body                    | GET /health HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 1\\r\\n\\r\\nx             | 400
            a body on a route that takes none    | POST /health HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer user-token-00001\\r\\nContent-Length: 2\\r\\n\\r\\n{} | 400
            a body without a token               | POST /jobs HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 2\\r\\n\\r\\n{}           | 401
            a body with an unknown token         | POST /jobs HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer nobody-000000001\\r\\nContent-Length: 2\\r\\n\\r\\n{} | 401
            a user's body on an admin route      | POST /admin/cache/clear HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer user-token-00001\\r\\nContent-Length: 2\\r\\n\\r\\n{} | 403
            an admin's body on an admin route    | POST /admin/cache/clear HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer admin-token-0001\\r\\nContent-Length: 2\\r\\n\\r\\n{} | 0
            a JSON body over the limit           | POST /jobs HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer user-token-00001\\r\\nContent-Length: 101\\r\\n\\r\\n | 413
            an upload within its larger limit    | PUT /jobs/42/download HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer user-token-00001\\r\\nContent-Length: 3\\r\\n\\r\\nabc | 0
            an upload over its limit             | PUT /jobs/42/download HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer user-token-00001\\r\\nContent-Length: 1001\\r\\n\\r\\n | 413
            a chunk within the limit             | POST /jobs HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer user-token-00001\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n40\\r\\n | 0
            """)
    void refusesWhatAProxyCouldReadDifferentlyAndBodiesItMayNotRead(String what, String stream, int status) {
        StrictHttpFraming.Framing framing = new StrictHttpFraming.Framing();

        EdgeProblem problem = framing.scan(buffer(unescape(stream)), 0, edge);

        assertThat(problem == null ? 0 : problem.status()).as(what).isEqualTo(status);
    }

    @Test
    void countsChunksAgainstTheLimitAsTheyCome() {
        StrictHttpFraming.Framing framing = new StrictHttpFraming.Framing();
        String head = "POST /jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + USER
                + "\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n" + "x".repeat(64) + "\r\n";

        assertThat(framing.scan(buffer(head), 0, edge)).isNull();
        framing.scanned = head.length();
        EdgeProblem second = framing.scan(buffer(head + "40\r\n"), 0, edge);

        assertThat(second).isNotNull();
        assertThat(second.status()).isEqualTo(413);
    }

    @Test
    void holdsARequestUntilItsWholeBodyIsHereAndPassesCompleteOnesBeforeIt() {
        StrictHttpFraming.Framing framing = new StrictHttpFraming.Framing();
        String get = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
        String postHead = "POST /jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + USER + "\r\nContent-Length: 12\r\n\r\n";
        Buffer first = buffer(get + postHead + "{\"type\"");

        assertThat(framing.scan(first, 0, edge)).isNull();
        assertThat(framing.completeUpTo).as("only the GET may go on").isEqualTo(get.length());

        framing.scanned = first.limit() - framing.completeUpTo;
        Buffer held = buffer(postHead + "{\"type\":\"x\"}");
        assertThat(framing.scan(held, 0, edge)).isNull();
        assertThat(framing.completeUpTo).as("the POST, once its body is whole").isEqualTo(held.limit());
    }

    @Test
    void cutsOffHeadersAndBodiesThatArriveTooSlowly() {
        StrictHttpFraming.Framing headers = new StrictHttpFraming.Framing();
        headers.scan(buffer("GET /health HTTP/1.1\r\nHo"), 0, edge);
        headers.scanned = 24;
        EdgeProblem lateHeaders = headers.scan(buffer("GET /health HTTP/1.1\r\nHost"), Duration.ofSeconds(11).toNanos(), edge);

        StrictHttpFraming.Framing body = new StrictHttpFraming.Framing();
        String head = "POST /jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + USER + "\r\nContent-Length: 12\r\n\r\n{";
        body.scan(buffer(head), 0, edge);
        body.scanned = head.length();
        EdgeProblem lateBody = body.scan(buffer(head + "\""), Duration.ofSeconds(31).toNanos(), edge);

        assertThat(lateHeaders.status()).isEqualTo(408);
        assertThat(lateBody.status()).isEqualTo(408);
        assertThat(lateBody.field()).isEqualTo("body");
    }

    @Test
    void refusesMoreHeadersThanGrizzlyTakesWithAProblem() {
        StringBuilder many = new StringBuilder("GET /health HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 101; i++) {
            many.append("X-").append(i).append(": y\r\n");
        }
        EdgeProblem tooMany = new StrictHttpFraming.Framing().scan(buffer(many + "\r\n"), 0, edge);
        EdgeProblem tooLong = new StrictHttpFraming.Framing().scan(buffer("GET /health HTTP/1.1\r\nHost: x\r\nX: "
                + "y".repeat(9000) + "\r\n\r\n"), 0, edge);

        assertThat(tooMany.status()).isEqualTo(431);
        assertThat(tooLong.status()).isEqualTo(431);
    }

    private static Buffer buffer(String text) {
        return Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String unescape(String csv) {
        return csv.trim().replace("\\r", "\r").replace("\\n", "\n").replace("\\u0001", "\u0001");
    }
}
