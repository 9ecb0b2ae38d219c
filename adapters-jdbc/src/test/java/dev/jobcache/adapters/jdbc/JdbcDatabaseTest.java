package dev.jobcache.adapters.jdbc;

import dev.jobcache.domain.job.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;

import static dev.jobcache.domain.job.JobStatus.COMPLETED;
import static dev.jobcache.testkit.fixture.Jobs.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests {@link JdbcDatabase}: opening, migrating and closing an embedded H2 file database, and bad URLs. */
class JdbcDatabaseTest {

    @TempDir
    Path directory;

    @Test
    void keepsJobsAndResultsAcrossARestart() {
        String url = fileUrl();
        Job job = aJob().withStatus(COMPLETED).build();
        try (JdbcDatabase database = JdbcDatabase.open(url)) {
            database.jobRepository().save(job);
            database.jobRepository().saveResult(job.id(), new byte[] {4, 2});
        }

        try (JdbcDatabase reopened = JdbcDatabase.open(url)) {

            assertThat(reopened.jobRepository().find(job.id())).contains(job);
            assertThat(reopened.jobRepository().loadResult(job.id()))
                    .hasValueSatisfying(content -> assertThat(content).containsExactly(4, 2));
        }
    }

    @Test
    void opensAnAlreadyMigratedDatabaseAgain() {
        String url = fileUrl();
        JdbcDatabase.open(url).close();

        try (JdbcDatabase again = JdbcDatabase.open(url)) {

            assertThat(again.jobRepository().find(aJob().build().id())).isEmpty();
        }
    }

    @Test
    void refusesAUrlOfAnUnsupportedDatabaseWithoutEchoingIt() {
        String url = "jdbc:mysql://db.example/jobs?password=secret";

        assertThatThrownBy(() -> JdbcDatabase.open(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:h2:")
                .hasMessageNotContaining("secret");
    }

    @Test
    void reportsAFailedOperationByNameWithTheSqlExceptionAsCause() {
        JdbcDatabase database = JdbcDatabase.open(fileUrl());
        database.close();
        Job job = aJob().build();

        assertThatThrownBy(() -> database.jobRepository().save(job))
                .isInstanceOf(JdbcAccessException.class)
                .hasMessageContaining("could not save job " + job.id())
                .hasCauseInstanceOf(SQLException.class);
    }

    @Test
    void saysAuthenticationFailedWhenTheDatabaseRefusesThePasswordWithoutRepeatingIt() {
        String url = fileUrl();
        JdbcDatabase.open(url, "jobs", "right-password").close();

        assertThatThrownBy(() -> JdbcDatabase.open(url, "jobs", "wrong-password"))
                .isInstanceOf(JdbcAccessException.class)
                .hasMessageStartingWith("could not connect to the H2 job database: authentication failed (")
                .hasMessageNotContaining("wrong-password");
    }

    @Test
    void saysAPostgresqlServerIsNotReachableWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        int closed = port;

        assertThatThrownBy(() -> JdbcDatabase.open("jdbc:postgresql://127.0.0.1:" + closed + "/jobs", "jobs", "secret"))
                .isInstanceOf(JdbcAccessException.class)
                .hasMessageStartingWith("could not connect to the PostgreSQL job database: not reachable (")
                .hasMessageContaining("127.0.0.1:" + closed)
                .hasMessageNotContaining("secret");
    }

    @Test
    void saysThePostgresqlHostDoesNotResolve() {
        assertThatThrownBy(() -> JdbcDatabase.open("jdbc:postgresql://no-such-host.invalid/jobs", "jobs", "secret"))
                .isInstanceOf(JdbcAccessException.class)
                .hasMessageStartingWith("could not connect to the PostgreSQL job database: the host does not resolve (")
                .hasMessageNotContaining("secret");
    }

    private String fileUrl() {
        return "jdbc:h2:file:" + directory.resolve("data").resolve("jobcache");
    }
}
