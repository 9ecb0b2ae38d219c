package dev.jobcache.domain.job;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * A unit of work submitted by one user. Immutable: every change returns a new {@code Job}, and the state machine of
 * {@link JobStatus} is enforced here so that no adapter or use case can skip it.
 *
 * @param input  the client's input as JSON text, stored and returned as given
 * @param result metadata of the uploaded result, {@code null} until one is uploaded
 * @param error  why the job failed, {@code null} unless it did
 */
public record Job(
        JobId id,
        OwnerId owner,
        String type,
        String input,
        JobStatus status,
        int progress,
        Instant createdAt,
        Instant updatedAt,
        JobResult result,
        String error) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (progress < 0 || progress > 100) {
            throw new IllegalArgumentException("progress must be between 0 and 100");
        }
    }

    /** A new job, queued, with no progress. */
    public static Job submit(JobId id, OwnerId owner, String type, String input, Instant now) {
        return new Job(id, owner, type, input, JobStatus.QUEUED, 0, now, now, null, null);
    }

    public boolean isOwnedBy(OwnerId candidate) {
        return owner.equals(candidate);
    }

    public Optional<JobResult> resultIfUploaded() {
        return Optional.ofNullable(result);
    }

    /**
     * Moves the job to {@code next}. A completed job has progress 100; a failed job keeps the error it was given.
     *
     * @throws IllegalJobTransition when the state machine does not allow the move
     */
    public Job moveTo(JobStatus next, Integer newProgress, String newError, Instant now) {
        Objects.requireNonNull(next, "next");
        if (!status.canMoveTo(next)) {
            throw new IllegalJobTransition(status, next,
                    "a " + status + " job cannot become " + next + "; allowed: " + status.allowedNext());
        }
        int progressAfter = next == JobStatus.COMPLETED ? 100 : newProgress != null ? newProgress : progress;
        String errorAfter = next == JobStatus.FAILED ? newError : null;
        return new Job(id, owner, type, input, next, progressAfter, createdAt, after(now), result, errorAfter);
    }

    /**
     * Records an uploaded result. Results belong to a job that is running or completed; a queued, failed or
     * cancelled job has none.
     */
    public Job withResult(JobResult uploaded, Instant now) {
        Objects.requireNonNull(uploaded, "uploaded");
        if (status != JobStatus.RUNNING && status != JobStatus.COMPLETED) {
            throw new IllegalJobTransition(status, status, "a result can only be uploaded for a RUNNING or COMPLETED job, this one is " + status);
        }
        return new Job(id, owner, type, input, status, progress, createdAt, after(now), uploaded, error);
    }

    /**
     * The time of a change: {@code now}, or a microsecond after the previous change when the clock has not moved on,
     * so that every change has its own {@code updatedAt} (repositories compare it to detect concurrent writes).
     */
    private Instant after(Instant now) {
        return now.isAfter(updatedAt) ? now : updatedAt.plus(1, ChronoUnit.MICROS);
    }
}
