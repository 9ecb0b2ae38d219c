package dev.jobcache.application.job;

import dev.jobcache.domain.job.Job;
import dev.jobcache.domain.job.JobFilter;
import dev.jobcache.domain.job.JobNotFound;
import dev.jobcache.domain.job.JobResult;
import dev.jobcache.domain.job.JobStatus;
import dev.jobcache.domain.job.Page;
import dev.jobcache.domain.job.PageRequest;
import dev.jobcache.domain.port.JobRepository;
import dev.jobcache.domain.security.Principal;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** Reads jobs on behalf of their owner. Another user's job is reported exactly like a missing one. */
public final class JobQueries {

    private final JobRepository repository;

    public JobQueries(JobRepository repository) {
        this.repository = Objects.requireNonNull(repository, "repository");
    }

    /** @throws JobNotFound when there is no such job or it belongs to someone else */
    public Job get(Principal caller, String rawId) {
        return JobLookup.ownedBy(repository, caller, rawId);
    }

    public Page<Job> list(Principal caller, JobFilter filter, PageRequest page) {
        return repository.list(caller.asOwner(), filter, page);
    }

    /**
     * @throws JobNotFound         when there is no such job for the caller
     * @throws ResultNotAvailable  until the job is COMPLETED with an uploaded result
     */
    public JobDownload download(Principal caller, String rawId) {
        Job job = get(caller, rawId);
        if (job.status() != JobStatus.COMPLETED) {
            throw new ResultNotAvailable(job.id().value(), job.status(), "the job is " + job.status() + ", not COMPLETED");
        }
        JobResult result = job.resultIfUploaded().orElseThrow(() ->
                new ResultNotAvailable(job.id().value(), job.status(), "no result was uploaded"));
        byte[] content = repository.loadResult(job.id()).orElseThrow(() ->
                new ResultNotAvailable(job.id().value(), job.status(), "the result content is missing"));
        return new JobDownload(job, result, content);
    }

    public UserProfile profile(Principal caller) {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            counts.put(status, 0L);
        }
        counts.putAll(repository.countByStatus(caller.asOwner()));
        return new UserProfile(caller, counts);
    }
}
