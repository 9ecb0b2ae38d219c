package dev.jobcache.application.job;

import dev.jobcache.domain.job.JobStatus;

/** A result was asked for before the job completed with one. */
public final class ResultNotAvailable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final JobStatus status;

    public ResultNotAvailable(String jobId, JobStatus status, String why) {
        super("job " + jobId + " has no downloadable result: " + why);
        this.status = status;
    }

    public JobStatus status() {
        return status;
    }
}
