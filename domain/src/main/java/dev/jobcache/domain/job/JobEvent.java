package dev.jobcache.domain.job;

/**
 * Raised after a job mutation has been written to the repository, never before: a listener that invalidates
 * cached responses must not run ahead of the data it invalidates.
 */
public sealed interface JobEvent {

    JobId jobId();

    OwnerId owner();

    /** What happened, in the words invalidation records and metrics report it by. */
    String reason();

    record Created(JobId jobId, OwnerId owner) implements JobEvent {
        @Override
        public String reason() {
            return "job-created";
        }
    }

    record StatusChanged(JobId jobId, OwnerId owner, JobStatus from, JobStatus to) implements JobEvent {
        @Override
        public String reason() {
            return "job-status-changed";
        }
    }

    record ResultUploaded(JobId jobId, OwnerId owner) implements JobEvent {
        @Override
        public String reason() {
            return "job-result-uploaded";
        }
    }

    record Deleted(JobId jobId, OwnerId owner) implements JobEvent {
        @Override
        public String reason() {
            return "job-deleted";
        }
    }
}
