package dev.jobcache.benchmarks.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The command line of {@code benchmarks/run}, with its defaults. */
record Options(
        int durationSeconds,
        int warmupSeconds,
        int runs,
        int connections,
        int threads,
        boolean quick,
        Path jar,
        List<Route> routes,
        boolean skipPostgres,
        Path out,
        boolean jmh) {

    static final String USAGE = """
            usage: benchmarks/run [--no-build] [options]
              --duration S      seconds of each measured run (default 10)
              --warmup S        seconds of warm-up before the measured runs of each case (default 15: the JIT
                                of the JVM cases is still compiling after 5)
              --runs N          measured runs per case; the median is reported (default 3)
              --connections C   wrk connections (default 32)
              --threads T       wrk threads (default 1)
              --quick           1 run of 2 s after a 2 s warm-up, for development (explicit options still win)
              --jar PATH        the service jar (default bootstrap/target/jobcache.jar)
              --routes LIST     jobs and/or job, comma-separated (default jobs); job = /jobs/{id} over 4 ids per user
              --skip-postgres   do not use PostgreSQL even when it answers
              --out DIR         where results.md and results.json go (default benchmarks/results)
              --jmh             afterwards run benchmarks/micro (JMH) and embed its jmh.md
            """;

    /**
     * @param root the repository root, against which the defaults are resolved
     * @param cwd  the caller's working directory, against which the paths given on the command line are resolved
     * @throws IllegalArgumentException with a message fit for the user
     */
    static Options parse(String[] args, Path root, Path cwd) {
        Integer duration = null;
        Integer warmup = null;
        Integer runs = null;
        int connections = 32;
        int threads = 1;
        boolean quick = false;
        Path jar = root.resolve("bootstrap/target/jobcache.jar");
        List<Route> routes = List.of(Route.JOBS);
        boolean skipPostgres = false;
        Path out = root.resolve("benchmarks/results");
        boolean jmh = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--duration" -> duration = positive(arg, value(args, ++i, arg));
                case "--warmup" -> warmup = nonNegative(arg, value(args, ++i, arg));
                case "--runs" -> runs = positive(arg, value(args, ++i, arg));
                case "--connections" -> connections = positive(arg, value(args, ++i, arg));
                case "--threads" -> threads = positive(arg, value(args, ++i, arg));
                case "--quick" -> quick = true;
                case "--jar" -> jar = cwd.resolve(value(args, ++i, arg)).normalize();
                case "--routes" -> routes = routes(value(args, ++i, arg));
                case "--skip-postgres" -> skipPostgres = true;
                case "--out" -> out = cwd.resolve(value(args, ++i, arg)).normalize();
                case "--jmh" -> jmh = true;
                // benchmarks/run handles it; accepted here too so that the script may pass everything through
                case "--no-build" -> { }
                case "-h", "--help" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (threads > connections) {
            throw new IllegalArgumentException("--threads " + threads + " is more than --connections " + connections
                    + "; wrk needs at least one connection per thread");
        }
        return new Options(
                duration != null ? duration : quick ? 2 : 10,
                warmup != null ? warmup : quick ? 2 : 15,
                runs != null ? runs : quick ? 1 : 3,
                connections, threads, quick, jar, routes, skipPostgres, out, jmh);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int positive(String option, String raw) {
        int value = integer(option, raw);
        if (value < 1) {
            throw new IllegalArgumentException(option + " " + raw + ": expected a whole number of at least 1");
        }
        return value;
    }

    private static int nonNegative(String option, String raw) {
        int value = integer(option, raw);
        if (value < 0) {
            throw new IllegalArgumentException(option + " " + raw + ": expected a whole number of at least 0");
        }
        return value;
    }

    private static int integer(String option, String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + raw + ": expected a whole number");
        }
    }

    private static List<Route> routes(String raw) {
        List<Route> routes = new ArrayList<>();
        for (String name : raw.split(",")) {
            Route route = Route.named(name.trim().toLowerCase(Locale.ROOT));
            if (!routes.contains(route)) {
                routes.add(route);
            }
        }
        return List.copyOf(routes);
    }
}
