package dev.jobcache.domain.job;

/** A status change the state machine does not allow, or a change that does not fit the job's status. */
public final class IllegalJobTransition extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final JobStatus from;
    private final JobStatus to;

    public IllegalJobTransition(JobStatus from, JobStatus to, String message) {
        super(message);
        this.from = from;
        this.to = to;
    }

    public JobStatus from() {
        return from;
    }

    public JobStatus to() {
        return to;
    }
}
