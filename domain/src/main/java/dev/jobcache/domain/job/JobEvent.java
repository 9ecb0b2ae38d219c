package dev.jobcache.domain.job;

/**
 * Raised after a job mutation has been written to the repository, never before: a listener that invalidates
 * cached responses must not run ahead of the data it invalidates.
 */
public sealed interface JobEvent {

    JobId jobId();

    OwnerId owner();

    record Created(JobId jobId, OwnerId owner) implements JobEvent {
    }

    record StatusChanged(JobId jobId, OwnerId owner, JobStatus from, JobStatus to) implements JobEvent {
    }

    record ResultUploaded(JobId jobId, OwnerId owner) implements JobEvent {
    }

    record Deleted(JobId jobId, OwnerId owner) implements JobEvent {
    }
}
