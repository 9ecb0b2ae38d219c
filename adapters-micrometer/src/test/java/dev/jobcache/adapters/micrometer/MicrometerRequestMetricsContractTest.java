package dev.jobcache.adapters.micrometer;

import dev.jobcache.domain.port.RequestMetrics;
import dev.jobcache.testkit.contract.RequestMetricsContract;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@link RequestMetricsContract} against {@link MicrometerRequestMetrics} on a Prometheus registry. */
class MicrometerRequestMetricsContractTest extends RequestMetricsContract {

    private MeterRegistry registry;

    @Override
    protected RequestMetrics newMetrics() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return new MicrometerRequestMetrics(registry);
    }

    @Override
    protected long countOf(String method, String route, int status) {
        Timer timer = registry.find("jobcache.http.requests")
                .tags("method", method, "route", route, "status", Integer.toString(status)).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void putsStatusesOutsideHttpsRangeUnderOneLabel() {
        metrics.served("GET", "/jobs", 0, 1);
        metrics.served("GET", "/jobs", 1000, 1);

        assertThat(registry.get("jobcache.http.requests").tags("status", "other").timer().count()).isEqualTo(2);
    }
}
