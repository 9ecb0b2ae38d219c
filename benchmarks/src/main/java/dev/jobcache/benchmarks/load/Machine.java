package dev.jobcache.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** What the figures were measured on: the machine and the version of everything that took part. */
record Machine(int cores, String cpu, String memory, String os, String java, String jobcache, String wrk,
               String varnish, String redis, String postgres) {

    /** Everything but jobcache's version (asked from the running service) and PostgreSQL's (asked over JDBC). */
    static Machine describe() {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                cpuModel(),
                totalMemory(),
                osRelease() + ", Linux " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                "unknown",
                firstLine("wrk", "-v").replaceAll("\\s*Copyright.*$", ""),
                firstLine("varnishd", "-V"),
                firstLine("redis-server", "--version"),
                "not used");
    }

    Machine withJobcache(String version) {
        return new Machine(cores, cpu, memory, os, java, version, wrk, varnish, redis, postgres);
    }

    Machine withPostgres(String version) {
        return new Machine(cores, cpu, memory, os, java, jobcache, wrk, varnish, redis, version);
    }

    private static String cpuModel() {
        return readLines("/proc/cpuinfo").stream()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst().orElse(System.getProperty("os.arch"));
    }

    private static String totalMemory() {
        return readLines("/proc/meminfo").stream()
                .filter(line -> line.startsWith("MemTotal:"))
                .map(line -> line.replaceAll("[^0-9]", ""))
                .map(kb -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb) / 1024.0 / 1024.0))
                .findFirst().orElse("unknown");
    }

    private static String osRelease() {
        return readLines("/etc/os-release").stream()
                .filter(line -> line.startsWith("PRETTY_NAME="))
                .map(line -> line.substring("PRETTY_NAME=".length()).replace("\"", ""))
                .findFirst().orElse(System.getProperty("os.name"));
    }

    private static List<String> readLines(String file) {
        try {
            return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The first line a command prints, whatever its exit code ({@code wrk -v} exits with 1). */
    static String firstLine(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            return output.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "not found (" + command[0] + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
