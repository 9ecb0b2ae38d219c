package dev.jobcache.benchmarks.memory;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Bytes held per cached {@code GET /jobs} response, for the target of at most 100 MB for 10,000 cached
 * responses: Caffeine's weight and the JVM heap after GC for the in-process store, {@code used_memory} growth for
 * Redis, each with gzip-stored and uncompressed bodies, and the overhead per entry beyond the payload. The entries
 * are made as the service makes them (see {@link dev.jobcache.benchmarks.jmh.JobsEntries}): 100 users, each with
 * pages of 20 jobs, about 6 KB of JSON (1.8 KB gzip) per page.
 *
 * <p>Run as
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.jobcache.benchmarks.memory.MemoryFootprint \
 *     [--entries 10000] [--out footprint.json] [--markdown footprint.md]
 * </pre>
 * {@code -Xmx1g} leaves room for the uncompressed case with any collector; the heap must not be 32 GB or more
 * (compressed object pointers change every per-object figure), and explicit GC must stay enabled and full (no
 * {@code -XX:+DisableExplicitGC}, no {@code -XX:+ExplicitGCInvokesConcurrent}). {@code -XX:+UseSerialGC} gives
 * the steadiest heap readings; the default G1 reads within a few kilobytes of it. The Redis cases need a
 * {@code redis-server} (on the {@code PATH}, else the embedded one); without one they are skipped, loudly. It takes
 * some seconds per case.
 */
public final class MemoryFootprint {

    private static final int USERS = 100;

    private MemoryFootprint() {
    }

    public static void main(String[] args) throws IOException {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: MemoryFootprint [--entries N] [--out file.json] [--markdown file.md]");
            System.exit(2);
            return;
        }
        int entries = arguments.entries();
        List<FootprintCase> cases = new ArrayList<>();
        cases.add(CaffeineFootprint.measure("caffeine, gzip", entries, true, USERS));
        cases.add(CaffeineFootprint.measure("caffeine, uncompressed", entries, false, USERS));
        Optional<String> redisSkipped = Optional.empty();
        try {
            cases.addAll(RedisFootprint.measure(entries, USERS));
        } catch (RuntimeException e) {
            redisSkipped = Optional.of(e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
            System.err.println("!!! Redis cases SKIPPED: " + redisSkipped.get());
        }
        FootprintReport report = new FootprintReport(entries, cases, redisSkipped, jvm());
        String markdown = report.markdown();
        System.out.print(markdown);
        if (arguments.out() != null) {
            report.writeJson(arguments.out());
        }
        if (arguments.markdown() != null) {
            Files.writeString(arguments.markdown(), markdown);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "(no message)" : message.lines().findFirst().orElse("");
    }

    private static String jvm() {
        var runtime = ManagementFactory.getRuntimeMXBean();
        String collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", "));
        return String.format("%s %s, max heap %d MB, collectors %s, options %s", runtime.getVmName(),
                runtime.getVmVersion(), Runtime.getRuntime().maxMemory() / (1024 * 1024), collectors,
                runtime.getInputArguments());
    }

    /** The command line: {@code --entries N}, {@code --out file}, {@code --markdown file}, each optional. */
    record Arguments(int entries, Path out, Path markdown) {

        static Arguments parse(String[] args) {
            int entries = FootprintReport.TARGET_ENTRIES;
            Path out = null;
            Path markdown = null;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--entries" -> entries = positive(value);
                    case "--out" -> out = path(value, "--out");
                    case "--markdown" -> markdown = path(value, "--markdown");
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
                i++;
            }
            return new Arguments(entries, out, markdown);
        }

        private static int positive(String value) {
            try {
                int n = Integer.parseInt(value);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--entries needs a positive whole number, was " + value);
        }

        private static Path path(String value, String option) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a file name");
            }
            return Path.of(value);
        }
    }
}
