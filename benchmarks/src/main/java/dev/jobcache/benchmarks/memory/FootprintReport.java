package dev.jobcache.benchmarks.memory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The measured cases as JSON and as a Markdown fragment, with the verdict against the target. */
final class FootprintReport {

    static final int TARGET_ENTRIES = 10_000;
    static final double TARGET_MB = 100;

    private final int entries;
    private final List<FootprintCase> cases;
    private final Optional<String> redisSkipped;
    private final String jvm;

    FootprintReport(int entries, List<FootprintCase> cases, Optional<String> redisSkipped, String jvm) {
        this.entries = entries;
        this.cases = List.copyOf(cases);
        this.redisSkipped = redisSkipped;
        this.jvm = jvm;
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("entries", entries);
        json.put("jvm", jvm);
        json.put("cases", cases.stream().map(FootprintCase::toJson).toList());
        redisSkipped.ifPresent(reason -> json.put("redis", "skipped: " + reason));
        json.put("fitsTarget", fitsTarget());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "### Memory per cached `GET /jobs` response (%,d entries)%n%n", entries));
        md.append("| Case | Payload B/entry | Caffeine weight B/entry | Heap after GC B/entry "
                + "| Redis used_memory B/entry | Overhead beyond payload B/entry | Total MB |\n");
        md.append("|---|--:|--:|--:|--:|--:|--:|\n");
        for (FootprintCase c : cases) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.1f |%n", c.name(),
                    bytes(c.payloadBytesPerEntry()), bytes(c.weightBytesPerEntry()), bytes(c.heapBytesPerEntry()),
                    bytes(c.usedMemoryBytesPerEntry()), bytes(c.overheadBytesPerEntry()), c.totalMB()));
        }
        md.append('\n');
        redisSkipped.ifPresent(reason -> md.append("**Redis was not measured: ").append(reason).append("**\n\n"));
        md.append(verdict()).append("\n\n");
        md.append("Payload is the stored body (gzip or identity). Heap is the JVM heap in use after full collections, "
                + "after minus before filling a fresh Caffeine store, so it counts keys, responses, headers, tags, "
                + "Caffeine's nodes and the local tag index. Redis is the growth of `used_memory`: the entry hashes "
                + "plus the tag-index sets (`jobs`, `jobs:user:<id>`) the store writes with them, and Redis' per-key "
                + "overhead. MB are 2^20 bytes, as `CACHE_MAX_MEMORY_MB` counts them. JVM: ").append(jvm)
                .append(".\n");
        return md.toString();
    }

    private String verdict() {
        Optional<FootprintCase> largest = cases.stream()
                .max((a, b) -> Double.compare(a.totalMBFor(TARGET_ENTRIES), b.totalMBFor(TARGET_ENTRIES)));
        if (largest.isEmpty()) {
            return "Nothing was measured.";
        }
        String extrapolated = entries == TARGET_ENTRIES ? "" : String.format(Locale.ROOT,
                " (extrapolated from %,d entries)", entries);
        return String.format(Locale.ROOT, "%,d cached responses fit in %.0f MB in every case: **%s**%s; the largest "
                        + "is %s at %.1f MB.", TARGET_ENTRIES, TARGET_MB, fitsTarget() ? "yes" : "no", extrapolated,
                largest.get().name(), largest.get().totalMBFor(TARGET_ENTRIES));
    }

    boolean fitsTarget() {
        return cases.stream().allMatch(c -> c.totalMBFor(TARGET_ENTRIES) <= TARGET_MB);
    }

    private static String bytes(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%,d", Math.round(value));
    }
}
