package dev.jobcache.adapters.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobcache.domain.cache.CacheOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.jobcache.adapters.rest.RunningApi.ADMIN;
import static dev.jobcache.adapters.rest.RunningApi.ALICE;
import static dev.jobcache.adapters.rest.RunningApi.BOB;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin API over HTTP ({@link AdminResource}): access, statistics, invalidation, clear, keys, warming. */
@ParameterizedClass
@EnumSource(HitPath.class)
class AdminApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> GETS = List.of("/admin/cache/health", "/admin/cache/stats",
            "/admin/cache/performance", "/admin/cache/keys");
    private static final Map<String, String> POSTS = Map.of(
            "/admin/cache/invalidate", "{\"tags\":[\"health\"]}",
            "/admin/cache/clear", "{}",
            "/admin/cache/warm", "{\"routes\":[\"/health\"]}");

    private final RunningApi api;

    AdminApiTest(HitPath hitPath) {
        api = new RunningApi(hitPath);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void refusesEveryAdminRouteWithoutATokenAsUnauthorized() {
        List<HttpResponse<String>> answers = everyAdminRouteAs(null);

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).as(answer.uri().toString()).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Bearer"));
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        });
    }

    @Test
    void refusesEveryAdminRouteToAUserAsForbidden() {
        List<HttpResponse<String>> answers = everyAdminRouteAs(ALICE);

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).as(answer.uri().toString()).isEqualTo(403);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        });
    }

    @Test
    void answersEveryAdminReadToAnAdmin() {
        List<Integer> statuses = GETS.stream().map(path -> api.get(path, ADMIN).statusCode()).toList();

        assertThat(statuses).containsOnly(200);
    }

    @Test
    void reportsTheStoreHealth() {
        JsonNode health = json(api.get("/admin/cache/health", ADMIN));

        assertThat(health.get("backend").asText()).isEqualTo("in-memory");
        assertThat(health.get("up").asBoolean()).isTrue();
        assertThat(health.has("latencyMs")).isTrue();
    }

    @Test
    void countsHitsAndMissesPerRouteAndTier() {
        api.get("/health", null);
        api.get("/health", null);
        api.get("/health", null);

        JsonNode stats = json(api.get("/admin/cache/stats", ADMIN));

        JsonNode health = routeStats(stats, "/health");
        assertThat(health.get("tier").asText()).isEqualTo("memory");
        assertThat(health.get("misses").asLong()).isEqualTo(1);
        assertThat(health.get("hits").asLong()).isEqualTo(2);
        assertThat(health.get("hitRatio").asDouble()).isBetween(0.66, 0.67);
        assertThat(stats.get("store").get("entries").asLong()).isEqualTo(1);
        assertThat(stats.get("compression").get("entries").asLong()).isEqualTo(1);
    }

    @Test
    void invalidatingATagMakesTheNextGetAMiss() {
        api.get("/health", null);
        assertThat(api.get("/health", null).headers().firstValue("X-Cache")).hasValue("HIT");

        HttpResponse<String> invalidated = api.postJson("/admin/cache/invalidate", ADMIN, "{\"tags\":[\"health\"]}");

        assertThat(invalidated.statusCode()).isEqualTo(200);
        assertThat(json(invalidated).get("removed").asLong()).isEqualTo(1);
        assertThat(api.get("/health", null).headers().firstValue("X-Cache")).hasValue("MISS");
    }

    @Test
    void namesTheBadTagOfAnInvalidation() {
        api.get("/health", null);

        HttpResponse<String> bad = api.postJson("/admin/cache/invalidate", ADMIN,
                "{\"tags\":[\"health\",\"version\",\"no spaces\"]}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(bad).get("field").asText()).isEqualTo("tags[2]");
        assertThat(api.get("/health", null).headers().firstValue("X-Cache")).hasValue("HIT");
    }

    @Test
    void namesABadPattern() {
        HttpResponse<String> bad = api.postJson("/admin/cache/invalidate", ADMIN, "{\"pattern\":\"GET /jobs\"}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("pattern");
    }

    @Test
    void invalidatingATagPrefixRemovesTheEntriesOfEveryTagThatStartsWithIt() {
        String id = json(api.postJson("/jobs", RunningApi.ALICE, "{\"type\":\"render\"}")).get("id").asText();
        api.get("/jobs/" + id, RunningApi.ALICE);
        api.get("/user/me", RunningApi.ALICE);

        HttpResponse<String> invalidated = api.postJson("/admin/cache/invalidate", ADMIN,
                "{\"tagPrefixes\":[\"job:\"]}");

        assertThat(json(invalidated).get("removed").asLong()).isEqualTo(1);
        assertThat(api.get("/jobs/" + id, RunningApi.ALICE).headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(api.get("/user/me", RunningApi.ALICE).headers().firstValue("X-Cache")).hasValue("HIT");
    }

    @Test
    void namesABadTagPrefix() {
        HttpResponse<String> bad = api.postJson("/admin/cache/invalidate", ADMIN, "{\"tagPrefixes\":[\"job:*\"]}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("tagPrefixes[0]");
    }

    @Test
    void invalidatesTheKeysMatchingAPattern() {
        api.get("/health", null);
        api.get("/version", null);

        HttpResponse<String> invalidated = api.postJson("/admin/cache/invalidate", ADMIN,
                "{\"pattern\":\"GET:/health:*\"}");

        assertThat(json(invalidated).get("removed").asLong()).isEqualTo(1);
        assertThat(api.get("/health", null).headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(api.get("/version", null).headers().firstValue("X-Cache")).hasValue("HIT");
    }

    @Test
    void clearsOnlyOnTheSecondStepWithItsToken() {
        api.get("/health", null);

        HttpResponse<String> first = api.postJson("/admin/cache/clear", ADMIN, "{}");

        assertThat(first.statusCode()).isEqualTo(428);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(first).get("entries").asLong()).isEqualTo(1);
        assertThat(api.get("/health", null).headers().firstValue("X-Cache")).hasValue("HIT");
        String token = json(first).get("confirmationToken").asText();
        HttpResponse<String> second = api.postJson("/admin/cache/clear", ADMIN, "{\"confirm\":\"" + token + "\"}");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(json(second).get("removed").asLong()).isEqualTo(1);
        assertThat(api.get("/health", null).headers().firstValue("X-Cache")).hasValue("MISS");
    }

    @Test
    void refusesAReusedClearTokenAsConflict() {
        String token = json(api.postJson("/admin/cache/clear", ADMIN, "{}")).get("confirmationToken").asText();
        api.postJson("/admin/cache/clear", ADMIN, "{\"confirm\":\"" + token + "\"}");
        api.get("/health", null);

        HttpResponse<String> reused = api.postJson("/admin/cache/clear", ADMIN, "{\"confirm\":\"" + token + "\"}");

        assertThat(reused.statusCode()).isEqualTo(409);
        assertThat(json(reused).get("field").asText()).isEqualTo("confirm");
        assertThat(api.get("/health", null).headers().firstValue("X-Cache")).hasValue("HIT");
    }

    @Test
    void pagesThroughTheKeysWithACursor() {
        api.get("/health", null);
        api.get("/version", null);
        api.get("/jobs", ALICE);
        api.get("/jobs", BOB);

        JsonNode first = json(api.get("/admin/cache/keys?limit=3", ADMIN));
        JsonNode second = json(api.get("/admin/cache/keys?limit=3&cursor=" + first.get("nextCursor").asText(), ADMIN));

        List<String> keys = new ArrayList<>();
        first.get("keys").forEach(k -> keys.add(k.asText()));
        second.get("keys").forEach(k -> keys.add(k.asText()));
        assertThat(first.get("keys")).hasSize(3);
        assertThat(second.has("nextCursor")).isFalse();
        assertThat(keys).hasSize(4).doesNotHaveDuplicates()
                .anySatisfy(k -> assertThat(k).startsWith("GET:/jobs:user=alice:"));
    }

    @Test
    void listsOnlyTheKeysMatchingAPattern() {
        api.get("/health", null);
        api.get("/jobs", ALICE);

        JsonNode page = json(api.get("/admin/cache/keys?pattern=GET:/jobs:*", ADMIN));

        assertThat(page.get("keys")).singleElement()
                .satisfies(k -> assertThat(k.asText()).startsWith("GET:/jobs:user=alice:"));
    }

    @Test
    void refusesAKeyPageOverFiveHundred() {
        HttpResponse<String> bad = api.get("/admin/cache/keys?limit=501", ADMIN);

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("limit");
    }

    @Test
    void answersBadRequestNamingTheCursorForAMalformedKeysCursorAndKeepsServingHits() {
        api.get("/health", null);

        HttpResponse<String> bad = api.get("/admin/cache/keys?cursor=abc", ADMIN);

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(bad).get("field").asText()).isEqualTo("cursor");
        assertThat(api.get("/health", null).headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(api.metrics.events(CacheOutcome.ERROR)).isEmpty();
    }

    @Test
    void warmingMakesTheNextGetAHitForPublicAndPerUserRoutes() {
        HttpResponse<String> warmed = api.postJson("/admin/cache/warm", ADMIN,
                "{\"routes\":[\"/health\",\"/jobs\"],\"users\":[\"alice\"]}");

        assertThat(warmed.statusCode()).isEqualTo(200);
        assertThat(json(warmed).get("results")).extracting(r -> r.get("route").asText() + "|"
                        + (r.has("user") ? r.get("user").asText() : "-") + "|" + r.get("status").asInt() + "|"
                        + r.get("cache").asText())
                .containsExactly("/health|-|200|MISS", "/jobs|alice|200|MISS");
        assertThat(api.get("/health", null).headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(api.get("/jobs", ALICE).headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(api.get("/jobs", BOB).headers().firstValue("X-Cache")).hasValue("MISS");
    }

    @Test
    void refusesToWarmAnAdminRoute() {
        HttpResponse<String> bad = api.postJson("/admin/cache/warm", ADMIN, "{\"routes\":[\"/health\",\"/admin/cache/stats\"]}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("routes[1]");
    }

    @Test
    void warmsUserMeForAnAdminWithTheAdminsOwnRoles() {
        HttpResponse<String> warmed = api.postJson("/admin/cache/warm", ADMIN,
                "{\"routes\":[\"/user/me\"],\"users\":[\"root\"]}");
        HttpResponse<String> me = api.get("/user/me", ADMIN);

        assertThat(json(warmed).get("results").get(0).get("cache").asText()).isEqualTo("MISS");
        assertThat(me.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(json(me).get("roles")).extracting(JsonNode::asText).containsExactly("ADMIN", "USER");
    }

    @Test
    void warmsNothingForAUserNoTokenResolvesAndSaysSoForEachRoute() {
        HttpResponse<String> warmed = api.postJson("/admin/cache/warm", ADMIN,
                "{\"routes\":[\"/jobs\",\"/user/me\"],\"users\":[\"carol\",\"alice\"]}");

        assertThat(warmed.statusCode()).isEqualTo(200);
        assertThat(json(warmed).get("results")).extracting(r -> r.get("route").asText() + "|" + r.get("user").asText()
                        + "|" + r.get("status").asInt() + "|" + r.get("cache").asText())
                .containsExactly("/jobs|carol|0|UNRESOLVED_USER", "/jobs|alice|200|MISS",
                        "/user/me|carol|0|UNRESOLVED_USER", "/user/me|alice|200|MISS");
        assertThat(json(api.get("/admin/cache/keys?pattern=*:user=carol:*", ADMIN)).get("keys")).isEmpty();
    }

    @Test
    void refusesToWarmAdminRoutesDisguisedByDotSegmentsSlashesOrPercentEncoding() {
        List<String> disguised = List.of("/./admin/cache/stats", "//admin/cache/stats", "/%61dmin/cache/stats",
                "/admin%2Fcache/stats", "/health/../admin/cache/stats", "/jobs/%2e%2e/admin/cache/stats",
                "/admin/./cache/stats", "/./user/me", "/jobs/");

        List<String> answers = disguised.stream().map(route -> {
            HttpResponse<String> answer = api.postJson("/admin/cache/warm", ADMIN,
                    "{\"routes\":[\"" + route + "\"],\"users\":[\"alice\"]}");
            return route + " " + answer.statusCode() + " " + json(answer).path("field").asText();
        }).toList();

        assertThat(answers).allSatisfy(answer -> assertThat(answer).endsWith(" 400 routes[0]"));
    }

    @Test
    void refusesToWarmARouteThatIsNeverCached() {
        HttpResponse<String> bad = api.postJson("/admin/cache/warm", ADMIN, "{\"routes\":[\"/metrics\"]}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("routes[0]");
    }

    @Test
    void namesABadUserToWarmFor() {
        HttpResponse<String> bad = api.postJson("/admin/cache/warm", ADMIN, "{\"routes\":[\"/jobs\"],\"users\":[\"a b\"]}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("users[0]");
    }

    @Test
    void recommendsSomethingWhenTheHitRatioIsLow() {
        for (int i = 0; i < 100; i++) {
            api.send(api.request("/health", null).header("Cache-Control", "no-cache").GET().build());
        }

        JsonNode performance = json(api.get("/admin/cache/performance", ADMIN));

        JsonNode health = null;
        for (JsonNode route : performance.get("routes")) {
            if (route.get("route").asText().equals("/health")) {
                health = route;
            }
        }
        assertThat(health).isNotNull();
        assertThat(health.get("uncached").get("count").asLong()).isEqualTo(100);
        assertThat(health.get("uncached").get("basis").asText()).isEqualTo("mean");
        assertThat(performance.get("recommendations")).anySatisfy(r -> {
            assertThat(r.get("code").asText()).startsWith("low-hit-ratio");
            assertThat(r.get("route").asText()).isEqualTo("/health");
            assertThat(r.get("figure").asText()).contains("hit ratio 0% over 100 lookups");
        });
    }

    @Test
    void showsTheLastInvalidationsNewestFirst() {
        api.postJson("/admin/cache/invalidate", ADMIN, "{\"tags\":[\"health\"]}");
        api.postJson("/admin/cache/invalidate", ADMIN, "{\"tags\":[\"version\"]}");

        JsonNode history = json(api.get("/admin/cache/stats", ADMIN)).get("history");

        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("tags").get(0).asText()).isEqualTo("version");
        assertThat(history.get(0).get("reason").asText()).isEqualTo("admin");
        assertThat(history.get(1).get("tags").get(0).asText()).isEqualTo("health");
    }

    private List<HttpResponse<String>> everyAdminRouteAs(String token) {
        List<HttpResponse<String>> answers = new ArrayList<>();
        GETS.forEach(path -> answers.add(api.get(path, token)));
        POSTS.forEach((path, body) -> answers.add(api.postJson(path, token, body)));
        return answers;
    }

    private static JsonNode routeStats(JsonNode stats, String route) {
        for (JsonNode line : stats.get("routes")) {
            if (line.get("route").asText().equals(route)) {
                return line;
            }
        }
        throw new AssertionError("no statistics for " + route + " in " + stats);
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
