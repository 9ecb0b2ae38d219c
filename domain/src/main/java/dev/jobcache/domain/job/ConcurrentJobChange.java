package dev.jobcache.domain.job;

/** A job changed, or was deleted, between the moment a write read it and the moment it wrote. */
public final class ConcurrentJobChange extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConcurrentJobChange(JobId id) {
        super("job " + id.value() + " changed while this request ran; read it again and retry");
    }
}
