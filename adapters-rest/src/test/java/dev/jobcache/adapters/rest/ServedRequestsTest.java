package dev.jobcache.adapters.rest;

import dev.jobcache.domain.port.RequestMetrics;
import dev.jobcache.testkit.fake.RecordingRequestMetrics;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.jobcache.adapters.rest.RunningApi.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request the HTTP edge answers is counted once, under its route template and status, whichever way it was
 * answered: a hit on the selector thread, a hit on the store's own I/O thread, a hit through Jersey's filter, a miss,
 * a write, a refusal (by Jersey's filters or by the edge before Grizzly parses the request), a path no route matches.
 */
@ParameterizedClass
@EnumSource(ServedRequestsTest.Answering.class)
class ServedRequestsTest {

    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    /** The ways a hit can be answered. */
    enum Answering {
        SELECTOR_THREAD(HitPath.IN_FRONT_OF_JERSEY, RunningApi.Store.IN_PROCESS),
        STORE_IO_THREAD(HitPath.IN_FRONT_OF_JERSEY, RunningApi.Store.REMOTE_ASYNCHRONOUS),
        JERSEY_FILTER(HitPath.JERSEY_FILTER, RunningApi.Store.IN_PROCESS);

        final HitPath hitPath;
        final RunningApi.Store store;

        Answering(HitPath hitPath, RunningApi.Store store) {
            this.hitPath = hitPath;
            this.store = store;
        }
    }

    private final RunningApi api;
    private final RecordingRequestMetrics requests;

    ServedRequestsTest(Answering answering) {
        api = new RunningApi(answering.hitPath, answering.store);
        requests = api.requests;
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void countsEachRequestOnceUnderItsRouteTemplateAndStatus() {
        String id = idOf(api.postJson("/jobs", ALICE, "{\"type\":\"render\",\"input\":{}}"));
        HttpResponse<String> miss = api.get("/jobs/" + id, ALICE);
        HttpResponse<String> hit = api.get("/jobs/" + id, ALICE);
        api.get("/jobs/" + id + "/download", ALICE);
        api.get("/jobs", null);
        api.get("/no/such/route/" + id, null);

        assertThat(miss.headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(hit.headers().firstValue("X-Cache")).hasValue("HIT");
        awaitCounted(6);
        assertThat(requests.count("POST", "/jobs", 201)).isEqualTo(1);
        assertThat(requests.count("GET", "/jobs/{id}", 200)).as("the miss and the hit").isEqualTo(2);
        assertThat(requests.count("GET", "/jobs/{id}/download", 409)).isEqualTo(1);
        assertThat(requests.count("GET", "/jobs", 401)).as("refused before Jersey matched a resource").isEqualTo(1);
        assertThat(requests.count("GET", RequestMetrics.UNMATCHED, 404)).isEqualTo(1);
        assertThat(requests.requests()).extracting(RecordingRequestMetrics.Served::route)
                .as("route templates, never the raw path").noneMatch(route -> route.contains(id));
        assertThat(requests.requests()).allSatisfy(served -> assertThat(served.latencyNanos()).isPositive());
    }

    @Test
    void aHitOfARouteNoCachePolicyNamesIsCountedUnderItsTemplate() {
        api.get("/openapi.json", null);
        HttpResponse<String> hit = api.get("/openapi.json", null);

        assertThat(hit.headers().firstValue("X-Cache")).hasValue("HIT");
        awaitCounted(2);
        assertThat(requests.count("GET", "/openapi.json", 200)).isEqualTo(2);
    }

    @Test
    void countsAdminRoutesUnderTheirOwnTemplates() {
        api.get("/admin/cache/stats", RunningApi.ADMIN);
        api.get("/admin/cache/keys?limit=5", RunningApi.ADMIN);
        api.get("/admin/cache/stats", ALICE);

        awaitCounted(3);
        assertThat(requests.count("GET", "/admin/cache/stats", 200)).isEqualTo(1);
        assertThat(requests.count("GET", "/admin/cache/keys", 200)).isEqualTo(1);
        assertThat(requests.count("GET", "/admin/cache/stats", 403)).isEqualTo(1);
    }

    @Test
    void countsTheRequestsTheEdgeRefusesBeforeGrizzlyParsesThem() {
        String twoHosts = api.exchange("GET /jobs/42 HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
        String bodyWithoutToken = api.exchange("POST /jobs HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\n\r\n{}");
        String bareLfFirst = api.exchange("\n");

        assertThat(twoHosts).startsWith("HTTP/1.1 400");
        assertThat(bodyWithoutToken).startsWith("HTTP/1.1 401");
        assertThat(bareLfFirst).startsWith("HTTP/1.1 400");
        awaitCounted(3);
        assertThat(requests.count("GET", "/jobs/{id}", 400)).isEqualTo(1);
        assertThat(requests.count("POST", "/jobs", 401)).isEqualTo(1);
        assertThat(requests.count("OTHER", RequestMetrics.UNMATCHED, 400)).as("refused before its line began")
                .isEqualTo(1);
    }

    /** A response reaches its client as Grizzly completes it, just before the count: wait for the count. */
    private void awaitCounted(int expected) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> requests.requests().size() >= expected);
        assertThat(requests.requests()).hasSize(expected);
    }

    private static String idOf(HttpResponse<String> created) {
        Matcher m = ID.matcher(created.body());
        assertThat(m.find()).as(created.body()).isTrue();
        return m.group(1);
    }
}
