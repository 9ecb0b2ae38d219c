package dev.jobcache.domain.job;

/**
 * No job with this id exists for the caller. Also raised for another user's job: a caller cannot tell a job that
 * is not theirs from one that does not exist.
 */
public final class JobNotFound extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String jobId;

    public JobNotFound(String jobId) {
        super("no job " + jobId);
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }
}
