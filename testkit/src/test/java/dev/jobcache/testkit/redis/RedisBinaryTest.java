package dev.jobcache.testkit.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.model.OsArchitecture;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checks how {@link RedisBinary} chooses between a chosen executable, {@code PATH} and the embedded binary. */
class RedisBinaryTest {

    @TempDir
    Path temp;

    @Test
    void prefersTheRedisServerOnPath() throws IOException {
        Path onPath = executable(temp.resolve("bin").resolve("redis-server"));
        String path = temp.resolve("empty") + File.pathSeparator + onPath.getParent();

        Path resolved = RedisBinary.resolve("", path);

        assertThat(resolved).isEqualTo(onPath);
    }

    @Test
    void fallsBackToTheEmbeddedBinaryWhenPathHasNone() {
        Path resolved = RedisBinary.resolve("", temp.toString());

        assertThat(resolved).isEqualTo(RedisBinary.embedded());
        assertThat(resolved).isExecutable();
    }

    @Test
    void embeddedChoiceIgnoresPath() throws IOException {
        Path onPath = executable(temp.resolve("redis-server"));

        Path resolved = RedisBinary.resolve(RedisBinary.EMBEDDED, temp.toString());

        assertThat(resolved).isNotEqualTo(onPath).isEqualTo(RedisBinary.embedded());
    }

    @Test
    void extractsTheEmbeddedBinaryOncePerJvm() {
        Path first = RedisBinary.embedded();

        Path second = RedisBinary.embedded();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void usesAChosenExecutable() throws IOException {
        Path chosen = executable(temp.resolve("my-redis"));

        Path resolved = RedisBinary.resolve(chosen.toString(), "");

        assertThat(resolved).isEqualTo(chosen);
    }

    @Test
    void rejectsAChoiceThatIsNotAnExecutable() {
        assertThatThrownBy(() -> RedisBinary.resolve(temp.resolve("nothing").toString(), ""))
                .isInstanceOf(RedisServerException.class)
                .hasMessageContaining(RedisBinary.PROPERTY);
    }

    @Test
    void mapsLinuxAndMacOnX86AndArmToEmbeddedBinaries() {
        assertThat(RedisBinary.platform("Linux", "amd64")).isEqualTo(OsArchitecture.UNIX_x86_64);
        assertThat(RedisBinary.platform("Linux", "x86_64")).isEqualTo(OsArchitecture.UNIX_x86_64);
        assertThat(RedisBinary.platform("Linux", "aarch64")).isEqualTo(OsArchitecture.UNIX_AARCH64);
        assertThat(RedisBinary.platform("Mac OS X", "x86_64")).isEqualTo(OsArchitecture.MAC_OS_X_x86_64);
        assertThat(RedisBinary.platform("Mac OS X", "aarch64")).isEqualTo(OsArchitecture.MAC_OS_X_ARM64);
    }

    @Test
    void rejectsPlatformsWithoutAnEmbeddedBinary() {
        assertThatThrownBy(() -> RedisBinary.platform("Linux", "riscv64"))
                .isInstanceOf(RedisServerException.class)
                .hasMessageContaining("riscv64");
    }

    private static Path executable(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
