package dev.jobcache.testkit.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The embedded redis-server for tests that check a topology also forms without one on {@code PATH}. */
final class EmbeddedBinary {

    private EmbeddedBinary() {
    }

    /** The extracted binary; skips the test, loudly, on a machine where it cannot run. */
    static Path assumeRunnable(String test) {
        Path binary = RedisBinary.embedded();
        String problem = null;
        try {
            Process version = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            byte[] output = version.getInputStream().readAllBytes();
            if (!version.waitFor(10, TimeUnit.SECONDS) || version.exitValue() != 0) {
                version.destroyForcibly();
                problem = new String(output, StandardCharsets.UTF_8).strip();
            }
        } catch (IOException e) {
            problem = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = e.toString();
        }
        if (problem != null) {
            System.out.println("!!!!!!!! SKIPPING " + test + ": the embedded redis-server " + binary
                    + " cannot run on this machine: " + problem + " !!!!!!!!");
        }
        assumeTrue(problem == null, "the embedded redis-server cannot run here: " + problem);
        return binary;
    }
}
