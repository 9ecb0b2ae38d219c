package dev.jobcache.adapters.jdbc;

import dev.jobcache.domain.job.Job;
import dev.jobcache.domain.job.JobId;
import dev.jobcache.domain.job.JobResult;
import dev.jobcache.domain.job.JobStatus;
import dev.jobcache.domain.job.OwnerId;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Maps a {@link Job} to a row of {@code jobs} and back. The result's metadata is flattened into nullable columns. */
final class JobRows {

    static final String TABLE = "jobs";
    static final String KEY = "id";
    static final String COLUMNS = "id, owner_id, type, input, status, progress, created_at, updated_at, "
            + "result_content_type, result_size_bytes, result_sha256, result_uploaded_at, error";
    static final int COLUMN_COUNT = 13;

    private JobRows() {
    }

    /** Binds the job to parameters 1..{@link #COLUMN_COUNT}, in {@link #COLUMNS} order. */
    static void bind(PreparedStatement statement, Job job) throws SQLException {
        statement.setString(1, job.id().value());
        statement.setString(2, job.owner().value());
        statement.setString(3, job.type());
        statement.setString(4, job.input());
        statement.setString(5, job.status().name());
        statement.setInt(6, job.progress());
        bindInstant(statement, 7, job.createdAt());
        bindInstant(statement, 8, job.updatedAt());
        JobResult result = job.result();
        if (result == null) {
            statement.setNull(9, Types.VARCHAR);
            statement.setNull(10, Types.BIGINT);
            statement.setNull(11, Types.VARCHAR);
            statement.setNull(12, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setString(9, result.contentType());
            statement.setLong(10, result.sizeBytes());
            statement.setString(11, result.sha256());
            bindInstant(statement, 12, result.uploadedAt());
        }
        statement.setString(13, job.error());
    }

    static Job read(ResultSet row) throws SQLException {
        Instant uploadedAt = readInstant(row, "result_uploaded_at");
        JobResult result = uploadedAt == null ? null : new JobResult(
                row.getString("result_content_type"),
                row.getLong("result_size_bytes"),
                row.getString("result_sha256"),
                uploadedAt);
        return new Job(
                new JobId(row.getString("id")),
                new OwnerId(row.getString("owner_id")),
                row.getString("type"),
                row.getString("input"),
                JobStatus.valueOf(row.getString("status")),
                row.getInt("progress"),
                readInstant(row, "created_at"),
                readInstant(row, "updated_at"),
                result,
                row.getString("error"));
    }

    /**
     * Both databases keep microseconds. Truncating here, rather than letting the server round, means a stored
     * time never moves later than the job's own, and a cursor is compared at the precision it was stored with.
     */
    static void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setObject(index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    private static Instant readInstant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
