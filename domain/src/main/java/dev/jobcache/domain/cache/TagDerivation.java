package dev.jobcache.domain.cache;

import dev.jobcache.domain.job.Job;
import dev.jobcache.domain.job.JobEvent;
import dev.jobcache.domain.job.JobFilter;
import dev.jobcache.domain.job.JobId;
import dev.jobcache.domain.job.JobStatus;
import dev.jobcache.domain.job.OwnerId;
import dev.jobcache.domain.job.Page;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tags of a cached response (from its policy, and for a list page from the page itself) and the tags a job change
 * makes stale (from the event). The two must agree: every entry whose body a job change can alter carries a tag that
 * the change's event invalidates, and an event invalidates nothing else.
 *
 * <p>Tags name what an entry depends on: {@code job:<id>} one job (its entry, its download, and every list page that
 * shows it or starts the next page with it), {@code jobs:user:<id>:new} the pages of the unfiltered list, which a new
 * job may join, {@code jobs:user:<id>:in:<STATUS>} the pages of a status filter, which a job entering that status (a
 * new one: QUEUED) may join, {@code profile:<id>} a user's
 * profile and job counts; and three that no event invalidates, for operators: {@code jobs:user:<id>} a user's list
 * pages, {@code user:<id>} everything of one user, {@code jobs} every job-related entry. Every job event also
 * invalidates the guard {@code jobs:user:<id>:changed}, which no entry carries: a load of a list page checks it, since
 * the page's own tags are known only once it is loaded (see {@link CachePolicy#guardTemplates()}).
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

    /** The pages of {@code owner}'s unfiltered list, which a new job may join. */
    public static Tag newJobsOf(OwnerId owner) {
        return Tag.of("jobs:user:" + owner.value() + ":new");
    }

    /** The pages of {@code owner}'s list filtered by {@code status}, which a job entering that status may join. */
    public static Tag jobsEntering(OwnerId owner, JobStatus status) {
        return Tag.of("jobs:user:" + owner.value() + ":in:" + status.name());
    }

    /** Moves with every change of {@code owner}'s jobs; a guard only, carried by no entry. */
    public static Tag jobsChanged(OwnerId owner) {
        return Tag.of("jobs:user:" + owner.value() + ":changed");
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
     * Exactly what the event can change, and the owner's guard. A job's own entries and the list pages showing it
     * change with every change of it but its creation (nothing was served for it yet); a download can only change with
     * an upload or a deletion, but a status change cannot have a cached download to drop (only a COMPLETED job has
     * one, and COMPLETED is final), so {@code job:<id>} costs nothing there. A new job joins the unfiltered and the
     * QUEUED list, and a job entering a status that status's list, wherever its place in them: on any page, since
     * jobs created in the same instant, or on instances whose clocks differ, are not created in their list's order.
     * The profile counts jobs by status, so it changes when a job appears, disappears or changes status, not with
     * progress or an upload.
     */
    public static Set<Tag> forEvent(JobEvent event) {
        OwnerId owner = event.owner();
        Tag guard = jobsChanged(owner);
        Tag job = job(event.jobId());
        if (event instanceof JobEvent.Created) {
            return Set.of(newJobsOf(owner), jobsEntering(owner, JobStatus.QUEUED), profileOf(owner), guard);
        }
        if (event instanceof JobEvent.StatusChanged changed) {
            return changed.from() == changed.to() ? Set.of(job, guard)
                    : Set.of(job, jobsEntering(owner, changed.to()), profileOf(owner), guard);
        }
        if (event instanceof JobEvent.ResultUploaded) {
            return Set.of(job, guard);
        }
        return Set.of(job, profileOf(owner), guard);
    }

    /**
     * The tags a page of {@code owner}'s list depends on beyond its route's: each job it shows and the one the next
     * page starts with (whether there is a next page depends on it), and the jobs that may join it: new ones on an
     * unfiltered page, those entering its status on a filtered one.
     */
    public static Set<Tag> forJobPage(OwnerId owner, JobFilter filter, Page<Job> page) {
        Set<Tag> tags = new LinkedHashSet<>();
        page.items().forEach(job -> tags.add(job(job.id())));
        page.following().ifPresent(job -> tags.add(job(job.id())));
        tags.add(filter.status().map(status -> jobsEntering(owner, status)).orElseGet(() -> newJobsOf(owner)));
        return tags;
    }

    /**
     * Fills the policy's tag templates. A template whose placeholder has no value, or whose value is not a valid
     * tag, yields no tag: such a request would not reach a cacheable resource anyway.
     */
    public static Set<Tag> forResponse(CachePolicy policy, Map<String, String> pathParameters, Optional<String> userId) {
        return filled(policy.tagTemplates(), pathParameters, userId);
    }

    /** The policy's guard templates filled as {@link #forResponse} fills its tag templates. */
    public static Set<Tag> guardsFor(CachePolicy policy, Map<String, String> pathParameters, Optional<String> userId) {
        return filled(policy.guardTemplates(), pathParameters, userId);
    }

    private static Set<Tag> filled(List<String> templates, Map<String, String> pathParameters, Optional<String> userId) {
        Set<Tag> tags = new LinkedHashSet<>();
        for (String template : templates) {
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
