package dev.jobcache.application.job;

import dev.jobcache.domain.job.JobEvent;

/**
 * Receives job events, synchronously, on the thread of the write that raised them. A write returns to its caller
 * only after every listener has returned, so caches are invalidated before a client is told a write succeeded.
 */
@FunctionalInterface
public interface JobEvents {

    void raised(JobEvent event);
}
