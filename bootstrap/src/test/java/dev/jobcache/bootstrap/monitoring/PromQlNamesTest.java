package dev.jobcache.bootstrap.monitoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Specification of {@link PromQlNames}: the metric names an expression selects, and nothing else. */
class PromQlNamesTest {

    @Test
    void findsTheMetricsOfARatioOfAggregatedRates() {
        String expression = "sum by (job, instance) (rate(errors_total{operation=~\"get|put\"}[5m]))"
                + " / on (job, instance) group_left sum without (route) (rate(lookups_total[$__rate_interval]))";

        assertThat(PromQlNames.in(expression)).containsExactly("errors_total", "lookups_total");
    }

    @Test
    void leavesOutFunctionsKeywordsNumbersDurationsAndVariables() {
        String expression = "histogram_quantile(0.99, sum by (le) (rate(latency_seconds_bucket{instance=~\"$instance\"}[5m])))"
                + " > 1e-3 and up offset 1h or vector(0) unless absent(x_total) * 2";

        assertThat(PromQlNames.in(expression)).containsExactly("latency_seconds_bucket", "up", "x_total");
    }

    @Test
    void keepsTheNamesOfRecordedSeries() {
        assertThat(PromQlNames.in("jobcache:cache_hit_ratio:rate5m < 0.75 * (jobcache:cache_hit_ratio:rate5m offset 1h)"))
                .containsExactly("jobcache:cache_hit_ratio:rate5m");
    }

    @Test
    void cannotSeeAMetricSelectedByItsNameLabel() {
        // which is why MonitoringDeployTest refuses __name__ in the deploy files rather than let it escape the check
        assertThat(PromQlNames.in("sum(rate({__name__=~\"jobcache_.*\"}[5m]))")).isEmpty();
    }
}
