package dev.jobcache.domain.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Specifies how {@link CacheKeys} canonicalises a request into a {@link CacheKey}. */
class CacheKeysTest {

    private static final CachePolicy PUBLIC = new CachePolicy("/version", true, Duration.ofSeconds(3600),
            Duration.ZERO, "public, max-age=3600", CacheScope.PUBLIC, List.of("version"));
    private static final CachePolicy PER_USER = new CachePolicy("/jobs", true, Duration.ofSeconds(120),
            Duration.ofSeconds(10), "private, max-age=120", CacheScope.USER, List.of("jobs", "jobs:user:{user}"));

    @Test
    void theOrderOfQueryParametersDoesNotMatter() {
        Map<String, List<String>> ab = query("a", "1", "b", "2");
        Map<String, List<String>> ba = query("b", "2", "a", "1");

        CacheKey first = key(PER_USER, "/jobs", ab);
        CacheKey second = key(PER_USER, "/jobs", ba);

        assertThat(first).isEqualTo(second);
    }

    @Test
    void aKeyNamesItsRouteTemplateForAStoreThatCountsByRoute() {
        CacheKey key = key(PER_USER, "/jobs", query("status", "RUNNING"));

        assertThat(CacheKeys.routeOf(key)).isEqualTo("/jobs");
        assertThat(CacheKeys.routeOf(new CacheKey("no-route-here"))).isEqualTo(CacheEvent.STORE_WIDE);
    }

    @Test
    void differentQueryValuesGiveDifferentKeys() {
        CacheKey page1 = key(PER_USER, "/jobs", query("page", "1"));
        CacheKey page2 = key(PER_USER, "/jobs", query("page", "2"));

        assertThat(page1).isNotEqualTo(page2);
    }

    @Test
    void theOrderOfARepeatedParametersValuesMatters() {
        Map<String, List<String>> runningFirst = Map.of("status", List.of("RUNNING", "QUEUED"));
        Map<String, List<String>> queuedFirst = Map.of("status", List.of("QUEUED", "RUNNING"));

        assertThat(key(PER_USER, "/jobs", runningFirst)).isNotEqualTo(key(PER_USER, "/jobs", queuedFirst));
    }

    @Test
    void parametersTheResourceDoesNotReadAreNotKeyed() {
        CachePolicy jobs = PER_USER.withQuery(QueryKeying.only("status", "limit"));

        CacheKey plain = key(jobs, "/jobs", query("limit", "15"));
        CacheKey flooded = key(jobs, "/jobs", query("limit", "15", "x", "12345"));

        assertThat(flooded).isEqualTo(plain);
        assertThat(key(jobs, "/jobs", query("limit", "16"))).isNotEqualTo(plain);
    }

    @Test
    void aResourceThatReadsNothingHasOneKeyWhateverTheQuery() {
        CachePolicy health = PUBLIC.withQuery(QueryKeying.only());

        assertThat(key(health, "/version", query("flood", "1")))
                .isEqualTo(key(health, "/version", query("flood", "2")))
                .isEqualTo(key(health, "/version", Map.of()));
    }

    @Test
    void anUnknownResourceRefusesEveryQueryButTrackingOnes() {
        QueryKeying unknown = QueryKeying.unknownResource();

        assertThat(unknown.refuses(query("flood", "1"))).isTrue();
        assertThat(unknown.refuses(query("utm_source", "mail"))).isFalse();
        assertThat(unknown.refuses(Map.of())).isFalse();
        assertThat(QueryKeying.only().refuses(query("flood", "1"))).isFalse();
    }

    @Test
    void trackingParametersAreDropped() {
        Map<String, List<String>> tracked = query("status", "RUNNING", "utm_source", "mail", "UTM_Campaign", "x",
                "gclid", "abc", "fbclid", "def");

        CacheKey withTracking = key(PER_USER, "/jobs", tracked);
        CacheKey without = key(PER_USER, "/jobs", query("status", "RUNNING"));

        assertThat(withTracking).isEqualTo(without);
    }

    @Test
    void aBareParameterAndAnEmptyValueShareAKey() {
        Map<String, List<String>> bare = new LinkedHashMap<>();
        bare.put("a", List.of());

        CacheKey aAlone = key(PUBLIC, "/version", bare);
        CacheKey aEquals = key(PUBLIC, "/version", query("a", ""));

        assertThat(aAlone).isEqualTo(aEquals);
    }

    @Test
    void aQuestionMarkInThePathDoesNotCollideWithAQuery() {
        CacheKey inPath = key(PUBLIC, "/version?a", query("b", ""));
        CacheKey inQuery = key(PUBLIC, "/version", query("a?b", ""));

        assertThat(inPath).isNotEqualTo(inQuery);
    }

    @Test
    void aSeparatorInAQueryValueDoesNotCollideWithTheAcceptHeader() {
        CacheKey inQuery = CacheKeys.of("GET", PUBLIC, "/version", query("a", "1|text/html"), null,
                Representation.ANY);
        CacheKey inAccept = CacheKeys.of("GET", PUBLIC, "/version", query("a", "1"), null,
                new Representation("text/html|*/*"));

        assertThat(inQuery).isNotEqualTo(inAccept);
    }

    @Test
    void equivalentPathsShareAKey() {
        CacheKey messy = key(PUBLIC, "//version/", Map.of());
        CacheKey clean = key(PUBLIC, "/version", Map.of());

        assertThat(messy).isEqualTo(clean);
    }

    @Test
    void headSharesTheKeyOfGet() {
        CacheKey head = CacheKeys.of("HEAD", PUBLIC, "/version", Map.of(), null, Representation.ANY);
        CacheKey get = CacheKeys.of("get", PUBLIC, "/version", Map.of(), null, Representation.ANY);

        assertThat(head).isEqualTo(get);
        assertThat(head.value()).startsWith("GET:/version:public:");
    }

    @Test
    void perUserKeysDifferByUser() {
        CacheKey alice = CacheKeys.of("GET", PER_USER, "/jobs", Map.of(), "alice", Representation.ANY);
        CacheKey bob = CacheKeys.of("GET", PER_USER, "/jobs", Map.of(), "bob", Representation.ANY);

        assertThat(alice).isNotEqualTo(bob);
        assertThat(alice.value()).contains("user=alice");
    }

    @Test
    void publicKeysIgnoreTheUser() {
        CacheKey alice = CacheKeys.of("GET", PUBLIC, "/version", Map.of(), "alice", Representation.ANY);
        CacheKey bob = CacheKeys.of("GET", PUBLIC, "/version", Map.of(), "bob", Representation.ANY);
        CacheKey anonymous = CacheKeys.of("GET", PUBLIC, "/version", Map.of(), null, Representation.ANY);

        assertThat(alice).isEqualTo(bob).isEqualTo(anonymous);
    }

    @Test
    void theKeyNeverContainsRawPathOrQueryInput() {
        CacheKey key = key(PUBLIC, "/version/<script>alert(1)</script> now", query("q", "<script> x", "<b>", "y z"));

        assertThat(key.value())
                .doesNotContain("<script>")
                .doesNotContain("<b>")
                .doesNotContain("alert")
                .doesNotContainAnyWhitespaces();
    }

    @Test
    void theKeyStaysBoundedForAHugePath() {
        String path = "/version/" + "x".repeat(10_000);

        CacheKey key = key(PUBLIC, path, query("q", "y".repeat(10_000)));

        assertThat(key.value().length()).isLessThanOrEqualTo(CacheKey.MAX_LENGTH);
    }

    @Test
    void differentAcceptHeadersGiveDifferentKeys() {
        CacheKey json = CacheKeys.of("GET", PUBLIC, "/version", Map.of(), null,
                Representation.parseAccept("application/json").orElseThrow());
        CacheKey html = CacheKeys.of("GET", PUBLIC, "/version", Map.of(), null,
                Representation.parseAccept("text/html").orElseThrow());

        assertThat(json).isNotEqualTo(html);
    }

    @Test
    void equivalentAcceptHeadersShareAKey() {
        CacheKey tidy = CacheKeys.of("GET", PUBLIC, "/version", Map.of(), null,
                Representation.parseAccept("application/json,text/html;q=0.5").orElseThrow());
        CacheKey messy = CacheKeys.of("GET", PUBLIC, "/version", Map.of(), null,
                Representation.parseAccept(" TEXT/HTML; Q=0.5 , Application/JSON ").orElseThrow());

        assertThat(tidy).isEqualTo(messy);
    }

    private static CacheKey key(CachePolicy policy, String path, Map<String, List<String>> query) {
        return CacheKeys.of("GET", policy, path, query, "alice", Representation.ANY);
    }

    /** Name, value, name, value ... in the given order. */
    private static Map<String, List<String>> query(String... namesAndValues) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            query.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
        }
        return query;
    }
}
