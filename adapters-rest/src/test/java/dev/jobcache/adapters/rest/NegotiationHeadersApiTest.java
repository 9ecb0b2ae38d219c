package dev.jobcache.adapters.rest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static dev.jobcache.adapters.rest.JobsApiTest.json;
import static dev.jobcache.adapters.rest.RunningApi.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What clients get for the headers content negotiation reads ({@link NegotiationHeadersFilter}): a malformed one is
 * a 400 problem naming it, on both hit paths and whether or not an entry is cached; a well-formed one is answered as
 * Jersey answers it, and never with another request's bytes.
 */
@ParameterizedClass
@EnumSource(HitPath.class)
class NegotiationHeadersApiTest {

    private static final List<String> MALFORMED_ACCEPT = List.of(
            ";", ";;", ",;", "application/json;q=abc", "application/json;q=", "application/json;q=2",
            "application/json;q=-1", "a/b/c", "/json", "application/", "application/json;charset");

    private final RunningApi api;

    NegotiationHeadersApiTest(HitPath hitPath) {
        api = new RunningApi(hitPath);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    static Stream<Arguments> malformedAcceptOnEachCachedRoute() {
        return Stream.of("/health", "/version", "/jobs")
                .flatMap(path -> MALFORMED_ACCEPT.stream().map(accept -> Arguments.of(path, accept)));
    }

    @ParameterizedTest
    @MethodSource("malformedAcceptOnEachCachedRoute")
    void rejectsAMalformedAcceptWithAProblemNamingTheHeader(String path, String accept) {
        api.get(path, tokenFor(path));

        HttpResponse<String> bad = api.send(api.request(path, tokenFor(path)).header("Accept", accept).GET().build());

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(bad.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(json(bad).get("field").asText()).isEqualTo("Accept");
        assertThat(json(bad).get("status").asInt()).isEqualTo(400);
        assertThat(json(bad).get("instance").asText()).isEqualTo(path);
    }

    @Test
    void refusesAMalformedAcceptWithAtMostOneLogLineAndNoStackTrace() {
        api.get("/health", null);

        try (LogLines logs = new LogLines()) {
            for (String accept : MALFORMED_ACCEPT) {
                api.send(api.request("/health", null).header("Accept", accept).GET().build());
            }

            assertThat(logs.lineCount()).isLessThanOrEqualTo(MALFORMED_ACCEPT.size());
            assertThat(logs.events()).allSatisfy(event -> assertThat(event.getThrowableProxy()).isNull());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {", application/json", "application/json,,*/*", "application/json;;q=0.5",
            "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2"})
    void answersAnAcceptThatRfc9110AllowsEvenWhereJerseyWouldNot(String accept) {
        HttpResponse<String> first = api.send(api.request("/health", null).header("Accept", accept).GET().build());
        HttpResponse<String> second = api.send(api.request("/health", null).header("Accept", accept).GET().build());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(first).get("status").asText()).isEqualTo("UP");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("X-Cache")).hasValue("HIT");
    }

    @Test
    void stillAnswersAWellFormedAcceptNoRouteProducesWithNotAcceptable() {
        HttpResponse<String> refused = api.send(api.request("/health", null).header("Accept", "text/csv").GET().build());

        assertThat(refused.statusCode()).isEqualTo(406);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    static Stream<String> charsetVariants() {
        return Stream.of(
                "application/json;charset=utf-8, application/json;charset=utf-16",
                "application/json;charset=utf-16, application/json;charset=utf-8",
                "application/json;charset=utf-16",
                "application/json;charset=UTF-16",
                "application/json;charset=\"utf-16\"",
                "application/json;charset=utf-16le",
                "application/json;charset=utf-32",
                "application/json;charset=iso-8859-1",
                "application/json;charset=utf-8",
                "application/json");
    }

    @Test
    void neverServesARequestTheBytesOfOneThatDiffersOnlyInItsCharset() {
        List<String> variants = charsetVariants().toList();
        for (int round = 0; round < 2; round++) {
            for (String accept : variants) {
                HttpResponse<byte[]> cached = api.sendForBytes(api.request("/health", null)
                        .header("Accept", accept).GET().build());
                HttpResponse<byte[]> origin = api.sendForBytes(api.request("/health", null)
                        .header("Accept", accept).header("Cache-Control", "no-store").GET().build());

                assertThat(cached.statusCode()).as(accept).isEqualTo(200);
                assertThat(cached.body()).as(accept).isEqualTo(origin.body());
                assertThat(cached.headers().firstValue("Content-Type")).as(accept)
                        .isEqualTo(origin.headers().firstValue("Content-Type"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"utf-16", "UTF-16LE", "utf-32", "iso-8859-1", "us-ascii", "bogus", "utf-8"})
    void answersJsonInUtf8AndSaysSoWhateverCharsetTheAcceptNames(String charset) {
        String id = json(api.postJson("/jobs", ALICE, "{\"type\":\"render\",\"input\":{\"title\":\"caf\u00e9 \u20ac\"}}"))
                .get("id").asText();

        for (int round = 0; round < 2; round++) {
            HttpResponse<byte[]> answer = api.sendForBytes(api.request("/jobs/" + id, ALICE)
                    .header("Accept", "application/json;charset=" + charset).GET().build());

            assertThat(answer.statusCode()).isEqualTo(200);
            // RFC 8259: JSON is UTF-8 and application/json has no charset; Jackson writes UTF-8 whatever the label
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("\"title\":\"caf\u00e9 \u20ac\"");
        }
    }

    @Test
    void neverEchoesAParameterOfTheAcceptIntoAJsonContentType() {
        HttpResponse<String> answer = api.send(api.request("/health", null)
                .header("Accept", "application/json;profile=\"https://example.com/x\"").GET().build());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @ParameterizedTest
    @ValueSource(strings = {";", ";;", ",;", "gzip;q=abc", "gzip;q=", "gzip;q=2", "gzip;level=9"})
    void servesAGzippedEntryAsIdentityToAnAcceptEncodingItCannotRead(String acceptEncoding) {
        for (int i = 0; i < 12; i++) {
            api.postJson("/jobs", ALICE, "{\"type\":\"render\",\"input\":{\"frames\":" + i + "}}");
        }
        HttpResponse<byte[]> stored = api.sendForBytes(api.request("/jobs", ALICE)
                .header("Accept-Encoding", "gzip").GET().build());
        assertThat(stored.headers().firstValue("Content-Encoding")).hasValue("gzip");

        try (LogLines logs = new LogLines()) {
            HttpResponse<String> identity = api.send(api.request("/jobs", ALICE)
                    .header("Accept-Encoding", acceptEncoding).GET().build());

            assertThat(identity.statusCode()).isEqualTo(200);
            assertThat(identity.headers().firstValue("X-Cache")).hasValue("HIT");
            assertThat(identity.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(json(identity).get("items")).hasSize(12);
            assertThat(logs.events()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", ";", "application/json;charset", "/json", "a/b/c", ""})
    void rejectsAMalformedContentTypeWithAProblemNamingTheHeader(String contentType) {
        HttpResponse<String> bad = api.send(api.request("/jobs", ALICE).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"render\"}")).build());

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(bad).get("field").asText()).isEqualTo("Content-Type");
    }

    @Test
    void rejectsAGetWithAMalformedContentTypeEvenWhenItsAnswerIsCached() {
        api.get("/jobs", ALICE);

        HttpResponse<String> bad = api.send(api.request("/jobs", ALICE).header("Content-Type", "garbage").GET().build());

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(bad).get("field").asText()).isEqualTo("Content-Type");
    }

    @Test
    void rejectsAMalformedContentTypeOnAPatchToo() {
        String id = json(api.postJson("/jobs", ALICE, "{\"type\":\"render\"}")).get("id").asText();

        HttpResponse<String> bad = api.send(api.request("/jobs/" + id, ALICE).header("Content-Type", "garbage")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"progress\":5}")).build());

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("Content-Type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml", "application/json-seq"})
    void answersAWellFormedContentTypeNoResourceTakesWithAnUnsupportedMediaTypeProblem(String contentType) {
        HttpResponse<String> refused = api.send(api.request("/jobs", ALICE).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"render\"}")).build());

        assertThat(refused.statusCode()).isEqualTo(415);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(refused).get("status").asInt()).isEqualTo(415);
    }

    @Test
    void takesAJsonBodyWhateverTheCaseAndSpacingOfItsContentType() {
        HttpResponse<String> created = api.send(api.request("/jobs", ALICE)
                .header("Content-Type", "Application/JSON ; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"render\"}", StandardCharsets.UTF_8)).build());

        assertThat(created.statusCode()).isEqualTo(201);
    }

    private static String tokenFor(String path) {
        return path.startsWith("/jobs") ? ALICE : null;
    }
}
