package dev.jobcache.benchmarks.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns JMH's JSON results into a Markdown page: a machine line, then one table per benchmark class with each
 * score as a ratio against its baseline (see {@link JmhRow#baselineIn}). Ratios are the figures to read: absolute
 * times from a shared machine move between runs, ratios measured in one run much less. For times per operation a
 * ratio above 1 means slower than the baseline.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.jobcache.benchmarks.jmh.JmhReport <jmh.json> <jmh.md>}
 */
public final class JmhReport {

    private JmhReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: JmhReport <jmh.json> <jmh.md>");
            System.exit(2);
        }
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        if (!results.isArray() || results.isEmpty()) {
            System.err.println(args[0] + " holds no JMH results");
            System.exit(1);
        }
        Path out = Path.of(args[1]);
        Files.writeString(out, render(results));
        System.out.println("Wrote " + out);
    }

    static String render(JsonNode results) {
        List<JmhRow> rows = JmhRow.allOf(results);
        StringBuilder md = new StringBuilder("# JMH micro-benchmarks\n\n");
        md.append(machineLine(results.get(0))).append("\n\n");
        md.append("Each score is compared with the `baseline` of its class measured in the same run "
                + "(same parameters, mode and threads); for times per operation, above 1× is slower than the "
                + "baseline. Alloc is `-prof gc`'s bytes allocated per operation.\n");
        Map<String, List<JmhRow>> byClass = new LinkedHashMap<>();
        rows.forEach(row -> byClass.computeIfAbsent(row.className(), c -> new ArrayList<>()).add(row));
        byClass.forEach((className, classRows) -> appendTable(md, classRows, rows));
        return md.toString();
    }

    private static String machineLine(JsonNode first) {
        return String.format(Locale.ROOT,
                "Machine: %d cores (as the JVM writing this report sees them), JDK %s, %s %s; JMH %s, %d fork(s), "
                        + "%d × %s warm-up, %d × %s measurement, JVM options %s.",
                Runtime.getRuntime().availableProcessors(), first.path("jdkVersion").asText(),
                first.path("vmName").asText(), first.path("vmVersion").asText(), first.path("jmhVersion").asText(),
                first.path("forks").asInt(), first.path("warmupIterations").asInt(), first.path("warmupTime").asText(),
                first.path("measurementIterations").asInt(), first.path("measurementTime").asText(),
                first.path("jvmArgs").isEmpty() ? "none" : first.path("jvmArgs").toString());
    }

    private static void appendTable(StringBuilder md, List<JmhRow> classRows, List<JmhRow> all) {
        boolean sampled = classRows.stream().anyMatch(JmhRow::isSample);
        boolean allocation = classRows.stream().anyMatch(r -> !Double.isNaN(r.allocatedBytesPerOp()));
        md.append("\n## ").append(classRows.get(0).simpleClassName()).append("\n\n");
        md.append("| Benchmark | Params | Threads | Mode | Score ± Error | Unit |");
        md.append(sampled ? " p50 | p99 (vs baseline) |" : "");
        md.append(allocation ? " Alloc B/op |" : "");
        md.append(" vs baseline |\n");
        md.append("|---|---|--:|---|--:|---|").append(sampled ? "--:|--:|" : "").append(allocation ? "--:|" : "")
                .append("--:|\n");
        for (JmhRow row : classRows) {
            Optional<JmhRow> baseline = row.baselineIn(all);
            md.append("| ").append(row.method()).append(" | ").append(row.paramsText()).append(" | ")
                    .append(row.threads()).append(" | ").append(row.mode()).append(" | ")
                    .append(number(row.score())).append(" ± ").append(number(row.error())).append(" | ")
                    .append(row.unit()).append(" |");
            if (sampled) {
                md.append(' ').append(number(row.p50())).append(" | ").append(number(row.p99()));
                baseline.filter(JmhRow::isSample)
                        .ifPresent(b -> md.append(" (").append(ratio(row.p99(), b.p99())).append(')'));
                md.append(" |");
            }
            if (allocation) {
                md.append(' ').append(number(row.allocatedBytesPerOp())).append(" |");
            }
            md.append(' ').append(baseline.map(b -> ratio(row.score(), b.score())).orElse("–")).append(" |\n");
        }
    }

    static String ratio(double score, double baseline) {
        if (Double.isNaN(score) || Double.isNaN(baseline) || baseline == 0) {
            return "–";
        }
        double ratio = score / baseline;
        return String.format(Locale.ROOT, ratio < 10 ? "%.2f×" : ratio < 100 ? "%.1f×" : "%.0f×", ratio);
    }

    /** Three significant figures or so, never scientific notation. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        double magnitude = Math.abs(value);
        String format = magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, format, value);
    }
}
