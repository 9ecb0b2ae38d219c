package dev.jobcache.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The programs another helper owns whose output the report includes: the memory footprint main and the JMH script.
 * A missing or failing one is reported as such and the run goes on.
 */
final class ExternalRuns {

    static final String MEMORY_MAIN = "dev.jobcache.benchmarks.memory.MemoryFootprint";
    private static final long MEMORY_TIMEOUT_MINUTES = 20;
    private static final long JMH_TIMEOUT_MINUTES = 120;

    private ExternalRuns() {
    }

    /** {@code java -Xmx1g -cp benchmarks.jar MemoryFootprint --out <json> --markdown <md>}, in its own JVM. */
    static Embedded memory(ChildProcesses children, Workspace workspace) {
        try {
            Class.forName(MEMORY_MAIN, false, ExternalRuns.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return Embedded.missing(MEMORY_MAIN + " is not in " + workspace.benchmarksJar() + " yet");
        }
        Path json = workspace.file("memory.json");
        Path markdown = workspace.file("memory.md");
        Path log = workspace.file("memory.log");
        System.out.println("memory footprint: running " + MEMORY_MAIN + " (log: " + log + ")");
        ProcessBuilder builder = new ProcessBuilder(workspace.java("-Xmx1g", "-cp", workspace.benchmarksJar().toString(),
                MEMORY_MAIN, "--out", json.toString(), "--markdown", markdown.toString()))
                .directory(workspace.directory().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        String failure = run(children, builder, MEMORY_TIMEOUT_MINUTES, "the memory footprint");
        if (failure != null) {
            return Embedded.failed(failure + "; last lines of its log: " + tail(log));
        }
        return read(markdown, json, "the memory footprint");
    }

    /**
     * {@code benchmarks/micro} with its defaults, writing {@code jmh.md} and {@code jmh.json} next to results.md
     * ({@code MICRO_RESULTS}); its output is shown as it runs.
     */
    static Embedded jmh(ChildProcesses children, Workspace workspace, Path results) {
        Path script = workspace.root().resolve("benchmarks/micro");
        if (!Files.isExecutable(script)) {
            return Embedded.missing(script + " is not there (or not executable) yet");
        }
        System.out.println("JMH: running " + script + " (results in " + results + ")");
        ProcessBuilder builder = new ProcessBuilder(List.of(script.toString()))
                .directory(workspace.root().toFile())
                .inheritIO();
        builder.environment().put("MICRO_RESULTS", results.toString());
        String failure = run(children, builder, JMH_TIMEOUT_MINUTES, "benchmarks/micro");
        if (failure != null) {
            return Embedded.failed(failure);
        }
        // JMH's JSON holds every raw sample: results.json names the file instead of copying it
        Embedded jmh = read(results.resolve("jmh.md"), null, "benchmarks/micro");
        return jmh.status().equals("ok")
                ? new Embedded("ok", "JSON in " + results.resolve("jmh.json"), jmh.markdown(), null) : jmh;
    }

    /** @return null on success, else what went wrong */
    private static String run(ChildProcesses children, ProcessBuilder builder, long timeoutMinutes, String what) {
        Process process = children.start(builder, what);
        try {
            if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                children.stop(process);
                return what + " did not finish within " + timeoutMinutes + " minutes";
            }
            children.stop(process);
            return process.exitValue() == 0 ? null : what + " exited with " + process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            children.stop(process);
            return "interrupted";
        }
    }

    private static Embedded read(Path markdown, Path json, String what) {
        try {
            String md = Files.isRegularFile(markdown) ? Files.readString(markdown, StandardCharsets.UTF_8) : null;
            JsonNode node = json != null && Files.isRegularFile(json) ? Json.parse(Files.readString(json, StandardCharsets.UTF_8), json.toString()) : null;
            if (md == null) {
                return Embedded.failed(what + " succeeded but wrote no " + markdown);
            }
            return new Embedded("ok", "", md, node);
        } catch (IOException | BenchmarkFailure e) {
            return Embedded.failed("could not read the output of " + what + ": " + e.getMessage());
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(unreadable)";
        }
    }
}
