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
 * must agree: every entry that shows a job carries a tag that the job's events invalidate.
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

    public static Tag user(OwnerId owner) {
        return Tag.of("user:" + owner.value());
    }

    /** Every job event makes stale the job itself, its owner's lists and its owner's profile (job counts). */
    public static Set<Tag> forEvent(JobEvent event) {
        return Set.of(job(event.jobId()), jobsOf(event.owner()), user(event.owner()));
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
