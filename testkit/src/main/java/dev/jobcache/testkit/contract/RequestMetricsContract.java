package dev.jobcache.testkit.contract;

import dev.jobcache.domain.port.RequestMetrics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * What every {@link RequestMetrics} promises: each request is counted once under its method, route and status, from
 * any number of threads at once, and {@link RequestMetrics#served} never throws, whatever it is handed.
 */
public abstract class RequestMetricsContract {

    protected RequestMetrics metrics;

    /** A new metrics with nothing counted. Called before each test. */
    protected abstract RequestMetrics newMetrics();

    /** How many requests {@link #metrics} counted with this method, route and status. */
    protected abstract long countOf(String method, String route, int status);

    @BeforeEach
    protected final void createMetrics() {
        metrics = newMetrics();
    }

    @Test
    public void countsEachRequestUnderItsMethodRouteAndStatus() {
        metrics.served("GET", "/jobs/{id}", 200, 1_000_000);
        metrics.served("GET", "/jobs/{id}", 200, 3_000_000);
        metrics.served("GET", "/jobs/{id}", 404, 2_000_000);
        metrics.served("DELETE", "/jobs/{id}", 204, 9_000_000);
        metrics.served("GET", RequestMetrics.UNMATCHED, 404, 500_000);

        assertThat(countOf("GET", "/jobs/{id}", 200)).isEqualTo(2);
        assertThat(countOf("GET", "/jobs/{id}", 404)).isEqualTo(1);
        assertThat(countOf("DELETE", "/jobs/{id}", 204)).isEqualTo(1);
        assertThat(countOf("GET", RequestMetrics.UNMATCHED, 404)).isEqualTo(1);
        assertThat(countOf("GET", "/jobs", 200)).isZero();
    }

    @Test
    public void servedNeverThrowsWhateverItIsHanded() {
        assertThatCode(() -> {
            metrics.served("GET", "/jobs", 200, -5);
            metrics.served("GET", "/jobs", 200, Long.MAX_VALUE);
            metrics.served("GET", "/jobs", 0, 1);
            metrics.served("GET", "/jobs", 999, 1);
            metrics.served("OTHER", "", 200, 0);
            metrics.served(null, null, 200, 0);
        }).doesNotThrowAnyException();
    }

    @Test
    public void countsEveryRequestServedConcurrently() {
        int threads = 4;
        int perThread = 1_000;

        List<CompletableFuture<Void>> running = new ArrayList<>();
        IntStream.range(0, threads).forEach(t -> running.add(CompletableFuture.runAsync(() -> {
            for (int i = 0; i < perThread; i++) {
                metrics.served("GET", "/health", 200, 100_000);
            }
        })));
        running.forEach(CompletableFuture::join);

        assertThat(countOf("GET", "/health", 200)).isEqualTo((long) threads * perThread);
    }
}
