package dev.jobcache.adapters.rest;

import dev.jobcache.application.cache.RoutePolicies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RouteTemplates} learned from this API's Jersey application: the access log and the request metrics name each
 * path by the template of the resource that serves it, and every cache policy's route is such a template.
 */
class RouteTemplatesTest {

    private static RunningApi api;
    private static final RouteTemplates ROUTES = new RouteTemplates();

    @BeforeAll
    static void learn() {
        api = new RunningApi(HitPath.IN_FRONT_OF_JERSEY);
        ROUTES.learn(api.api.resourceConfig());
    }

    @AfterAll
    static void stop() {
        api.api.endLiveStreams();
        api.close();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /jobs                                     | /jobs
            /jobs/                                    | /jobs
            /jobs/8f14e45f-ceea-467f-a0e6-7a3b1c2d4e5f  | /jobs/{id}
            /jobs/42/download                         | /jobs/{id}/download
            /user/me                                  | /user/me
            /health                                   | /health
            /ready                                    | /ready
            /openapi.json                             | /openapi.json
            /admin/cache/invalidate                   | /admin/cache/invalidate
            /admin/cache/dashboard/app.js             | /admin/cache/dashboard/app.js
            /admin/cache/monitor/realtime             | /admin/cache/monitor/realtime
            /user                                     | -
            /admin/cache                              | -
            /jobs//download                           | -
            /jobs/42/upload                           | -
            /wp-login.php                             | -
            /                                         | -
            *                                         | -
            """)
    void namesAPathByTheTemplateItMatches(String path, String template) {
        assertThat(ROUTES.of(path)).isEqualTo(template);
    }

    @Test
    void theRouteOfEveryCachePolicyIsTheTemplateOfItsResource() {
        for (String route : List.of(RoutePolicies.HEALTH, RoutePolicies.VERSION, RoutePolicies.JOBS, RoutePolicies.JOB,
                RoutePolicies.JOB_DOWNLOAD, RoutePolicies.USER_ME, RoutePolicies.METRICS, RoutePolicies.READY)) {
            assertThat(ROUTES.of(route.replace("{id}", "5f0c"))).as(route).isEqualTo(route);
        }
    }
}
