package dev.jobcache.application.invalidation;

import dev.jobcache.application.cache.CacheInvalidator;
import dev.jobcache.application.cache.RoutePolicies;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.cache.TagDerivation;
import dev.jobcache.domain.job.JobEvent;
import dev.jobcache.domain.job.JobId;
import dev.jobcache.domain.job.JobStatus;
import dev.jobcache.domain.job.OwnerId;
import dev.jobcache.testkit.fake.InMemoryCacheStore;
import dev.jobcache.testkit.fake.InMemoryInvalidationBus;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.fake.RecordingCacheMetrics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Specification of {@link JobInvalidation} over the routes' real tags: a job change removes exactly the entries it
 * can change (the job's entry and download, its owner's list pages, and the profile when counts change), and other
 * instances hear of it.
 */
class JobInvalidationTest {

    private static final JobId J1 = new JobId("j1");
    private static final OwnerId ALICE = new OwnerId("alice");

    private final MutableClock clock = new MutableClock();
    private final InMemoryCacheStore store = new InMemoryCacheStore(clock);
    private final InMemoryInvalidationBus bus = new InMemoryInvalidationBus();
    private final CacheInvalidator invalidator = new CacheInvalidator(store, bus, new RecordingCacheMetrics(), "memory");
    private final JobInvalidation invalidation = new JobInvalidation(invalidator);
    private final RoutePolicies policies = RoutePolicies.defaults(Duration.ofSeconds(300), Duration.ZERO, Map.of());
    /** Name of each entry (user and path) to its key, in the order cached. */
    private final Map<String, CacheKey> cached = new LinkedHashMap<>();

    @BeforeEach
    void everyRouteOfTwoUsersIsCached() {
        for (String user : new String[] {"alice", "bob"}) {
            cache(user, "/jobs");
            cache(user, "/jobs?status=RUNNING");
            cache(user, "/user/me");
        }
        cache("alice", "/jobs/j1");
        cache("alice", "/jobs/j1/download");
        cache("alice", "/jobs/j2");
        cache("alice", "/jobs/j2/download");
        cache("bob", "/jobs/b1");
        cache(null, "/health");
    }

    @Test
    void progressOfOneJobRemovesItsEntriesAndItsOwnersListsOnly() {
        invalidation.raised(new JobEvent.StatusChanged(J1, ALICE, JobStatus.RUNNING, JobStatus.RUNNING));

        assertThat(remaining()).containsExactlyInAnyOrder(
                "bob /jobs", "bob /jobs?status=RUNNING", "bob /user/me", "alice /user/me",
                "alice /jobs/j2", "alice /jobs/j2/download", "bob /jobs/b1", "public /health");
    }

    @Test
    void aStatusChangeAlsoRemovesItsOwnersProfileWithItsCounts() {
        invalidation.raised(new JobEvent.StatusChanged(J1, ALICE, JobStatus.QUEUED, JobStatus.RUNNING));

        assertThat(remaining()).contains("alice /jobs/j2", "alice /jobs/j2/download", "bob /user/me")
                .doesNotContain("alice /jobs/j1", "alice /jobs/j1/download", "alice /jobs", "alice /user/me");
    }

    @Test
    void aNewJobRemovesItsOwnersListsAndProfileButNoOtherJob() {
        invalidation.raised(new JobEvent.Created(new JobId("j3"), ALICE));

        assertThat(remaining()).contains("alice /jobs/j1", "alice /jobs/j1/download", "alice /jobs/j2")
                .doesNotContain("alice /jobs", "alice /jobs?status=RUNNING", "alice /user/me");
    }

    @Test
    void anUploadRemovesTheJobsDownloadAndListsButNotTheProfile() {
        invalidation.raised(new JobEvent.ResultUploaded(J1, ALICE));

        assertThat(remaining()).contains("alice /user/me", "alice /jobs/j2/download")
                .doesNotContain("alice /jobs/j1/download", "alice /jobs/j1", "alice /jobs");
    }

    @Test
    void theUserTagRemovesEverythingOfThatUserAndNothingElse() {
        invalidator.invalidate(Invalidation.ofTags(Set.of(Tag.of("user:alice")), "admin"));

        assertThat(remaining()).containsExactlyInAnyOrder(
                "bob /jobs", "bob /jobs?status=RUNNING", "bob /user/me", "bob /jobs/b1", "public /health");
    }

    @Test
    void theJobsTagRemovesEveryJobRelatedEntryOfEveryUserButNotProfilesOrPublicRoutes() {
        invalidator.invalidate(Invalidation.ofTags(Set.of(TagDerivation.allJobs()), "admin"));

        assertThat(remaining()).containsExactlyInAnyOrder("alice /user/me", "bob /user/me", "public /health");
    }

    @Test
    void theJobTagRemovesOneJobsEntryAndDownload() {
        invalidator.invalidate(Invalidation.ofTags(Set.of(TagDerivation.job(J1)), "admin"));

        assertThat(remaining()).hasSize(cached.size() - 2)
                .doesNotContain("alice /jobs/j1", "alice /jobs/j1/download");
    }

    @Test
    void publishesTheInvalidationForOtherInstancesNumberedInOrder() {
        invalidation.raised(new JobEvent.Created(new JobId("j2"), ALICE));
        invalidation.raised(new JobEvent.Deleted(new JobId("j2"), ALICE));

        assertThat(bus.published()).extracting(Invalidation::unstamped).containsExactly(
                Invalidation.ofTags(Set.of(Tag.of("jobs:user:alice"), Tag.of("profile:alice")), "job-created"),
                Invalidation.ofTags(Set.of(Tag.of("job:j2"), Tag.of("jobs:user:alice"), Tag.of("profile:alice")),
                        "job-deleted"));
        assertThat(bus.published()).extracting(published -> published.stamp().orElseThrow().sequence())
                .containsExactly(1L, 2L);
    }

    /** Caches a response under the key and the tags the route's policy gives it for this caller. */
    private void cache(String user, String pathAndQuery) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        RoutePolicies.Match match = policies.match(path);
        Set<Tag> tags = TagDerivation.forResponse(match.policy(), match.pathParameters(), Optional.ofNullable(user));
        assertThat(tags).as("tags of %s", pathAndQuery).hasSameSizeAs(match.policy().tagTemplates());
        String name = (user == null ? "public" : user) + " " + pathAndQuery;
        CacheKey key = new CacheKey("GET:" + pathAndQuery + ":" + (user == null ? "public" : "user=" + user));
        store.put(key, aCachedResponse().build(), tags);
        cached.put(name, key);
    }

    private java.util.List<String> remaining() {
        return cached.entrySet().stream().filter(e -> store.get(e.getValue()).isPresent()).map(Map.Entry::getKey).toList();
    }
}
