package dev.jobcache.domain.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobcache.domain.job.JobEvent;
import dev.jobcache.domain.job.JobId;
import dev.jobcache.domain.job.JobStatus;
import dev.jobcache.domain.job.OwnerId;

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
    void everyJobEventMakesItsOwnersListsStaleButNeverTheOperatorsUmbrellaTags(JobEvent event) {
        Set<Tag> tags = TagDerivation.forEvent(event);

        assertThat(tags).contains(Tag.of("jobs:user:alice")).doesNotContain(Tag.of("user:alice"), Tag.of("jobs"));
    }

    @Test
    void aNewJobChangesItsOwnersListsAndCountsButHasNoEntryOfItsOwnYet() {
        assertThat(TagDerivation.forEvent(new JobEvent.Created(JOB, ALICE)))
                .containsExactlyInAnyOrder(Tag.of("jobs:user:alice"), Tag.of("profile:alice"));
    }

    @Test
    void aStatusChangeChangesTheJobItsOwnersListsAndCounts() {
        assertThat(TagDerivation.forEvent(new JobEvent.StatusChanged(JOB, ALICE, JobStatus.RUNNING, JobStatus.COMPLETED)))
                .containsExactlyInAnyOrder(Tag.of("job:42"), Tag.of("jobs:user:alice"), Tag.of("profile:alice"));
    }

    @Test
    void progressAloneLeavesTheCountsOfTheProfileAsTheyAre() {
        assertThat(TagDerivation.forEvent(new JobEvent.StatusChanged(JOB, ALICE, JobStatus.RUNNING, JobStatus.RUNNING)))
                .containsExactlyInAnyOrder(Tag.of("job:42"), Tag.of("jobs:user:alice"));
    }

    @Test
    void anUploadChangesTheJobAndItsDownloadButNotTheCounts() {
        assertThat(TagDerivation.forEvent(new JobEvent.ResultUploaded(JOB, ALICE)))
                .containsExactlyInAnyOrder(Tag.of("job:42"), Tag.of("jobs:user:alice"));
    }

    @Test
    void aDeletionChangesTheJobItsOwnersListsAndCounts() {
        assertThat(TagDerivation.forEvent(new JobEvent.Deleted(JOB, ALICE)))
                .containsExactlyInAnyOrder(Tag.of("job:42"), Tag.of("jobs:user:alice"), Tag.of("profile:alice"));
    }

    private static CachePolicy policyTagged(String... templates) {
        return new CachePolicy("/jobs/{id}", true, Duration.ofSeconds(60), Duration.ZERO, "private, max-age=60",
                CacheScope.USER, List.of(templates));
    }
}
