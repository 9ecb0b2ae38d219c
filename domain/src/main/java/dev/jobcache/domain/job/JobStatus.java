package dev.jobcache.domain.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * A job's lifecycle: {@code QUEUED → RUNNING → COMPLETED | FAILED}, and {@code QUEUED | RUNNING → CANCELLED}.
 * COMPLETED, FAILED and CANCELLED are final. Staying in the same non-final status is allowed so that progress
 * updates of a running job are ordinary status changes.
 */
public enum JobStatus {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public boolean canMoveTo(JobStatus next) {
        return allowedNext().contains(next);
    }

    public Set<JobStatus> allowedNext() {
        return switch (this) {
            case QUEUED -> EnumSet.of(QUEUED, RUNNING, CANCELLED);
            case RUNNING -> EnumSet.of(RUNNING, COMPLETED, FAILED, CANCELLED);
            case COMPLETED, FAILED, CANCELLED -> EnumSet.noneOf(JobStatus.class);
        };
    }
}
