package dev.jobcache.adapters.jdbc;

import dev.jobcache.domain.job.Job;
import dev.jobcache.domain.port.JobRepository;
import dev.jobcache.testkit.contract.JobRepositoryContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import static dev.jobcache.testkit.fixture.Jobs.aJob;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@link JobRepositoryContract} against {@link JdbcJobRepository} on the local PostgreSQL, in a fresh schema
 * per test. Skipped, loudly, when no PostgreSQL answers on 127.0.0.1:5432.
 */
class PostgresJobRepositoryContractTest extends JobRepositoryContract {

    private static final String SERVER = "127.0.0.1:5432";
    private static final String URL = "jdbc:postgresql://" + SERVER + "/test";
    private static final List<String> CANDIDATE_USERS = List.of("postgres", "root");

    private static String user;

    private String schema;
    private JdbcDatabase database;

    @BeforeAll
    static void findAUserThatCanConnect() {
        user = CANDIDATE_USERS.stream().filter(PostgresJobRepositoryContractTest::canConnectAs).findFirst().orElse(null);
        if (user == null) {
            String line = "*** SKIPPED: PostgreSQL not reachable at " + SERVER
                    + " — JdbcJobRepository PostgreSQL contract NOT run ***";
            System.out.println(line);
            System.err.println(line);
        }
        Assumptions.assumeTrue(user != null, "PostgreSQL not reachable at " + SERVER + " as " + CANDIDATE_USERS);
    }

    @Override
    protected JobRepository newRepository() {
        schema = "jobcache_test_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
        admin("CREATE SCHEMA " + schema);
        database = openInSchema();
        return database.jobRepository();
    }

    @AfterEach
    void dropSchema() {
        if (database != null) {
            database.close();
        }
        admin("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    @Test
    void opensAnAlreadyMigratedSchemaAgainAndKeepsItsJobs() {
        Job job = aJob().build();
        database.jobRepository().save(job);

        try (JdbcDatabase again = openInSchema()) {
            assertThat(again.jobRepository().find(job.id())).isEqualTo(Optional.of(job));
        }
    }

    private JdbcDatabase openInSchema() {
        return JdbcDatabase.open(URL + "?currentSchema=" + schema, user, null);
    }

    private static boolean canConnectAs(String candidate) {
        try (Connection connection = DriverManager.getConnection(URL, credentials(candidate))) {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(URL, credentials(user));
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run: " + sql, e);
        }
    }

    private static Properties credentials(String name) {
        Properties properties = new Properties();
        properties.setProperty("user", name);
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("loginTimeout", "5");
        return properties;
    }
}
