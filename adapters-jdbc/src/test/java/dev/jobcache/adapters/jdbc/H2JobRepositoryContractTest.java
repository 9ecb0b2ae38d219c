package dev.jobcache.adapters.jdbc;

import dev.jobcache.domain.port.JobRepository;
import dev.jobcache.testkit.contract.JobRepositoryContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Runs {@link JobRepositoryContract} against {@link JdbcJobRepository} on an embedded H2 file database per test. */
class H2JobRepositoryContractTest extends JobRepositoryContract {

    @TempDir
    Path directory;

    private JdbcDatabase database;

    @Override
    protected JobRepository newRepository() {
        database = JdbcDatabase.open("jdbc:h2:file:" + directory.resolve("jobcache"));
        return database.jobRepository();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
