package dev.jobcache.testkit.redis;

import redis.embedded.core.ExecutableProvider;
import redis.embedded.model.OsArchitecture;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;

/** Finds the redis-server executable: a chosen one, the one on {@code PATH}, else the one embedded-redis ships. */
final class RedisBinary {

    /**
     * System property that overrides the search: {@code embedded} forces the binary from the embedded-redis jar,
     * a path names an executable, and {@code path} or nothing means {@code PATH} first, then the embedded one.
     */
    static final String PROPERTY = "jobcache.redis.binary";

    static final String EMBEDDED = "embedded";

    private static final String EXECUTABLE = "redis-server";

    // guarded by RedisBinary.class; extracted at most once per JVM because the binary is about 10 MB
    private static Path extracted;

    private RedisBinary() {
    }

    /** The executable to run, chosen by {@link #PROPERTY} and the {@code PATH} environment variable. */
    static Path resolve() {
        return resolve(System.getProperty(PROPERTY, ""), System.getenv("PATH"));
    }

    static Path resolve(String choice, String pathVariable) {
        String trimmed = choice == null ? "" : choice.trim();
        if (trimmed.equals(EMBEDDED)) {
            return embedded();
        }
        if (!trimmed.isEmpty() && !trimmed.equals("path")) {
            Path chosen = Path.of(trimmed);
            if (!Files.isRegularFile(chosen) || !Files.isExecutable(chosen)) {
                throw new RedisServerException(PROPERTY + "=" + trimmed + ": expected 'embedded', 'path' or an executable file");
            }
            return chosen;
        }
        return onPath(pathVariable).orElseGet(RedisBinary::embedded);
    }

    static Optional<Path> onPath(String pathVariable) {
        if (pathVariable == null || pathVariable.isBlank()) {
            return Optional.empty();
        }
        for (String directory : pathVariable.split(File.pathSeparator)) {
            if (directory.isBlank()) {
                continue;
            }
            Path candidate = Path.of(directory, EXECUTABLE);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The binary from the embedded-redis jar for this OS and CPU, copied to an executable temporary file on first use
     * and deleted when the JVM exits. The resource name comes from the library's own table, so a library upgrade that
     * renames its binaries needs no change here; the platform is detected from system properties rather than with
     * the library's detection, which forks {@code uname}.
     */
    static synchronized Path embedded() {
        if (extracted != null && Files.isExecutable(extracted)) {
            return extracted;
        }
        OsArchitecture platform = platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        String resource = ExecutableProvider.newProvidedVersionsMap().get(platform);
        if (resource == null) {
            throw new RedisServerException("embedded-redis ships no redis-server for " + describe(platform));
        }
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        try (InputStream in = ExecutableProvider.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new RedisServerException("resource " + name + " is missing from the embedded-redis jar");
            }
            Path target = Files.createTempFile("jobcache-redis-server-", "");
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
            target.toFile().deleteOnExit();
            extracted = target;
            return target;
        } catch (IOException e) {
            throw new RedisServerException("could not extract " + name + " from the embedded-redis jar", e);
        } catch (UnsupportedOperationException e) {
            throw new RedisServerException("cannot mark an extracted redis-server executable on a non-POSIX file system", e);
        }
    }

    static OsArchitecture platform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean x86_64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        if (os.contains("linux") && x86_64) {
            return OsArchitecture.UNIX_x86_64;
        }
        if (os.contains("linux") && arm64) {
            return OsArchitecture.UNIX_AARCH64;
        }
        if (os.contains("mac") && x86_64) {
            return OsArchitecture.MAC_OS_X_x86_64;
        }
        if (os.contains("mac") && arm64) {
            return OsArchitecture.MAC_OS_X_ARM64;
        }
        throw new RedisServerException("no embedded redis-server for os.name=" + osName + ", os.arch=" + osArch
                + "; put redis-server on PATH or set -D" + PROPERTY + "=/path/to/redis-server");
    }

    private static String describe(OsArchitecture platform) {
        return platform.os + "/" + platform.arch;
    }
}
