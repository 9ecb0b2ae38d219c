package dev.jobcache.testkit.fake;

import dev.jobcache.domain.port.RequestMetrics;
import dev.jobcache.testkit.contract.RequestMetricsContract;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@link RequestMetricsContract} against {@link RecordingRequestMetrics}, plus its log. */
class RecordingRequestMetricsContractTest extends RequestMetricsContract {

    private RecordingRequestMetrics recording;

    @Override
    protected RequestMetrics newMetrics() {
        recording = new RecordingRequestMetrics();
        return recording;
    }

    @Override
    protected long countOf(String method, String route, int status) {
        return recording.count(method, route, status);
    }

    @Test
    void keepsEveryRequestWithItsLatencyInOrder() {
        metrics.served("POST", "/jobs", 201, 7_000);
        metrics.served("GET", "/jobs", 200, 3_000);

        assertThat(recording.requests()).containsExactly(
                new RecordingRequestMetrics.Served("POST", "/jobs", 201, 7_000),
                new RecordingRequestMetrics.Served("GET", "/jobs", 200, 3_000));
    }
}
