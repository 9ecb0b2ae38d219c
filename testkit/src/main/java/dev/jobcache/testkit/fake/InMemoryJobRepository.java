package dev.jobcache.testkit.fake;

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

import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link JobRepository} in memory, verified by {@code JobRepositoryContract}.
 *
 * <p>Every method is synchronized: a list must see one consistent set of jobs, and the fake is not the place to
 * be clever about contention. Result bytes are copied in and out so a caller that reuses its array cannot change
 * what was stored, just as it could not with a database.
 */
public final class InMemoryJobRepository implements JobRepository {

    /** Newest first by creation time, then by id, the same order as the SQL adapter's index. */
    private static final Comparator<Job> NEWEST_FIRST = Comparator.comparing(Job::createdAt)
            .thenComparing(job -> job.id().value())
            .reversed();

    private final Map<JobId, Job> jobs = new HashMap<>();
    private final Map<JobId, byte[]> results = new HashMap<>();

    @Override
    public synchronized void save(Job job) {
        Objects.requireNonNull(job, "job");
        jobs.put(job.id(), job);
    }

    @Override
    public synchronized boolean replace(Job expected, Job updated) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(updated, "updated");
        Job stored = jobs.get(expected.id());
        if (stored == null || !stored.updatedAt().equals(expected.updatedAt())) {
            return false;
        }
        jobs.put(updated.id(), updated);
        return true;
    }

    @Override
    public synchronized Optional<Job> find(JobId id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public synchronized Page<Job> list(OwnerId owner, JobFilter filter, PageRequest page) {
        Optional<PageCursor> after = page.after();
        List<Job> window = jobs.values().stream()
                .filter(job -> job.isOwnedBy(owner))
                .filter(filter::accepts)
                .filter(job -> after.map(cursor -> cursor.precedes(job)).orElse(true))
                .sorted(NEWEST_FIRST)
                .limit(page.limit() + 1L)
                .toList();
        if (window.size() <= page.limit()) {
            return Page.last(window);
        }
        List<Job> items = window.subList(0, page.limit());
        return new Page<>(items, Optional.of(PageCursor.after(items.get(items.size() - 1))),
                Optional.of(window.get(page.limit())));
    }

    @Override
    public boolean answers() {
        return true;
    }

    @Override
    public synchronized Map<JobStatus, Long> countByStatus(OwnerId owner) {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        jobs.values().stream()
                .filter(job -> job.isOwnedBy(owner))
                .forEach(job -> counts.merge(job.status(), 1L, Long::sum));
        return Map.copyOf(counts);
    }

    @Override
    public synchronized boolean delete(JobId id) {
        results.remove(id);
        return jobs.remove(id) != null;
    }

    /** @throws JobNotFound when no job has this id, as the SQL adapter's foreign key would refuse it */
    @Override
    public synchronized void saveResult(JobId id, byte[] content) {
        Objects.requireNonNull(content, "content");
        if (!jobs.containsKey(id)) {
            throw new JobNotFound(id.value());
        }
        results.put(id, content.clone());
    }

    @Override
    public synchronized Optional<byte[]> loadResult(JobId id) {
        return Optional.ofNullable(results.get(id)).map(byte[]::clone);
    }
}
