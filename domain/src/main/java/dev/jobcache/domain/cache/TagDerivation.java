package dev.jobcache.domain.cache;

import dev.jobcache.domain.job.JobEvent;
import dev.jobcache.domain.job.JobId;
import dev.jobcache.domain.job.OwnerId;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tags of a cached response (from its policy) and the tags a job change makes stale (from the event). The two
 * must agree: every entry whose body a job change can alter carries a tag that the change's event invalidates, and
 * an event invalidates nothing else.
 *
 * <p>Tags name what an entry depends on: {@code job:<id>} one job (its entry and its download), {@code jobs:user:<id>}
 * a user's list pages, {@code profile:<id>} a user's profile and job counts; and two that no event invalidates, for
 * operators: {@code user:<id>} everything of one user, {@code jobs} every job-related entry.
 */
public final class TagDerivation {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

    private TagDerivation() {
    }

    public static Tag job(JobId id) {
        return Tag.of("job:" + id.value());
    }

    public static Tag jobsOf(OwnerId owner) {
        return Tag.of("jobs:user:" + owner.value());
    }

    public static Tag profileOf(OwnerId owner) {
        return Tag.of("profile:" + owner.value());
    }

    public static Tag user(OwnerId owner) {
        return Tag.of("user:" + owner.value());
    }

    /** Every job-related entry: lists, jobs and downloads of every user. */
    public static Tag allJobs() {
        return Tag.of("jobs");
    }

    /**
     * Exactly what the event can change. Every change shows in its owner's lists (they show each job whole). The job's
     * own entries change unless the job is new (nothing was served for it yet); a download can only change with an
     * upload or a deletion, but a status change cannot have a cached download to drop (only a COMPLETED job has one,
     * and COMPLETED is final), so {@code job:<id>} costs nothing there. The profile counts jobs by status, so it
     * changes when a job appears, disappears or changes status, not with progress or an upload.
     */
    public static Set<Tag> forEvent(JobEvent event) {
        Tag lists = jobsOf(event.owner());
        Tag profile = profileOf(event.owner());
        Tag job = job(event.jobId());
        if (event instanceof JobEvent.Created) {
            return Set.of(lists, profile);
        }
        if (event instanceof JobEvent.StatusChanged changed && changed.from() == changed.to()) {
            return Set.of(job, lists);
        }
        if (event instanceof JobEvent.ResultUploaded) {
            return Set.of(job, lists);
        }
        return Set.of(job, lists, profile);
    }

    /**
     * Fills the policy's tag templates. A template whose placeholder has no value, or whose value is not a valid
     * tag, yields no tag: such a request would not reach a cacheable resource anyway.
     */
    public static Set<Tag> forResponse(CachePolicy policy, Map<String, String> pathParameters, Optional<String> userId) {
        Set<Tag> tags = new LinkedHashSet<>();
        for (String template : policy.tagTemplates()) {
            fill(template, pathParameters, userId).filter(Tag::isValid).map(Tag::of).ifPresent(tags::add);
        }
        return tags;
    }

    private static Optional<String> fill(String template, Map<String, String> pathParameters, Optional<String> userId) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            Optional<String> value = name.equals("user") ? userId : Optional.ofNullable(pathParameters.get(name));
            if (value.isEmpty() || value.get().isEmpty()) {
                return Optional.empty();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value.get()));
        }
        m.appendTail(out);
        return Optional.of(out.toString());
    }
}
