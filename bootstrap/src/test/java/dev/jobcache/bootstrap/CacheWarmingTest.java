package dev.jobcache.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Cache warming in the whole service: entries become hits without a client having asked, as the right caller. */
class CacheWarmingTest {

    private static final String ALICE = "alice-token-0001";
    private static final String ROOT = "root-admin-token-01";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void warmingUserMeForAnAdminCachesTheAdminsRealRoles(@TempDir Path data) {
        try (RunningService app = service(data).start()) {
            HttpResponse<String> warmed = app.send("POST", "/admin/cache/warm", ROOT,
                    "{\"routes\":[\"/user/me\"],\"users\":[\"root\"]}");

            HttpResponse<String> me = app.get("/user/me", ROOT);

            assertThat(json(warmed).at("/results/0/cache").asText()).isEqualTo("MISS");
            assertThat(me.headers().firstValue("X-Cache")).hasValue("HIT");
            assertThat(json(me).get("roles")).extracting(JsonNode::asText).containsExactly("ADMIN", "USER");
        }
    }

    private static RunningService.Environment service(Path data) {
        return RunningService.in(data)
                .with("AUTH_TOKENS", "alice:" + ALICE)
                .with("ADMIN_TOKENS", "root:" + ROOT)
                .with("CACHE_WARM_ROUTES", "none");
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
