package dev.jobcache.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Case (f): {@code varnishd} in the foreground with {@code benchmarks/varnish/jobcache.vcl} in front of an origin,
 * 256 MB of malloc storage and a private work directory (so that it neither needs nor touches a system instance).
 */
final class VarnishProcess implements AutoCloseable {

    private final HttpProcess process;
    private final Path workDirectory;

    private VarnishProcess(HttpProcess process, Path workDirectory) {
        this.process = process;
        this.workDirectory = workDirectory;
    }

    static VarnishProcess start(ChildProcesses children, Workspace workspace, String name, int backendPort) {
        Path template = workspace.root().resolve("benchmarks/varnish/jobcache.vcl");
        Path vcl = workspace.file(name + ".vcl");
        Path workDirectory = workspace.file(name + "-workdir");
        try {
            Files.writeString(vcl, Files.readString(template, StandardCharsets.UTF_8)
                    .replace("${BACKEND_PORT}", Integer.toString(backendPort)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BenchmarkFailure("could not write the VCL from " + template + ": " + e.getMessage(), e);
        }
        int port = Workspace.freePort();
        List<String> command = new ArrayList<>(List.of("varnishd", "-F", "-a", "127.0.0.1:" + port, "-f", vcl.toString(),
                "-s", "malloc,256m", "-n", workDirectory.toString()));
        if (needsNoJail()) {
            command.addAll(List.of("-j", "none"));
        }
        HttpProcess process = HttpProcess.start(children, name, command, environment -> { }, workspace.directory(),
                port, "/health");
        return new VarnishProcess(process, workDirectory);
    }

    HttpProcess process() {
        return process;
    }

    /** {@code MAIN.cache_hit} and {@code MAIN.cache_miss} so far, from {@code varnishstat}. */
    Counts counts() {
        try {
            Process stat = new ProcessBuilder("varnishstat", "-1", "-n", workDirectory.toString(),
                    "-f", "MAIN.cache_hit", "-f", "MAIN.cache_miss").redirectErrorStream(true).start();
            String output = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            stat.waitFor();
            long hits = -1;
            long misses = -1;
            for (String line : output.split("\\R")) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length >= 2 && fields[0].equals("MAIN.cache_hit")) {
                    hits = Long.parseLong(fields[1]);
                } else if (fields.length >= 2 && fields[0].equals("MAIN.cache_miss")) {
                    misses = Long.parseLong(fields[1]);
                }
            }
            return new Counts(hits, misses);
        } catch (IOException | NumberFormatException e) {
            return new Counts(-1, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Counts(-1, -1);
        }
    }

    @Override
    public void close() {
        process.close();
    }

    /**
     * As root, varnishd drops privileges to the users the Debian package creates ({@code varnish}, {@code vcache});
     * without them it can only run unjailed.
     */
    private static boolean needsNoJail() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        try {
            List<String> passwd = Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8);
            boolean varnish = passwd.stream().anyMatch(line -> line.startsWith("varnish:"));
            boolean vcache = passwd.stream().anyMatch(line -> line.startsWith("vcache:"));
            return !(varnish && vcache);
        } catch (IOException e) {
            return true;
        }
    }

    /** Counters of varnishstat; -1 where it could not be read. */
    record Counts(long hits, long misses) {

        /** Hits per lookup since {@code earlier}; null when unknown. */
        Double hitRatioSince(Counts earlier) {
            if (hits < 0 || misses < 0 || earlier.hits < 0 || earlier.misses < 0) {
                return null;
            }
            long lookups = (hits - earlier.hits) + (misses - earlier.misses);
            return lookups == 0 ? null : (double) (hits - earlier.hits) / lookups;
        }
    }
}
