package dev.jobcache.domain.port;

import dev.jobcache.domain.job.Job;
import dev.jobcache.domain.job.JobFilter;
import dev.jobcache.domain.job.JobId;
import dev.jobcache.domain.job.JobStatus;
import dev.jobcache.domain.job.OwnerId;
import dev.jobcache.domain.job.Page;
import dev.jobcache.domain.job.PageRequest;

import java.util.Map;
import java.util.Optional;

/**
 * Where jobs and their results are kept, durably.
 *
 * <p>Thread-safe. A method that returns has made its write durable and visible to every later read, from any
 * instance sharing the store: the application relies on that to invalidate caches after a write. Failures throw
 * {@link RuntimeException}s, which are real errors (no fail-open here).
 */
public interface JobRepository {

    /** Inserts the job, or replaces the job with the same id. */
    void save(Job job);

    /**
     * Replaces {@code expected} with {@code updated} only if the stored job is still {@code expected} (same
     * {@code updatedAt}): two writers that read the same job cannot both write, and a deleted job stays deleted.
     *
     * @return false when the job changed or was deleted since {@code expected} was read
     */
    boolean replace(Job expected, Job updated);

    Optional<Job> find(JobId id);

    /** The owner's jobs that pass {@code filter}, newest first ({@code createdAt}, then id, descending). */
    Page<Job> list(OwnerId owner, JobFilter filter, PageRequest page);

    /** How many jobs the owner has in each status; statuses with none are absent. */
    Map<JobStatus, Long> countByStatus(OwnerId owner);

    /** Deletes the job and its result. @return whether it existed */
    boolean delete(JobId id);

    /** Stores the result bytes of an existing job, replacing earlier ones. The job's metadata is saved separately. */
    void saveResult(JobId id, byte[] content);

    Optional<byte[]> loadResult(JobId id);

    /**
     * Whether the store answers now, for a readiness probe: a cheap round trip, false (never an exception) when it does
     * not.
     */
    boolean answers();
}
