package dev.jobcache.domain.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobcache.domain.job.Job;
import dev.jobcache.domain.job.JobEvent;
import dev.jobcache.domain.job.JobFilter;
import dev.jobcache.domain.job.JobId;
import dev.jobcache.domain.job.JobStatus;
import dev.jobcache.domain.job.OwnerId;
import dev.jobcache.domain.job.Page;
import dev.jobcache.domain.job.PageCursor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Specifies the tags {@link TagDerivation} gives cached responses and job events. */
class TagDerivationTest {

    private static final JobId JOB = new JobId("42");
    private static final OwnerId ALICE = new OwnerId("alice");

    @Test
    void fillsAPathParameterIntoItsTemplate() {
        CachePolicy policy = policyTagged("job:{id}");

        Set<Tag> tags = TagDerivation.forResponse(policy, Map.of("id", "42"), Optional.of("alice"));

        assertThat(tags).containsExactly(Tag.of("job:42"));
    }

    @Test
    void fillsTheCallerIntoTheUserPlaceholder() {
        CachePolicy policy = policyTagged("user:{user}", "jobs:user:{user}");

        Set<Tag> tags = TagDerivation.forResponse(policy, Map.of(), Optional.of("alice"));

        assertThat(tags).containsExactly(Tag.of("user:alice"), Tag.of("jobs:user:alice"));
    }

    @Test
    void keepsTemplatesWithoutPlaceholdersAsTheyAre() {
        CachePolicy policy = policyTagged("jobs");

        Set<Tag> tags = TagDerivation.forResponse(policy, Map.of(), Optional.empty());

        assertThat(tags).containsExactly(Tag.of("jobs"));
    }

    @Test
    void aTemplateWhosePlaceholderHasNoValueYieldsNoTag() {
        CachePolicy policy = policyTagged("job:{id}", "user:{user}", "jobs");

        Set<Tag> tags = TagDerivation.forResponse(policy, Map.of("other", "1"), Optional.empty());

        assertThat(tags).containsExactly(Tag.of("jobs"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4 2", "<script>", "42/../7", "", "ü"})
    void aValueThatIsNotAValidTagYieldsNoTag(String value) {
        CachePolicy policy = policyTagged("job:{id}", "jobs");

        Set<Tag> tags = TagDerivation.forResponse(policy, Map.of("id", value), Optional.of("alice"));

        assertThat(tags).containsExactly(Tag.of("jobs"));
    }

    @Test
    void aValueThatLooksLikeARegexReplacementIsNotExpanded() {
        CachePolicy policy = policyTagged("job:{id}");

        Set<Tag> tags = TagDerivation.forResponse(policy, Map.of("id", "$1"), Optional.empty());

        assertThat(tags).isEmpty();
    }

    static Stream<JobEvent> everyKindOfEvent() {
        return Stream.of(
                new JobEvent.Created(JOB, ALICE),
                new JobEvent.StatusChanged(JOB, ALICE, JobStatus.QUEUED, JobStatus.RUNNING),
                new JobEvent.StatusChanged(JOB, ALICE, JobStatus.RUNNING, JobStatus.RUNNING),
                new JobEvent.ResultUploaded(JOB, ALICE),
                new JobEvent.Deleted(JOB, ALICE));
    }

    @ParameterizedTest
    @MethodSource("everyKindOfEvent")
    void everyJobEventMovesItsOwnersGuardButNeverTheOperatorsUmbrellaTags(JobEvent event) {
        Set<Tag> tags = TagDerivation.forEvent(event);

        assertThat(tags).contains(Tag.of("jobs:user:alice:changed"))
                .doesNotContain(Tag.of("user:alice"), Tag.of("jobs"), Tag.of("jobs:user:alice"));
    }

    @Test
    void aNewJobChangesTheListsItJoinsAndTheCountsButHasNoEntryOfItsOwnYet() {
        assertThat(TagDerivation.forEvent(new JobEvent.Created(JOB, ALICE))).containsExactlyInAnyOrder(
                Tag.of("jobs:user:alice:new"), Tag.of("jobs:user:alice:in:QUEUED"), Tag.of("profile:alice"),
                Tag.of("jobs:user:alice:changed"));
    }

    @Test
    void aStatusChangeChangesTheJobThePagesOfItsNewStatusAndTheCounts() {
        assertThat(TagDerivation.forEvent(new JobEvent.StatusChanged(JOB, ALICE, JobStatus.RUNNING, JobStatus.COMPLETED)))
                .containsExactlyInAnyOrder(Tag.of("job:42"), Tag.of("jobs:user:alice:in:COMPLETED"),
                        Tag.of("profile:alice"), Tag.of("jobs:user:alice:changed"));
    }

    @Test
    void progressAloneChangesTheJobAndThePagesShowingItOnly() {
        assertThat(TagDerivation.forEvent(new JobEvent.StatusChanged(JOB, ALICE, JobStatus.RUNNING, JobStatus.RUNNING)))
                .containsExactlyInAnyOrder(Tag.of("job:42"), Tag.of("jobs:user:alice:changed"));
    }

    @Test
    void anUploadChangesTheJobItsDownloadAndThePagesShowingItButNotTheCounts() {
        assertThat(TagDerivation.forEvent(new JobEvent.ResultUploaded(JOB, ALICE)))
                .containsExactlyInAnyOrder(Tag.of("job:42"), Tag.of("jobs:user:alice:changed"));
    }

    @Test
    void aDeletionChangesTheJobThePagesShowingItAndTheCounts() {
        assertThat(TagDerivation.forEvent(new JobEvent.Deleted(JOB, ALICE))).containsExactlyInAnyOrder(
                Tag.of("job:42"), Tag.of("profile:alice"), Tag.of("jobs:user:alice:changed"));
    }

    @Test
    void aPageDependsOnTheJobsItShowsTheOneTheNextPageStartsWithAndTheJobsThatMayJoinIt() {
        Job shown = aJob("a");
        Job following = aJob("b");
        Page<Job> page = new Page<>(List.of(shown), Optional.of(PageCursor.after(shown)), Optional.of(following));

        assertThat(TagDerivation.forJobPage(ALICE, JobFilter.all(), page))
                .containsExactlyInAnyOrder(Tag.of("job:a"), Tag.of("job:b"), Tag.of("jobs:user:alice:new"));
        assertThat(TagDerivation.forJobPage(ALICE, JobFilter.withStatus(JobStatus.RUNNING), page))
                .containsExactlyInAnyOrder(Tag.of("job:a"), Tag.of("job:b"), Tag.of("jobs:user:alice:in:RUNNING"));
    }

    @Test
    void everyListPageIsDroppedByTheEventsThatAddAJobToIt() {
        Page<Job> empty = Page.last(List.of());

        assertThat(TagDerivation.forEvent(new JobEvent.Created(JOB, ALICE)))
                .containsAll(TagDerivation.forJobPage(ALICE, JobFilter.all(), empty))
                .containsAll(TagDerivation.forJobPage(ALICE, JobFilter.withStatus(JobStatus.QUEUED), empty));
        assertThat(TagDerivation.forEvent(new JobEvent.StatusChanged(JOB, ALICE, JobStatus.QUEUED, JobStatus.RUNNING)))
                .containsAll(TagDerivation.forJobPage(ALICE, JobFilter.withStatus(JobStatus.RUNNING), empty));
    }

    private static Job aJob(String id) {
        return Job.submit(new JobId(id), ALICE, "render", "{}", java.time.Instant.parse("2026-12-07T10:00:00Z"));
    }

    private static CachePolicy policyTagged(String... templates) {
        return new CachePolicy("/jobs/{id}", true, Duration.ofSeconds(60), Duration.ZERO, "private, max-age=60",
                CacheScope.USER, List.of(templates));
    }
}
