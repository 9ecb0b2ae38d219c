package dev.jobcache.benchmarks.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a run keeps its files (a fresh temporary directory: databases, logs, generated scripts) and what it runs
 * children with (the same {@code java} as itself, the benchmarks jar it was started from).
 */
final class Workspace {

    /** The JVM flags of every JVM case, service and bare endpoint alike, so that they compare like with like. */
    static final List<String> JVM_FLAGS = List.of("-Xms1g", "-Xmx1g");

    private final Path root;
    private final Path directory;
    private final Path java;
    private final Path benchmarksJar;

    private Workspace(Path root, Path directory, Path java, Path benchmarksJar) {
        this.root = root;
        this.directory = directory;
        this.java = java;
        this.benchmarksJar = benchmarksJar;
    }

    static Workspace create(Path root) {
        try {
            // world-readable and traversable: varnishd's worker runs as another user and needs its work directory
            Path directory = Files.createTempDirectory("jobcache-bench-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Path java = ProcessHandle.current().info().command().map(Path::of)
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
            Path jar = Path.of(Workspace.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new Workspace(root, directory, java, jar);
        } catch (IOException | URISyntaxException e) {
            throw new BenchmarkFailure("could not create a temporary directory: " + e.getMessage(), e);
        }
    }

    Path root() {
        return root;
    }

    Path directory() {
        return directory;
    }

    Path file(String name) {
        return directory.resolve(name);
    }

    Path benchmarksJar() {
        return benchmarksJar;
    }

    /** {@code java <JVM_FLAGS> <rest>}. */
    List<String> jvm(String... rest) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(JVM_FLAGS);
        command.addAll(List.of(rest));
        return command;
    }

    /** {@code java <rest>}, for tools that bring their own flags. */
    List<String> java(String... rest) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(List.of(rest));
        return command;
    }

    /** A port of 127.0.0.1 that was free a moment ago. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new BenchmarkFailure("could not find a free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }
}
