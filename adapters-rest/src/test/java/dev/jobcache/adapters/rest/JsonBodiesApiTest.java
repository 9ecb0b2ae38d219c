package dev.jobcache.adapters.rest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;

import static dev.jobcache.adapters.rest.JobsApiTest.json;
import static dev.jobcache.adapters.rest.RunningApi.ADMIN;
import static dev.jobcache.adapters.rest.RunningApi.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON request bodies ({@link JsonMapping}): a value is taken only as the type it was sent as, a field only once, a
 * job's input back exactly as sent, and a document beyond the parser's limits is a 400 problem before it costs more.
 */
@ParameterizedClass
@EnumSource(HitPath.class)
class JsonBodiesApiTest {

    /** Reads numbers as the client wrote them, to compare what comes back without a double in between. */
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final RunningApi api;

    JsonBodiesApiTest(HitPath hitPath) {
        api = new RunningApi(hitPath);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.5", "true", "-0", "1e3"})
    void refusesANonStringTypeWithAProblemNamingType(String type) {
        HttpResponse<String> bad = api.postJson("/jobs", ALICE, "{\"type\":" + type + "}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(bad).get("field").asText()).isEqualTo("type");
        assertThat(json(bad).get("detail").asText()).contains("a string");
    }

    @Test
    void refusesANonStringErrorWithAProblemNamingError() {
        String id = createJob();

        HttpResponse<String> bad = api.patchJson("/jobs/" + id, ALICE, "{\"status\":\"FAILED\",\"error\":42}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("error");
    }

    @Test
    void refusesADuplicateFieldWithAProblemNamingIt() {
        HttpResponse<String> bad = api.postJson("/jobs", ALICE, "{\"type\":\"render\",\"type\":\"encode\"}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(bad).get("field").asText()).isEqualTo("type");
        assertThat(json(bad).get("detail").asText()).contains("more than once");
    }

    @Test
    void refusesADuplicateFieldInsideTheInputNamingItsPath() {
        HttpResponse<String> bad = api.postJson("/jobs", ALICE,
                "{\"type\":\"render\",\"input\":{\"scenes\":[{\"x\":1},{\"x\":1,\"x\":2}]}}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("input.scenes[1].x");
    }

    @Test
    void refusesADuplicateFieldInAnUpdate() {
        String id = createJob();

        HttpResponse<String> bad = api.patchJson("/jobs/" + id, ALICE, "{\"progress\":10,\"progress\":90}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("progress");
        assertThat(json(api.get("/jobs/" + id, ALICE)).get("progress").asInt()).isZero();
    }

    @Test
    void refusesADuplicateFieldInAnAdminBody() {
        HttpResponse<String> bad = api.postJson("/admin/cache/invalidate", ADMIN,
                "{\"tags\":[\"health\"],\"tags\":[\"version\"]}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("tags");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999", "1.0000000000000000000001", "1.50", "1E+2", "100", "0.1", "-2.5e-400",
            "123456789012345678901234567890", "123456789012345678901234567890.000000000000000000001", "1e999999999",
            "-0.0", "0"})
    void returnsEveryNumberOfTheInputExactlyAsSent(String number) {
        HttpResponse<String> created = api.postJson("/jobs", ALICE, "{\"type\":\"render\",\"input\":{\"x\":" + number + "}}");

        assertThat(created.statusCode()).isEqualTo(201);
        String id = json(created).get("id").asText();
        for (HttpResponse<String> answer : java.util.List.of(created, api.get("/jobs/" + id, ALICE))) {
            JsonNode x = exact(answer).get("input").get("x");
            assertThat(x.isNumber()).as(answer.body()).isTrue();
            assertThat(x.decimalValue()).as(answer.body()).isEqualByComparingTo(new BigDecimal(number));
            assertThat(x.decimalValue().scale()).as(answer.body()).isEqualTo(scaleAsSent(number));
        }
    }

    @Test
    void acceptsInputNestedUpToTheDepthLimit() {
        // the body's object is one level, input another: 62 arrays more make 64
        String nested = "[".repeat(62) + "]".repeat(62);

        HttpResponse<String> created = api.postJson("/jobs", ALICE, "{\"type\":\"render\",\"input\":{\"x\":" + nested + "}}");

        assertThat(created.statusCode()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(ints = {63, 2_000, 100_000})
    void refusesInputNestedBeyondTheDepthLimitWithAProblem(int arrays) {
        String nested = "[".repeat(arrays) + "]".repeat(arrays);

        HttpResponse<String> bad = api.postJson("/jobs", ALICE, "{\"type\":\"render\",\"input\":{\"x\":" + nested + "}}");

        assertJsonLimitProblem(bad, "nesting depth");
    }

    @Test
    void refusesANumberWithMoreDigitsThanTheLimitWithAProblem() {
        HttpResponse<String> bad = api.postJson("/jobs", ALICE,
                "{\"type\":\"render\",\"input\":{\"x\":" + "9".repeat(101) + "}}");

        assertJsonLimitProblem(bad, "Number value length");
    }

    @Test
    void refusesAFieldNameLongerThanTheLimitWithAProblem() {
        HttpResponse<String> bad = api.postJson("/jobs", ALICE,
                "{\"type\":\"render\",\"input\":{\"" + "k".repeat(1025) + "\":1}}");

        assertJsonLimitProblem(bad, "Name length");
    }

    @Test
    void refusesAStringLongerThanTheLimitWithAProblem() {
        HttpResponse<String> bad = api.postJson("/admin/cache/invalidate", ADMIN,
                "{\"pattern\":\"" + "p".repeat(64 * 1024 + 1) + "\"}");

        assertJsonLimitProblem(bad, "String value length");
    }

    @Test
    void refusesABodyLongerThanTheJsonLimitBeforeReadingIt() {
        String tags = "\"health\",".repeat(120_000) + "\"health\"";

        HttpResponse<String> bad = api.postJson("/admin/cache/invalidate", ADMIN, "{\"tags\":[" + tags + "]}");

        assertThat(bad.statusCode()).isEqualTo(413);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(bad).get("field").asText()).isEqualTo("body");
    }

    private void assertJsonLimitProblem(HttpResponse<String> bad, String limit) {
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(bad);
        assertThat(problem.get("type").asText()).isEqualTo("/problems/json-limit");
        assertThat(problem.get("field").asText()).isEqualTo("body");
        assertThat(problem.get("detail").asText()).contains(limit).doesNotContain("StreamReadConstraints", "`");
    }

    /** The scale a decimal has as written: trailing zeros count, as they do for a client comparing text. */
    private static int scaleAsSent(String number) {
        return new BigDecimal(number).scale();
    }

    private String createJob() {
        HttpResponse<String> created = api.postJson("/jobs", ALICE, "{\"type\":\"render\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        return json(created).get("id").asText();
    }

    private static JsonNode exact(HttpResponse<String> response) {
        try {
            return EXACT.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }
}
