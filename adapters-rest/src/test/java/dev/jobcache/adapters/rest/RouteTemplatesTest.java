package dev.jobcache.adapters.rest;

import dev.jobcache.adapters.rest.metrics.RouteTemplates;
import dev.jobcache.application.cache.RoutePolicies;
import dev.jobcache.domain.port.RequestMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RouteTemplates} learned from this API's Jersey application: each path is labelled with the template of the
 * resource that serves it, and the route of every cache policy is such a template, so a hit answered in front of
 * Jersey (labelled with its policy's route) and the same request through Jersey are counted under one label.
 */
class RouteTemplatesTest {

    private final RunningApi api = new RunningApi(HitPath.IN_FRONT_OF_JERSEY);
    private final RouteTemplates routes = new RouteTemplates();

    @BeforeEach
    void learn() {
        routes.learn(api.api.resourceConfig());
    }

    @AfterEach
    void stop() {
        api.api.endLiveStreams();
        api.close();
    }

    @Test
    void labelsEachPathWithTheTemplateOfTheResourceThatServesIt() {
        assertThat(routes.of("/jobs")).isEqualTo("/jobs");
        assertThat(routes.of("/jobs/")).isEqualTo("/jobs");
        assertThat(routes.of("//jobs")).isEqualTo("/jobs");
        assertThat(routes.of("/jobs/5f0c")).isEqualTo("/jobs/{id}");
        assertThat(routes.of("/jobs/5f0c/download")).isEqualTo("/jobs/{id}/download");
        assertThat(routes.of("/admin/cache/stats")).isEqualTo("/admin/cache/stats");
        assertThat(routes.of("/admin/cache/monitor/realtime")).isEqualTo("/admin/cache/monitor/realtime");
        assertThat(routes.of("/admin/cache/dashboard/app.js")).isEqualTo("/admin/cache/dashboard/app.js");
        assertThat(routes.of("/openapi.json")).isEqualTo("/openapi.json");
    }

    @Test
    void labelsEveryPathNoResourceServesAlike() {
        assertThat(routes.of("/jobs/5f0c/nothing")).isEqualTo(RequestMetrics.UNMATCHED);
        assertThat(routes.of("/wp-login.php")).isEqualTo(RequestMetrics.UNMATCHED);
        assertThat(routes.of("/")).isEqualTo(RequestMetrics.UNMATCHED);
    }

    @Test
    void theRouteOfEveryCachePolicyIsTheTemplateOfItsResource() {
        for (String route : List.of(RoutePolicies.HEALTH, RoutePolicies.VERSION, RoutePolicies.JOBS, RoutePolicies.JOB,
                RoutePolicies.JOB_DOWNLOAD, RoutePolicies.USER_ME, RoutePolicies.METRICS)) {
            assertThat(routes.of(route.replace("{id}", "5f0c"))).as(route).isEqualTo(route);
        }
    }
}
