package dev.jobcache.benchmarks.jmh;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One result of JMH's JSON output ({@code -rf json}), and the rule that finds its baseline: the
 * {@code baseline...} method of the same class, in the same mode, on as many threads, whose parameters the row
 * shares. A baseline with fewer parameters than the row (say, a map read that does not depend on the backend)
 * serves every row that agrees on the parameters it has; when several qualify, the most specific one wins.
 */
record JmhRow(String className, String method, String mode, int threads, Map<String, String> params,
              double score, double error, String unit, double p50, double p99, double allocatedBytesPerOp) {

    static List<JmhRow> allOf(JsonNode results) {
        List<JmhRow> rows = new ArrayList<>();
        for (JsonNode result : results) {
            rows.add(of(result));
        }
        return rows;
    }

    static JmhRow of(JsonNode result) {
        String benchmark = result.path("benchmark").asText();
        int dot = benchmark.lastIndexOf('.');
        Map<String, String> params = new LinkedHashMap<>();
        result.path("params").fields().forEachRemaining(p -> params.put(p.getKey(), p.getValue().asText()));
        JsonNode primary = result.path("primaryMetric");
        JsonNode percentiles = primary.path("scorePercentiles");
        return new JmhRow(benchmark.substring(0, dot), benchmark.substring(dot + 1), result.path("mode").asText(),
                result.path("threads").asInt(1), params, number(primary.path("score")),
                number(primary.path("scoreError")), primary.path("scoreUnit").asText(),
                "sample".equals(result.path("mode").asText()) ? number(percentiles.path("50.0")) : Double.NaN,
                "sample".equals(result.path("mode").asText()) ? number(percentiles.path("99.0")) : Double.NaN,
                allocation(result.path("secondaryMetrics")));
    }

    // JMH writes what it could not compute (an error from one iteration) as the string "NaN"
    private static double number(JsonNode node) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        try {
            return Double.parseDouble(node.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** {@code -prof gc}'s bytes allocated per operation, named with or without the old "·" prefix. */
    private static double allocation(JsonNode secondary) {
        var names = secondary.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.endsWith("gc.alloc.rate.norm")) {
                return number(secondary.path(name).path("score"));
            }
        }
        return Double.NaN;
    }

    String simpleClassName() {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    boolean isBaseline() {
        return method.startsWith("baseline");
    }

    boolean isSample() {
        return "sample".equals(mode);
    }

    Optional<JmhRow> baselineIn(List<JmhRow> rows) {
        return rows.stream()
                .filter(JmhRow::isBaseline)
                .filter(b -> b.className.equals(className) && b.mode.equals(mode) && b.threads == threads)
                .filter(b -> params.entrySet().containsAll(b.params.entrySet()))
                .max(Comparator.comparingInt(b -> b.params.size()));
    }

    String paramsText() {
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        params.forEach((name, value) -> text.append(text.length() == 0 ? "" : ", ").append(name).append('=')
                .append(value));
        return text.toString();
    }
}
