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
 * Specification of {@link JobInvalidation} over the routes' real tags, and the tags list pages name for themselves: a
 * job change removes exactly the entries it can change (the job's entry and download, the list pages that show it or
 * that it joins, and the profile when counts change), and other instances hear of it.
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
        // alice has j1 (RUNNING) and j2 (QUEUED), bob has b1 (RUNNING); list pages name the jobs they show
        cache("alice", "/jobs", "job:j1", "job:j2", "jobs:user:alice:new");
        cache("alice", "/jobs?status=RUNNING", "job:j1", "jobs:user:alice:in:RUNNING");
        cache("bob", "/jobs", "job:b1", "jobs:user:bob:new");
        cache("bob", "/jobs?status=RUNNING", "job:b1", "jobs:user:bob:in:RUNNING");
        for (String user : new String[] {"alice", "bob"}) {
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
    void progressOfOneJobRemovesItsEntriesAndThePagesShowingItOnly() {
        invalidation.raised(new JobEvent.StatusChanged(J1, ALICE, JobStatus.RUNNING, JobStatus.RUNNING));

        assertThat(remaining()).containsExactlyInAnyOrder(
                "bob /jobs", "bob /jobs?status=RUNNING", "bob /user/me", "alice /user/me",
                "alice /jobs/j2", "alice /jobs/j2/download", "bob /jobs/b1", "public /health");
    }

    @Test
    void aStatusChangeAlsoRemovesThePagesOfItsNewStatusAndTheProfileWithItsCounts() {
        invalidation.raised(new JobEvent.StatusChanged(new JobId("j2"), ALICE, JobStatus.QUEUED, JobStatus.RUNNING));

        assertThat(remaining()).contains("alice /jobs/j1", "alice /jobs/j1/download", "bob /user/me")
                .doesNotContain("alice /jobs/j2", "alice /jobs", "alice /jobs?status=RUNNING", "alice /user/me");
    }

    @Test
    void aNewJobRemovesThePagesItJoinsAndTheProfileButNoOtherPageOrJob() {
        invalidation.raised(new JobEvent.Created(new JobId("j3"), ALICE));

        assertThat(remaining()).contains("alice /jobs/j1", "alice /jobs/j1/download", "alice /jobs/j2",
                        "alice /jobs?status=RUNNING")
                .doesNotContain("alice /jobs", "alice /user/me");
    }

    @Test
    void anUploadRemovesTheJobsDownloadAndThePagesShowingItButNotTheProfile() {
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
    void theJobTagRemovesOneJobsEntryDownloadAndThePagesShowingIt() {
        invalidator.invalidate(Invalidation.ofTags(Set.of(TagDerivation.job(J1)), "admin"));

        assertThat(remaining()).hasSize(cached.size() - 4).doesNotContain(
                "alice /jobs/j1", "alice /jobs/j1/download", "alice /jobs", "alice /jobs?status=RUNNING");
    }

    @Test
    void publishesTheInvalidationForOtherInstancesNumberedInOrder() {
        invalidation.raised(new JobEvent.Created(new JobId("j2"), ALICE));
        invalidation.raised(new JobEvent.Deleted(new JobId("j2"), ALICE));

        assertThat(bus.published()).extracting(Invalidation::unstamped).containsExactly(
                Invalidation.ofTags(Set.of(Tag.of("jobs:user:alice:new"), Tag.of("jobs:user:alice:in:QUEUED"),
                        Tag.of("profile:alice"), Tag.of("jobs:user:alice:changed")), "job-created"),
                Invalidation.ofTags(Set.of(Tag.of("job:j2"), Tag.of("profile:alice"),
                        Tag.of("jobs:user:alice:changed")), "job-deleted"));
        assertThat(bus.published()).extracting(published -> published.stamp().orElseThrow().sequence())
                .containsExactly(1L, 2L);
    }

    /** Caches a response under the key and the tags its route's policy gives it for this caller, and those it names. */
    private void cache(String user, String pathAndQuery, String... named) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        RoutePolicies.Match match = policies.match(path);
        Set<Tag> tags = new java.util.HashSet<>(
                TagDerivation.forResponse(match.policy(), match.pathParameters(), Optional.ofNullable(user)));
        assertThat(tags).as("tags of %s", pathAndQuery).hasSameSizeAs(match.policy().tagTemplates());
        java.util.Arrays.stream(named).map(Tag::of).forEach(tags::add);
        String name = (user == null ? "public" : user) + " " + pathAndQuery;
        CacheKey key = new CacheKey("GET:" + pathAndQuery + ":" + (user == null ? "public" : "user=" + user));
        store.put(key, aCachedResponse().build(), tags);
        cached.put(name, key);
    }

    private java.util.List<String> remaining() {
        return cached.entrySet().stream().filter(e -> store.get(e.getValue()).isPresent()).map(Map.Entry::getKey).toList();
    }
}
