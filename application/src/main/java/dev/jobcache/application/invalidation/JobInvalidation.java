package dev.jobcache.application.invalidation;

import dev.jobcache.application.cache.CacheInvalidator;
import dev.jobcache.application.job.JobEvents;
import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.cache.TagDerivation;
import dev.jobcache.domain.job.JobEvent;

import java.util.Objects;

/** Invalidates the job's own entry, its owner's lists and its owner's profile after every job change. */
public final class JobInvalidation implements JobEvents {

    private final CacheInvalidator invalidator;

    public JobInvalidation(CacheInvalidator invalidator) {
        this.invalidator = Objects.requireNonNull(invalidator, "invalidator");
    }

    @Override
    public void raised(JobEvent event) {
        invalidator.invalidate(Invalidation.ofTags(TagDerivation.forEvent(event), event.reason()));
    }
}
