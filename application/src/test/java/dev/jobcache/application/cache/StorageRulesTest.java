package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.security.Principal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Specification of {@link StorageRules}: what RFC 9111 and the route's policy let a shared cache answer and store. */
class StorageRulesTest {

    private static final Principal ALICE = Principal.user("alice");
    private static final RoutePolicies POLICIES = RoutePolicies.defaults(Duration.ofSeconds(300), Duration.ZERO, Map.of());
    private static final int MAX_ENTRY_BYTES = 1024;

    static Stream<Arguments> requests() {
        return Stream.of(
                row("a plain public GET", Requests.get("/health"), ""),
                row("a HEAD", Requests.get("/health").method("HEAD"), ""),
                row("a user's GET of a per-user route", Requests.get("/jobs").as(ALICE), ""),
                row("a query the resource reads", Requests.get("/jobs").as(ALICE).query("status", "QUEUED"), ""),
                row("a POST", Requests.get("/jobs").as(ALICE).method("POST"), "method"),
                row("a route that is never cached", Requests.get("/metrics"), "policy"),
                row("a range request", Requests.get("/health").withRange(), "range"),
                row("a query on a path whose resource is unknown", Requests.get("/openapi.json").query("flood", "1"), "query"),
                row("no-store from the client", Requests.get("/health").cacheControl("no-store"), "no-store"),
                row("credentials on a public route", Requests.get("/health").withAuthorizationHeader(), "authorization"),
                row("no caller on a per-user route", Requests.get("/jobs"), "anonymous"));
    }

    @ParameterizedTest(name = "{0}: ''{2}''")
    @MethodSource("requests")
    void bypassesTheCacheForTheRequestsRfc9111AndThePolicyRuleOut(String what, CacheableRequest request, String reason) {
        CachePolicy policy = POLICIES.match(request.path()).policy();

        Optional<String> bypass = StorageRules.bypassReason(request, policy,
                RequestDirectives.parse(request.cacheControl()));

        assertThat(bypass.orElse("")).as(what).isEqualTo(reason);
    }

    static Stream<Arguments> responses() {
        return Stream.of(
                response("a 200 with JSON", "/health", 200, Map.of(), 10, ""),
                response("a 204", "/health", 204, Map.of(), 0, ""),
                response("a 404", "/health", 404, Map.of(), 10, "status"),
                response("a 500", "/health", 500, Map.of(), 10, "status"),
                response("a partial 206", "/health", 206, Map.of(), 10, "status"),
                response("a Set-Cookie", "/health", 200, Map.of("Set-Cookie", "id=1"), 10, "set-cookie"),
                response("an encoded body", "/health", 200, Map.of("Content-Encoding", "br"), 10, "content-encoding"),
                response("no-store", "/health", 200, Map.of("Cache-Control", "no-store"), 10, "no-store"),
                response("no-cache", "/health", 200, Map.of("Cache-Control", "no-cache"), 10, "no-store"),
                response("private on a public route", "/health", 200, Map.of("Cache-Control", "private"), 10, "private"),
                response("private on a per-user route", "/jobs", 200, Map.of("Cache-Control", "private"), 10, ""),
                response("Vary on headers the key holds", "/health", 200, Map.of("Vary", "Accept, Accept-Encoding"), 10, ""),
                response("Vary on a header the key does not hold", "/health", 200, Map.of("Vary", "Accept, Cookie"), 10, "vary"),
                response("a body at the limit", "/health", 200, Map.of(), MAX_ENTRY_BYTES, ""),
                response("a body beyond the limit", "/health", 200, Map.of(), MAX_ENTRY_BYTES + 1, "too-large"));
    }

    @ParameterizedTest(name = "{0}: ''{2}''")
    @MethodSource("responses")
    void refusesToStoreWhatASharedCacheMustNot(String what, CachePolicy policy, OriginResponse origin, String reason) {
        Optional<String> refusal = StorageRules.refusal(policy, origin, MAX_ENTRY_BYTES);

        assertThat(refusal.orElse("")).as(what).isEqualTo(reason);
    }

    private static Arguments row(String what, Requests request, String reason) {
        return Arguments.of(what, request.build(), reason);
    }

    private static Arguments response(String what, String path, int status, Map<String, String> headers, int bodyBytes,
                                      String reason) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        all.put("Content-Type", List.of("application/json"));
        headers.forEach((name, value) -> all.put(name, List.of(value)));
        byte[] body = "x".repeat(bodyBytes).getBytes(StandardCharsets.UTF_8);
        return Arguments.of(what, POLICIES.match(path).policy(), new OriginResponse(status, all, body), reason);
    }
}
