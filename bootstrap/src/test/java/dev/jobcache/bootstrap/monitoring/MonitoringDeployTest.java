package dev.jobcache.bootstrap.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.jobcache.bootstrap.RunningService;
import dev.jobcache.testkit.redis.RedisServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What deploy/ ships for Prometheus and Grafana, held to the service itself: the alert rules pass
 * {@code promtool check rules} and their unit tests ({@code promtool test rules}), every dashboard query is PromQL
 * that promtool accepts, and every metric the rules and the dashboard name is one a running service's
 * {@code /metrics} really serves, on caffeine and on two-tier. Without Debian's {@code prometheus} package
 * (promtool) the promtool checks skip, loudly; the names are checked regardless.
 */
@Timeout(300)
class MonitoringDeployTest {

    private static final String ALICE = "alice-token-0001";
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*\\w+\\)");
    /** Served only where there is a Redis (its breaker) and a near-cache (its bus). */
    private static final Set<String> TWO_TIER_ONLY = Set.of("jobcache_redis_breaker_state", "jobcache_cache_bus_connected");

    private static final Path DEPLOY = deployDirectory();
    private static final Path ALERTS = DEPLOY.resolve("prometheus/alerts.yml");
    private static final Path ALERT_TESTS = DEPLOY.resolve("prometheus/alerts-test.yml");
    private static final Path DASHBOARD = DEPLOY.resolve("grafana/jobcache-dashboard.json");

    @Test
    void theAlertRulesPassPromtoolsCheckAndTheirUnitTests() {
        Path promtool = promtoolOrSkip("alert rules NOT checked");

        Run check = run(promtool, "check", "rules", ALERTS.toString());
        Run tests = run(promtool, "test", "rules", ALERT_TESTS.toString());

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS");
        assertThat(tests.exitCode()).as(tests.output()).isZero();
        assertThat(tests.output()).contains("SUCCESS");
    }

    @Test
    void theRulesAskForWhatTheSeedAsks() throws IOException {
        Set<String> alerts = new TreeSet<>();
        for (JsonNode rule : rules()) {
            if (rule.has("alert")) {
                alerts.add(rule.get("alert").asText());
            }
        }

        assertThat(alerts).contains("JobcacheCacheHitRatioDropped", "JobcacheCacheErrorRateHigh", "JobcacheRedisDown",
                "JobcacheRedisBreakerOpen", "JobcacheBusContactLost", "JobcacheCacheMemoryNearBound",
                "JobcacheHttpServerErrors");
    }

    @Test
    void everyDashboardQueryIsPromQlThatPromtoolAccepts(@TempDir Path work) throws IOException {
        Path promtool = promtoolOrSkip("dashboard queries NOT checked");
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode file = yaml.createObjectNode();
        ArrayNode recorded = file.putArray("groups").addObject().put("name", "dashboard").putArray("rules");
        List<String> queries = dashboardQueries();
        for (int i = 0; i < queries.size(); i++) {
            // Grafana fills these in before Prometheus sees the query
            String promql = queries.get(i).replace("$__rate_interval", "5m").replace("$instance", ".*");
            recorded.addObject().put("record", "dashboard:query_" + i).put("expr", promql);
        }
        Path asRules = work.resolve("dashboard-queries.yml");
        yaml.writeValue(asRules.toFile(), file);

        Run check = run(promtool, "check", "rules", asRules.toString());

        assertThat(queries).hasSizeGreaterThan(20);
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void everyMetricTheRulesAndTheDashboardNameIsServedByARunningService(@TempDir Path data) throws IOException {
        Set<String> named = new TreeSet<>();
        Set<String> recordedByPrometheus = new TreeSet<>();
        List<String> expressions = new ArrayList<>(dashboardQueries());
        for (JsonNode rule : rules()) {
            expressions.add(rule.get("expr").asText());
            if (rule.has("record")) {
                recordedByPrometheus.add(rule.get("record").asText());
            }
        }
        for (String expression : expressions) {
            assertThat(expression).as("selects by name in a way this check cannot see").doesNotContain("__name__");
            named.addAll(PromQlNames.in(expression));
        }
        named.removeAll(recordedByPrometheus);

        Set<String> caffeine = servedNames(RunningService.in(data.resolve("caffeine")).with("CACHE_BACKEND", "caffeine"));
        Set<String> twoTier;
        try (RedisServer redis = RedisServer.start()) {
            twoTier = servedNames(RunningService.in(data.resolve("two-tier")).with("CACHE_BACKEND", "two-tier")
                    .with("REDIS_URL", redis.uri()));
        }

        System.out.printf("monitoring deploy: %d metric names in rules and dashboard, all served: two-tier %s, "
                        + "caffeine all but %s%n", named.size(), twoTier.containsAll(named), TWO_TIER_ONLY);
        assertThat(named).as("the rules and the dashboard name these").contains("jobcache_http_requests_seconds_bucket",
                "jobcache_cache_store_errors_total", "jobcache_cache_used_bytes", "jobcache_redis_breaker_state");
        assertThat(twoTier).as("served by two-tier").containsAll(named);
        Set<String> caffeineNeeds = new TreeSet<>(named);
        caffeineNeeds.removeAll(TWO_TIER_ONLY);
        assertThat(caffeine).as("served by caffeine").containsAll(caffeineNeeds);
    }

    /** Starts the service, makes it serve a little of everything, and returns the names its /metrics has then. */
    private static Set<String> servedNames(RunningService.Environment environment) {
        try (RunningService service = environment.with("AUTH_TOKENS", "alice:" + ALICE).start()) {
            HttpResponse<String> created = service.send("POST", "/jobs", ALICE, "{\"type\":\"render\",\"input\":{}}");
            Matcher id = ID.matcher(created.body());
            assertThat(id.find()).as(created.body()).isTrue();
            for (int i = 0; i < 2; i++) {
                service.get("/jobs", ALICE);
                service.get("/jobs/" + id.group(1), ALICE);
                service.get("/health", null);
                service.get("/metrics", null);
            }
            // Micrometer names the GC pause series once it hears of a first pause, which a short test may not have
            // had yet; a service that runs has them all the time (the service runs in this JVM: the pause is its own)
            System.gc();
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> service.get("/metrics", null).body().contains("jvm_gc_pause_seconds_sum"));
            String scrape = service.get("/metrics", null).body();
            Set<String> names = new TreeSet<>();
            scrape.lines().filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
            return names;
        }
    }

    private static List<JsonNode> rules() throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        new YAMLMapper().readTree(ALERTS.toFile()).get("groups").forEach(group -> group.get("rules").forEach(rules::add));
        return rules;
    }

    /** Every panel target's query, and the metric each templating query lists label values of. */
    private static List<String> dashboardQueries() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> queries = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> queries.add(expr.asText()));
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String query = variable.path("query").isObject() ? variable.path("query").path("query").asText()
                    : variable.path("query").asText();
            Matcher listed = LABEL_VALUES.matcher(query);
            if (listed.matches()) {
                queries.add(listed.group(1));
            }
        }
        return queries;
    }

    private static Path promtoolOrSkip(String what) {
        for (String candidate : List.of("/usr/bin/promtool", "/usr/local/bin/promtool")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        System.out.println("*** SKIPPED: promtool not installed — " + what + " ***");
        Assumptions.abort("promtool not installed (apt-get install prometheus)");
        throw new IllegalStateException("unreachable");
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(Path promtool, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(promtool.toString());
        command.addAll(List.of(arguments));
        try {
            // from deploy/prometheus, where the unit tests name alerts.yml
            Process process = new ProcessBuilder(command).directory(ALERTS.getParent().toFile())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool did not finish: " + command);
            }
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path deployDirectory() {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            if (Files.isDirectory(at.resolve("deploy/prometheus"))) {
                return at.resolve("deploy");
            }
        }
        throw new IllegalStateException("no deploy/prometheus above " + Path.of("").toAbsolutePath());
    }
}
