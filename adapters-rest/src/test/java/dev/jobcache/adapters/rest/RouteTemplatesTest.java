package dev.jobcache.adapters.rest;

import jakarta.ws.rs.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which route template logs name a raw request path by: the API's own, read from its resources. */
class RouteTemplatesTest {

    private static final RouteTemplates ROUTES = RouteTemplates.of(RestApi.RESOURCES);

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /jobs                                     | /jobs
            /jobs/                                    | /jobs
            /jobs/8f14e45f-ceea-467f-a0e6-7a3b1c2d4e5f  | /jobs/{id}
            /jobs/42/download                         | /jobs/{id}/download
            /user/me                                  | /user/me
            /health                                   | /health
            /admin/cache/invalidate                   | /admin/cache/invalidate
            /admin/cache/dashboard/app.js             | /admin/cache/dashboard/app.js
            /admin/cache/monitor/realtime             | /admin/cache/monitor/realtime
            /user                                     | -
            /admin/cache                              | -
            /jobs//download                           | -
            /jobs/42/upload                           | -
            /                                         | -
            *                                         | -
            """)
    void namesAPathByTheTemplateItMatches(String path, String template) {
        assertThat(ROUTES.of(path)).isEqualTo(template);
    }

    @Test
    void knowsEveryResourceTheApiServes() {
        try (RunningApi api = new RunningApi(HitPath.JERSEY_FILTER)) {
            assertThat(api.api.resourceConfig().getInstances()).filteredOn(
                    resource -> resource.getClass().isAnnotationPresent(Path.class))
                    .allSatisfy(resource -> assertThat(RestApi.RESOURCES).contains(resource.getClass()));
        }
    }
}
