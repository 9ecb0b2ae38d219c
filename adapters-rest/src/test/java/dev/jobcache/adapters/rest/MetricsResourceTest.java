package dev.jobcache.adapters.rest;

import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link MetricsResource} on real Jersey and Grizzly: the scrape as a Prometheus server receives it. */
class MetricsResourceTest {

    private static final String SCRAPE = """
            # HELP jobcache_cache_requests_total Cache lookups by outcome
            # TYPE jobcache_cache_requests_total counter
            jobcache_cache_requests_total{result="hit",route="/jobs",tier="redis"} 2.0
            """;
    // what Prometheus 2.x and 3.x send; the text format is what they fall back to from OpenMetrics
    private static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0;q=0.5,"
            + "text/plain;version=0.0.4;q=0.4,*/*;q=0.1";

    private final AtomicInteger scrapes = new AtomicInteger();
    private final HttpServer server = start(new MetricsResource(() -> {
        scrapes.incrementAndGet();
        return SCRAPE;
    }));
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    @Test
    void servesTheScrapeInThePrometheusTextFormat() {
        HttpResponse<String> response = get(PROMETHEUS_ACCEPT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(SCRAPE);
        // Jersey may reorder the parameters; Prometheus parses them, so compare them as a set
        assertThat(response.headers().firstValue("Content-Type").map(MetricsResourceTest::parts))
                .hasValue(Set.of("text/plain", "version=0.0.4", "charset=utf-8"));
    }

    @Test
    void forbidsCachingSoEveryScrapeIsFresh() {
        HttpResponse<String> first = get("*/*");
        get("*/*");

        assertThat(first.headers().firstValue("Cache-Control").map(MetricsResourceTest::parts))
                .hasValueSatisfying(directives -> assertThat(directives).contains("no-store"));
        assertThat(scrapes).hasValue(2);
    }

    @Test
    void refusesAcceptHeadersItCannotServe() {
        HttpResponse<String> response = get("application/json");

        assertThat(response.statusCode()).isEqualTo(406);
    }

    @Test
    void bypassesTheResponseCacheOfTheFullApi() {
        try (RunningApi api = new RunningApi(() -> "scrape " + scrapes.incrementAndGet() + "\n")) {
            api.get("/metrics", null);

            HttpResponse<String> second = api.get("/metrics", null);

            assertThat(second.body()).isEqualTo("scrape 2\n");
            assertThat(second.headers().firstValue("X-Cache")).hasValue("BYPASS");
            assertThat(second.headers().firstValue("Cache-Control").map(MetricsResourceTest::parts))
                    .hasValueSatisfying(directives -> assertThat(directives).contains("no-store"));
        }
    }

    private HttpResponse<String> get(String accept) {
        URI uri = URI.create("http://127.0.0.1:" + server.getListener("grizzly").getPort() + "/metrics");
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", accept).timeout(Duration.ofSeconds(10))
                .GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> parts(String header) {
        return Arrays.stream(header.split("[;,]"))
                .map(part -> part.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    private static HttpServer start(MetricsResource resource) {
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"),
                new ResourceConfig().register(resource), false);
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return server;
    }
}
