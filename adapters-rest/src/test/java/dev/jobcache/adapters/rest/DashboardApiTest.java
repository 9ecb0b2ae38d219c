package dev.jobcache.adapters.rest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.util.List;

import static dev.jobcache.adapters.rest.RunningApi.ADMIN;
import static dev.jobcache.adapters.rest.RunningApi.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard page and its files over HTTP ({@link DashboardResource}). */
@ParameterizedClass
@EnumSource(HitPath.class)
class DashboardApiTest {

    private static final String PAGE = "/admin/cache/dashboard";

    private final RunningApi api;

    DashboardApiTest(HitPath hitPath) {
        api = new RunningApi(hitPath);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void servesThePageToAnyoneWithNoStoreAndAStrictContentSecurityPolicy() {
        HttpResponse<String> page = api.get(PAGE, null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'self'", "script-src 'self'", "connect-src 'self'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:"));
        assertThat(page.body()).contains("<script src=\"/admin/cache/dashboard/app.js\"", "id=\"token\"");
    }

    @Test
    void pageHoldsNoTokenNoInlineScriptAndNothingFromElsewhere() {
        String page = api.get(PAGE, ADMIN).body();

        assertThat(page).doesNotContain(ADMIN, ALICE, "https://", "http://", "<style", " style=", "onclick");
        assertThat(page.replace("<script src=\"/admin/cache/dashboard/app.js\" defer></script>", ""))
                .doesNotContain("<script");
    }

    @Test
    void servesTheScriptAndStyleWithTheSamePolicyAndNoStore() {
        List<HttpResponse<String>> files = List.of(api.get(PAGE + "/app.js", null), api.get(PAGE + "/app.css", null));

        assertThat(files).allSatisfy(file -> {
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(file.headers().firstValue("Content-Security-Policy")).isPresent();
            assertThat(file.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        });
        assertThat(files.get(0).headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/javascript"));
        assertThat(files.get(1).headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/css"));
    }

    @Test
    void scriptKeepsTheTokenOutOfStorageCookiesAndUrls() {
        String script = api.get(PAGE + "/app.js", null).body();

        assertThat(script).doesNotContain("localStorage", "sessionStorage", "document.cookie", "indexedDB",
                "innerHTML", "eval(", "EventSource(", "?token", "&token");
    }

    @Test
    void neverAnswersThePageFromTheResponseCache() {
        api.get(PAGE, null);

        HttpResponse<String> again = api.get(PAGE, null);

        assertThat(again.headers().firstValue("X-Cache")).isNotEqualTo(java.util.Optional.of("HIT"));
        assertThat(api.store.usage().entries()).isZero();
    }
}
