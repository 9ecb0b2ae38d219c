package dev.jobcache.adapters.jdbc;

import dev.jobcache.domain.job.JobFilter;
import dev.jobcache.domain.job.JobStatus;
import dev.jobcache.domain.job.OwnerId;
import dev.jobcache.domain.job.PageCursor;
import dev.jobcache.domain.job.PageRequest;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One page of an owner's jobs as a keyset query: rows strictly after the cursor in {@code (created_at DESC, id
 * DESC)} order, one row more than the limit so the caller can tell whether a next page exists. Unlike OFFSET, the
 * cost does not grow with the page number and jobs created meanwhile do not shift later pages.
 */
record JobListQuery(OwnerId owner, Optional<JobStatus> status, Optional<PageCursor> after, int fetchSize) {

    static JobListQuery of(OwnerId owner, JobFilter filter, PageRequest page) {
        return new JobListQuery(owner, filter.status(), page.after(), page.limit() + 1);
    }

    String sql() {
        StringBuilder sql = new StringBuilder("SELECT ").append(JobRows.COLUMNS)
                .append(" FROM ").append(JobRows.TABLE).append(" WHERE owner_id = ?");
        status.ifPresent(s -> sql.append(" AND status = ?"));
        // The redundant "created_at <= ?" gives both planners a range bound on the index's second column;
        // the OR alone would make PostgreSQL filter rather than seek.
        after.ifPresent(c -> sql.append(" AND created_at <= ? AND (created_at < ? OR id < ?)"));
        return sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?").toString();
    }

    void bind(PreparedStatement statement) throws SQLException {
        int index = 1;
        statement.setString(index++, owner.value());
        if (status.isPresent()) {
            statement.setString(index++, status.get().name());
        }
        if (after.isPresent()) {
            PageCursor cursor = after.get();
            JobRows.bindInstant(statement, index++, cursor.createdAt());
            JobRows.bindInstant(statement, index++, cursor.createdAt());
            statement.setString(index++, cursor.id().value());
        }
        statement.setInt(index, fetchSize);
    }
}
