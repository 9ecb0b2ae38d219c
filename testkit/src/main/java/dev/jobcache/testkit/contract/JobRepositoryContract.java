package dev.jobcache.testkit.contract;

import dev.jobcache.domain.job.Job;
import dev.jobcache.domain.job.JobFilter;
import dev.jobcache.domain.job.JobId;
import dev.jobcache.domain.job.JobNotFound;
import dev.jobcache.domain.job.JobResult;
import dev.jobcache.domain.job.JobStatus;
import dev.jobcache.domain.job.OwnerId;
import dev.jobcache.domain.job.Page;
import dev.jobcache.domain.job.PageCursor;
import dev.jobcache.domain.job.PageRequest;
import dev.jobcache.domain.port.JobRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static dev.jobcache.domain.job.JobStatus.COMPLETED;
import static dev.jobcache.domain.job.JobStatus.FAILED;
import static dev.jobcache.domain.job.JobStatus.QUEUED;
import static dev.jobcache.domain.job.JobStatus.RUNNING;
import static dev.jobcache.testkit.fixture.Jobs.aJob;
import static dev.jobcache.testkit.fixture.Jobs.aResultUploadedAt;
import static dev.jobcache.testkit.fixture.Jobs.anyJobId;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The behaviour every {@link JobRepository} must show; extend it and return a fresh, empty repository per test. */
public abstract class JobRepositoryContract {

    private static final Instant T0 = Instant.parse("2025-03-14T09:26:53.589793Z");
    private static final OwnerId ALICE = new OwnerId("alice");
    private static final OwnerId BOB = new OwnerId("bob");
    private static final Comparator<Job> NEWEST_FIRST =
            Comparator.comparing(Job::createdAt).thenComparing(job -> job.id().value()).reversed();

    private JobRepository repository;

    /** A repository with no jobs in it, not shared with any other test. */
    protected abstract JobRepository newRepository();

    @BeforeEach
    void createRepository() {
        repository = newRepository();
    }

    @Test
    void replacesAJobThatIsStillAsItWasRead() {
        Job read = aJob().ownedBy(ALICE).withStatus(QUEUED).createdAt(T0).updatedAt(T0).build();
        repository.save(read);
        Job changed = read.moveTo(RUNNING, 10, null, T0.plusSeconds(1));

        boolean replaced = repository.replace(read, changed);

        assertThat(replaced).isTrue();
        assertThat(repository.find(read.id())).contains(changed);
    }

    @Test
    void refusesToReplaceAJobThatChangedSinceItWasRead() {
        Job read = aJob().ownedBy(ALICE).withStatus(RUNNING).createdAt(T0).updatedAt(T0).build();
        repository.save(read);
        Job completed = read.moveTo(COMPLETED, null, null, T0.plusSeconds(1));
        repository.replace(read, completed);

        boolean replaced = repository.replace(read, read.moveTo(RUNNING, 90, null, T0.plusSeconds(2)));

        assertThat(replaced).isFalse();
        assertThat(repository.find(read.id())).contains(completed);
    }

    @Test
    void refusesToBringBackADeletedJob() {
        Job read = aJob().ownedBy(ALICE).withStatus(RUNNING).createdAt(T0).updatedAt(T0).build();
        repository.save(read);
        repository.delete(read.id());

        boolean replaced = repository.replace(read, read.moveTo(RUNNING, 50, null, T0.plusSeconds(1)));

        assertThat(replaced).isFalse();
        assertThat(repository.find(read.id())).isEmpty();
    }

    @Test
    void letsOnlyOneOfTwoWritersOfTheSameReadWin() throws Exception {
        Job read = aJob().ownedBy(ALICE).withStatus(RUNNING).createdAt(T0).updatedAt(T0).build();
        repository.save(read);
        Job first = read.moveTo(RUNNING, 20, null, T0.plusSeconds(1));
        Job second = read.moveTo(COMPLETED, null, null, T0.plusSeconds(1));

        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<Boolean> a = pool.submit(() -> repository.replace(read, first));
            java.util.concurrent.Future<Boolean> b = pool.submit(() -> repository.replace(read, second));

            assertThat(a.get() ^ b.get()).as("exactly one replace wins").isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void findsASavedJobWithEveryFieldIncludingItsResultMetadata() {
        Job job = aJob()
                .withId("j".repeat(64))
                .ownedBy("alice.smith_2-x")
                .ofType("render-pdf")
                .withInput("{\"title\":\"Zoë — ✓ \\\"quoted\\\"\",\"pages\":[1,2,3]}")
                .withStatus(COMPLETED)
                .withProgress(100)
                .createdAt(T0)
                .updatedAt(T0.plusSeconds(3).plusNanos(123_000))
                .withResult(new JobResult("application/pdf", 1_048_576,
                        "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", T0.plusSeconds(2).plusNanos(999_000)))
                .build();

        repository.save(job);

        assertThat(repository.find(job.id())).contains(job);
    }

    @Test
    void findsTheErrorOfAFailedJob() {
        Job job = aJob().withStatus(FAILED).withProgress(37).withError("worker lost: exit code 137").build();

        repository.save(job);

        assertThat(repository.find(job.id())).contains(job);
    }

    @Test
    void findsALargeInputUnchanged() {
        Job job = aJob().withInput("{\"text\":\"" + "é".repeat(200_000) + "\"}").build();

        repository.save(job);

        assertThat(repository.find(job.id())).contains(job);
    }

    @Test
    void savingAJobAgainReplacesIt() {
        Job queued = aJob().ownedBy(ALICE).createdAt(T0).build();
        repository.save(queued);
        Job running = queued.moveTo(RUNNING, 40, null, T0.plusSeconds(1));

        repository.save(running);

        assertThat(repository.find(queued.id())).contains(running);
        assertThat(repository.list(ALICE, JobFilter.all(), PageRequest.first(10)).items()).containsExactly(running);
    }

    @Test
    void findsNothingForAnUnknownId() {
        repository.save(aJob().build());

        Optional<Job> found = repository.find(anyJobId());

        assertThat(found).isEmpty();
    }

    @Test
    void listsOnlyTheOwnersJobsNewestFirst() {
        Job oldest = aJob().ownedBy(ALICE).createdAt(T0).build();
        Job newest = aJob().ownedBy(ALICE).createdAt(T0.plusSeconds(2)).build();
        Job middle = aJob().ownedBy(ALICE).createdAt(T0.plusSeconds(1)).build();
        Job bobs = aJob().ownedBy(BOB).createdAt(T0.plusSeconds(3)).build();
        saveAll(oldest, newest, middle, bobs);

        Page<Job> page = repository.list(ALICE, JobFilter.all(), PageRequest.first(10));

        assertThat(page.items()).containsExactly(newest, middle, oldest);
        assertThat(page.next()).isEmpty();
    }

    @Test
    void ordersJobsCreatedAtTheSameInstantByIdDescendingInCodePointOrder() {
        // Mixed case and digits: a linguistic collation would order these differently from String.compareTo,
        // which is the order PageCursor uses, and paging would then skip or repeat jobs.
        List<String> ids = List.of("job-10", "job-B", "job-a", "job-9", "job-c");
        ids.forEach(id -> repository.save(aJob().withId(id).ownedBy(ALICE).createdAt(T0).build()));

        Page<Job> page = repository.list(ALICE, JobFilter.all(), PageRequest.first(10));

        assertThat(page.items()).extracting(job -> job.id().value())
                .containsExactly("job-c", "job-a", "job-B", "job-9", "job-10");
    }

    @Test
    void listsOnlyJobsWithTheFilteredStatus() {
        Job queued = aJob().ownedBy(ALICE).withStatus(QUEUED).createdAt(T0).build();
        Job olderRunning = aJob().ownedBy(ALICE).withStatus(RUNNING).createdAt(T0.plusSeconds(1)).build();
        Job completed = aJob().ownedBy(ALICE).withStatus(COMPLETED).createdAt(T0.plusSeconds(2)).build();
        Job newerRunning = aJob().ownedBy(ALICE).withStatus(RUNNING).createdAt(T0.plusSeconds(3)).build();
        Job bobsRunning = aJob().ownedBy(BOB).withStatus(RUNNING).createdAt(T0.plusSeconds(4)).build();
        saveAll(queued, olderRunning, completed, newerRunning, bobsRunning);

        Page<Job> page = repository.list(ALICE, JobFilter.withStatus(RUNNING), PageRequest.first(10));

        assertThat(page.items()).containsExactly(newerRunning, olderRunning);
    }

    @Test
    void pagesThroughEveryJobWithCursorsAcrossCreatedAtTies() {
        List<Job> alices = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            Job job = aJob().ownedBy(ALICE).createdAt(T0.plusSeconds(i / 4)).build();
            alices.add(job);
            repository.save(job);
            repository.save(aJob().ownedBy(BOB).createdAt(T0.plusSeconds(i / 4)).build());
        }

        List<Page<Job>> pages = allPages(ALICE, JobFilter.all(), 5);

        assertThat(pages).extracting(page -> page.items().size()).containsExactly(5, 5, 5, 5, 3);
        assertThat(pages.stream().flatMap(page -> page.items().stream()))
                .containsExactlyElementsOf(alices.stream().sorted(NEWEST_FIRST).toList());
    }

    @Test
    void pagesThroughAFilteredList() {
        List<Job> running = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Job job = aJob().ownedBy(ALICE).withStatus(RUNNING).createdAt(T0.plusSeconds(i / 2)).build();
            running.add(job);
            repository.save(job);
            repository.save(aJob().ownedBy(ALICE).withStatus(QUEUED).createdAt(T0.plusSeconds(i / 2)).build());
        }

        List<Page<Job>> pages = allPages(ALICE, JobFilter.withStatus(RUNNING), 4);

        assertThat(pages).extracting(page -> page.items().size()).containsExactly(4, 2);
        assertThat(pages.stream().flatMap(page -> page.items().stream()))
                .containsExactlyElementsOf(running.stream().sorted(NEWEST_FIRST).toList());
    }

    @Test
    void listsAfterACursorAtEitherEndOfTheInstantsACursorMayName() {
        Job job = aJob().ownedBy(ALICE).createdAt(T0).build();
        repository.save(job);

        Page<Job> afterLatest = repository.list(ALICE, JobFilter.all(),
                new PageRequest(Optional.of(new PageCursor(PageCursor.LATEST, job.id())), 10));
        Page<Job> afterEarliest = repository.list(ALICE, JobFilter.all(),
                new PageRequest(Optional.of(new PageCursor(PageCursor.EARLIEST, job.id())), 10));

        assertThat(afterLatest.items()).containsExactly(job);
        assertThat(afterEarliest.items()).isEmpty();
    }

    @Test
    void respectsTheLimitAndGivesNoNextCursorOnTheLastPage() {
        IntStream.range(0, 4).forEach(i -> repository.save(aJob().ownedBy(ALICE).createdAt(T0.plusSeconds(i)).build()));

        Page<Job> first = repository.list(ALICE, JobFilter.all(), PageRequest.first(2));
        Page<Job> last = repository.list(ALICE, JobFilter.all(), new PageRequest(first.next(), 2));

        assertThat(first.items()).hasSize(2);
        assertThat(first.next()).isPresent();
        assertThat(last.items()).hasSize(2);
        assertThat(last.next()).isEmpty();
        assertThat(last.following()).isEmpty();
    }

    @Test
    void namesTheJobTheNextPageStartsWith() {
        List<Job> jobs = IntStream.range(0, 3)
                .mapToObj(i -> aJob().ownedBy(ALICE).createdAt(T0.plusSeconds(i)).build())
                .toList();
        jobs.forEach(repository::save);

        Page<Job> first = repository.list(ALICE, JobFilter.all(), PageRequest.first(2));

        assertThat(first.items()).containsExactly(jobs.get(2), jobs.get(1));
        assertThat(first.following()).contains(jobs.get(0));
    }

    @Test
    void laterPagesDoNotShiftWhenNewerJobsAreCreatedWhilePaging() {
        List<Job> jobs = IntStream.range(0, 4)
                .mapToObj(i -> aJob().ownedBy(ALICE).createdAt(T0.plusSeconds(i)).build())
                .toList();
        jobs.forEach(repository::save);
        Page<Job> first = repository.list(ALICE, JobFilter.all(), PageRequest.first(2));
        repository.save(aJob().ownedBy(ALICE).createdAt(T0.plusSeconds(60)).build());

        Page<Job> second = repository.list(ALICE, JobFilter.all(), new PageRequest(first.next(), 2));

        assertThat(second.items()).containsExactly(jobs.get(1), jobs.get(0));
    }

    @Test
    void answersAReadinessCheckWhileItServes() {
        repository.save(aJob().ownedBy(ALICE).build());

        assertThat(repository.answers()).isTrue();
    }

    @Test
    void listsAnEmptyPageForAnOwnerWithoutJobs() {
        repository.save(aJob().ownedBy(BOB).build());

        Page<Job> page = repository.list(ALICE, JobFilter.all(), PageRequest.first(10));

        assertThat(page.items()).isEmpty();
        assertThat(page.next()).isEmpty();
    }

    @Test
    void countsTheOwnersJobsByStatusLeavingOutStatusesWithNone() {
        saveAll(aJob().ownedBy(ALICE).withStatus(QUEUED).build(),
                aJob().ownedBy(ALICE).withStatus(QUEUED).build(),
                aJob().ownedBy(ALICE).withStatus(RUNNING).build(),
                aJob().ownedBy(ALICE).withStatus(FAILED).build(),
                aJob().ownedBy(ALICE).withStatus(FAILED).build(),
                aJob().ownedBy(ALICE).withStatus(FAILED).build(),
                aJob().ownedBy(BOB).withStatus(COMPLETED).build());

        Map<JobStatus, Long> counts = repository.countByStatus(ALICE);

        assertThat(counts).isEqualTo(Map.of(QUEUED, 2L, RUNNING, 1L, FAILED, 3L));
    }

    @Test
    void countsNothingForAnOwnerWithoutJobs() {
        repository.save(aJob().ownedBy(BOB).build());

        Map<JobStatus, Long> counts = repository.countByStatus(ALICE);

        assertThat(counts).isEmpty();
    }

    @Test
    void deletesAJobAndReportsThatItExisted() {
        Job job = aJob().ownedBy(ALICE).build();
        Job other = aJob().ownedBy(ALICE).build();
        saveAll(job, other);

        boolean deleted = repository.delete(job.id());

        assertThat(deleted).isTrue();
        assertThat(repository.find(job.id())).isEmpty();
        assertThat(repository.find(other.id())).contains(other);
        assertThat(repository.list(ALICE, JobFilter.all(), PageRequest.first(10)).items()).containsExactly(other);
    }

    @Test
    void reportsThatAnUnknownJobWasNotDeleted() {
        repository.save(aJob().build());

        boolean deleted = repository.delete(anyJobId());

        assertThat(deleted).isFalse();
    }

    @Test
    void deletingAJobAlsoDeletesItsResult() {
        Job job = aJob().withStatus(COMPLETED).build();
        repository.save(job);
        repository.saveResult(job.id(), new byte[] {1, 2, 3});

        repository.delete(job.id());
        repository.save(job);

        assertThat(repository.loadResult(job.id())).isEmpty();
    }

    @Test
    void loadsTheResultBytesThatWereSaved() {
        Job job = aJob().withStatus(COMPLETED).build();
        repository.save(job);
        byte[] content = {0, 1, 2, (byte) 0xff, 127, -128};

        repository.saveResult(job.id(), content);

        assertThat(repository.loadResult(job.id())).hasValueSatisfying(loaded -> assertThat(loaded).containsExactly(content));
    }

    @Test
    void savingAResultAgainReplacesTheEarlierBytes() {
        Job job = aJob().withStatus(COMPLETED).build();
        repository.save(job);
        repository.saveResult(job.id(), new byte[] {1, 2, 3, 4, 5});

        repository.saveResult(job.id(), new byte[] {9});

        assertThat(repository.loadResult(job.id())).hasValueSatisfying(loaded -> assertThat(loaded).containsExactly(9));
    }

    @Test
    void keepsAnEmptyResultApartFromNoResult() {
        Job job = aJob().withStatus(COMPLETED).build();
        repository.save(job);

        repository.saveResult(job.id(), new byte[0]);

        assertThat(repository.loadResult(job.id())).hasValueSatisfying(loaded -> assertThat(loaded).isEmpty());
    }

    @Test
    void loadsAOneMegabyteResultUnchanged() {
        Job job = aJob().withStatus(COMPLETED).build();
        repository.save(job);
        byte[] content = new byte[1024 * 1024];
        new Random(42).nextBytes(content);

        repository.saveResult(job.id(), content);

        assertThat(repository.loadResult(job.id())).hasValueSatisfying(loaded -> assertThat(loaded).isEqualTo(content));
    }

    @Test
    void loadsNoResultForAJobWithoutOne() {
        Job job = aJob().build();
        repository.save(job);

        Optional<byte[]> loaded = repository.loadResult(job.id());

        assertThat(loaded).isEmpty();
    }

    @Test
    void keepsTheResultWhenTheJobIsSavedAgain() {
        Job job = aJob().withStatus(RUNNING).createdAt(T0).build();
        repository.save(job);
        repository.saveResult(job.id(), new byte[] {7, 7});

        repository.save(job.withResult(aResultUploadedAt(T0.plusSeconds(1)), T0.plusSeconds(1)));

        assertThat(repository.loadResult(job.id())).hasValueSatisfying(loaded -> assertThat(loaded).containsExactly(7, 7));
    }

    @Test
    void refusesAResultForAJobThatDoesNotExist() {
        JobId unknown = anyJobId();

        assertThatThrownBy(() -> repository.saveResult(unknown, new byte[] {1}))
                .isInstanceOf(JobNotFound.class);
        assertThat(repository.loadResult(unknown)).isEmpty();
    }

    @Test
    void storedResultsDoNotShareTheCallersArray() {
        Job job = aJob().withStatus(COMPLETED).build();
        repository.save(job);
        byte[] content = {1, 2, 3};
        repository.saveResult(job.id(), content);

        content[0] = 9;
        repository.loadResult(job.id()).orElseThrow()[1] = 9;

        assertThat(repository.loadResult(job.id())).hasValueSatisfying(loaded -> assertThat(loaded).containsExactly(1, 2, 3));
    }

    @Test
    void savesDistinctJobsAndResultsConcurrentlyFromSeveralThreads() throws Exception {
        int threads = 8;
        int jobsPerThread = 25;
        List<Job> jobs = IntStream.range(0, threads * jobsPerThread)
                .mapToObj(i -> aJob().ownedBy(ALICE).createdAt(T0.plusMillis(i)).build())
                .toList();

        runConcurrently(threads, thread -> {
            for (Job job : jobs.subList(thread * jobsPerThread, (thread + 1) * jobsPerThread)) {
                repository.save(job);
                repository.saveResult(job.id(), job.id().value().getBytes(UTF_8));
            }
        });

        assertThat(repository.countByStatus(ALICE)).isEqualTo(Map.of(QUEUED, (long) jobs.size()));
        assertThat(allPages(ALICE, JobFilter.all(), 100).stream().flatMap(page -> page.items().stream()))
                .containsExactlyElementsOf(jobs.stream().sorted(NEWEST_FIRST).toList());
        assertThat(jobs).allSatisfy(job -> assertThat(repository.loadResult(job.id()))
                .hasValueSatisfying(loaded -> assertThat(new String(loaded, UTF_8))
                        .isEqualTo(job.id().value())));
    }

    @Test
    void concurrentSavesOfTheSameNewJobLeaveExactlyOneVersion() throws Exception {
        int threads = 8;
        JobId id = anyJobId();
        List<Job> versions = IntStream.range(0, threads)
                .mapToObj(i -> aJob().withId(id).ownedBy(ALICE).withStatus(RUNNING).withProgress(i).createdAt(T0).build())
                .toList();

        runConcurrently(threads, thread -> repository.save(versions.get(thread)));

        assertThat(repository.find(id)).hasValueSatisfying(found -> assertThat(versions).contains(found));
        assertThat(repository.countByStatus(ALICE)).isEqualTo(Map.of(RUNNING, 1L));
    }

    private void saveAll(Job... jobs) {
        for (Job job : jobs) {
            repository.save(job);
        }
    }

    /** Follows next cursors to the end; bounded, so a repository that loops fails instead of hanging. */
    private List<Page<Job>> allPages(OwnerId owner, JobFilter filter, int limit) {
        List<Page<Job>> pages = new ArrayList<>();
        Page<Job> page = repository.list(owner, filter, PageRequest.first(limit));
        pages.add(page);
        while (page.next().isPresent()) {
            assertThat(pages).as("pages before the cursor should have run out").hasSizeLessThan(1_000);
            page = repository.list(owner, filter, new PageRequest(page.next(), limit));
            pages.add(page);
        }
        return pages;
    }

    private interface ThreadBody {
        void run(int thread) throws Exception;
    }

    /** Starts every thread at once behind a latch so their writes really overlap, and rethrows any failure. */
    private static void runConcurrently(int threads, ThreadBody body) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<Void> task = () -> {
                    start.await();
                    body.run(thread);
                    return null;
                };
                futures.add(executor.submit(task));
            }
            start.countDown();
            for (Future<Void> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
