package dev.jobcache.adapters.jdbc;

import dev.jobcache.domain.job.Job;
import dev.jobcache.domain.job.JobFilter;
import dev.jobcache.domain.job.JobId;
import dev.jobcache.domain.job.JobNotFound;
import dev.jobcache.domain.job.JobStatus;
import dev.jobcache.domain.job.OwnerId;
import dev.jobcache.domain.job.Page;
import dev.jobcache.domain.job.PageCursor;
import dev.jobcache.domain.job.PageRequest;
import dev.jobcache.domain.port.JobRepository;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link JobRepository} on H2 or PostgreSQL. Obtained from {@link JdbcDatabase#jobRepository()}, which owns the
 * pool and has migrated the schema.
 *
 * <p>Job rows and result bytes are kept in two tables: listing reads only {@code jobs}, so a page of jobs costs
 * the same whether their results are empty or a megabyte each. Failures are thrown as unchecked exceptions that
 * name the operation and keep the {@link SQLException} as their cause.
 */
public final class JdbcJobRepository implements JobRepository {

    private static final String SELECT_BY_ID = "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE id = ?";
    private static final String COUNT_BY_STATUS = "SELECT status, COUNT(*) FROM jobs WHERE owner_id = ? GROUP BY status";
    private static final String DELETE = "DELETE FROM jobs WHERE id = ?";
    private static final String SELECT_RESULT = "SELECT content FROM job_results WHERE job_id = ?";

    private final Jdbc jdbc;
    private final SqlDialect dialect;
    private final String upsertJob;
    private final String upsertResult;
    private final String replaceJob;

    JdbcJobRepository(DataSource dataSource, SqlDialect dialect) {
        this.jdbc = new Jdbc(dataSource);
        this.dialect = dialect;
        this.upsertJob = dialect.upsert(JobRows.TABLE, JobRows.KEY, JobRows.COLUMNS, JobRows.COLUMN_COUNT);
        this.upsertResult = dialect.upsert("job_results", "job_id", "job_id, content", 2);
        this.replaceJob = "UPDATE " + JobRows.TABLE + " SET "
                + String.join(" = ?, ", JobRows.COLUMNS.split(",\\s*")) + " = ? WHERE id = ? AND updated_at = ?";
    }

    @Override
    public void save(Job job) {
        Objects.requireNonNull(job, "job");
        jdbc.run("save job " + job.id(), connection -> {
            try (PreparedStatement statement = connection.prepareStatement(upsertJob)) {
                JobRows.bind(statement, job);
                return statement.executeUpdate();
            }
        });
    }

    /** A conditional UPDATE: the row still carrying the expected {@code updated_at} is the compare-and-set. */
    @Override
    public boolean replace(Job expected, Job updated) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(updated, "updated");
        int rows = jdbc.run("replace job " + expected.id(), connection -> {
            try (PreparedStatement statement = connection.prepareStatement(replaceJob)) {
                JobRows.bind(statement, updated);
                statement.setString(JobRows.COLUMN_COUNT + 1, expected.id().value());
                JobRows.bindInstant(statement, JobRows.COLUMN_COUNT + 2, expected.updatedAt());
                return statement.executeUpdate();
            }
        });
        return rows == 1;
    }

    @Override
    public Optional<Job> find(JobId id) {
        return jdbc.run("find job " + id, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(SELECT_BY_ID)) {
                statement.setString(1, id.value());
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(JobRows.read(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Page<Job> list(OwnerId owner, JobFilter filter, PageRequest page) {
        JobListQuery query = JobListQuery.of(owner, filter, page);
        List<Job> window = jdbc.run("list the jobs of " + owner, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(query.sql())) {
                query.bind(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    List<Job> jobs = new ArrayList<>(query.fetchSize());
                    while (rows.next()) {
                        jobs.add(JobRows.read(rows));
                    }
                    return jobs;
                }
            }
        });
        if (window.size() <= page.limit()) {
            return Page.last(window);
        }
        List<Job> items = window.subList(0, page.limit());
        return new Page<>(items, Optional.of(PageCursor.after(items.get(items.size() - 1))),
                Optional.of(window.get(page.limit())));
    }

    /** A pooled connection that the driver finds valid within 2 s; waits for a free one as any query does. */
    @Override
    public boolean answers() {
        try {
            return jdbc.run("check that the database answers", connection -> connection.isValid(2));
        } catch (JdbcAccessException unreachable) {
            return false;
        }
    }

    @Override
    public Map<JobStatus, Long> countByStatus(OwnerId owner) {
        return jdbc.run("count the jobs of " + owner, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(COUNT_BY_STATUS)) {
                statement.setString(1, owner.value());
                try (ResultSet rows = statement.executeQuery()) {
                    Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
                    while (rows.next()) {
                        counts.put(JobStatus.valueOf(rows.getString(1)), rows.getLong(2));
                    }
                    return Map.copyOf(counts);
                }
            }
        });
    }

    /** The result goes with the job through the foreign key's {@code ON DELETE CASCADE}, in the same statement. */
    @Override
    public boolean delete(JobId id) {
        return jdbc.run("delete job " + id, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(DELETE)) {
                statement.setString(1, id.value());
                return statement.executeUpdate() > 0;
            }
        });
    }

    /** @throws JobNotFound when no job has this id; the foreign key refuses an orphan result */
    @Override
    public void saveResult(JobId id, byte[] content) {
        Objects.requireNonNull(content, "content");
        jdbc.run("save the result of job " + id, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(upsertResult)) {
                statement.setString(1, id.value());
                statement.setBytes(2, content);
                return statement.executeUpdate();
            } catch (SQLException e) {
                if (dialect.isMissingParent(e)) {
                    throw new JobNotFound(id.value());
                }
                throw e;
            }
        });
    }

    @Override
    public Optional<byte[]> loadResult(JobId id) {
        return jdbc.run("load the result of job " + id, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(SELECT_RESULT)) {
                statement.setString(1, id.value());
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.empty();
                }
            }
        });
    }
}
