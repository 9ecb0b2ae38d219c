package dev.archfixture.good.adapters.jdbc;

import dev.archfixture.good.domain.job.Job;
import dev.archfixture.good.domain.port.JobRepository;

import java.util.Optional;

import javax.sql.DataSource;

/** Fixture: an adapter named Technology + Port, using JDBC. */
public final class JdbcJobRepository implements JobRepository {

    private final DataSource dataSource;

    public JdbcJobRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<Job> find(String id) {
        return Optional.ofNullable(dataSource).map(ds -> new Job(id));
    }
}
