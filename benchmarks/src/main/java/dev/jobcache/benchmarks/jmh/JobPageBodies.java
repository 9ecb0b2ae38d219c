package dev.jobcache.benchmarks.jmh;

import dev.jobcache.domain.job.JobId;
import dev.jobcache.domain.job.JobStatus;
import dev.jobcache.domain.job.PageCursor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Bodies shaped like the service's {@code GET /jobs} answer: a page of jobs with the fields and order of the REST
 * adapter's {@code JobJson} and {@code JobPageJson} (absent fields left out, as its {@code NON_NULL} mapper does), newest
 * first, with a {@code nextCursor} encoded as the domain encodes it. Ids, timestamps, progress and hashes vary per job,
 * because a page of identical jobs would compress far better than a real one and flatter every gzip figure.
 *
 * <p>A page is about 6 KB of JSON and about 1.8 KB gzip-compressed: random UUIDs and microsecond timestamps are
 * most of what gzip cannot squeeze, as in the service's own answers.
 *
 * <p>Deterministic: the same owner and seed give the same bytes, so runs compare. Every value is ASCII without
 * characters JSON must escape, which is why the text is assembled directly rather than through Jackson.
 */
public final class JobPageBodies {

    public static final int JOBS_PER_PAGE = 20;

    private static final String[] TYPES = {"render", "transcode", "report", "thumbnail", "import"};
    private static final String[] SCENES = {"city-night", "forest", "harbour", "studio", "desert", "interior"};
    private static final String[] RESULT_TYPES = {"image/png", "video/mp4", "application/pdf", "application/zip"};
    /** Weighted as a busy account's newest jobs: mostly running or done, a few queued, failed or cancelled. */
    private static final JobStatus[] STATUSES = {
        JobStatus.QUEUED, JobStatus.QUEUED, JobStatus.QUEUED,
        JobStatus.RUNNING, JobStatus.RUNNING, JobStatus.RUNNING, JobStatus.RUNNING, JobStatus.RUNNING,
        JobStatus.RUNNING, JobStatus.RUNNING,
        JobStatus.COMPLETED, JobStatus.COMPLETED, JobStatus.COMPLETED, JobStatus.COMPLETED, JobStatus.COMPLETED,
        JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.CANCELLED};
    private static final Instant NEWEST = Instant.parse("2026-12-01T08:19:02.123456Z");
    /** A page of the newest jobs spans a couple of days of one account's work. */
    private static final long SPREAD_SECONDS = 2L * 24 * 3600;

    private JobPageBodies() {
    }

    /** A full page of {@value #JOBS_PER_PAGE} jobs of {@code owner}, in UTF-8. */
    public static byte[] page(String owner, long seed) {
        return page(owner, seed, JOBS_PER_PAGE);
    }

    public static byte[] page(String owner, long seed, int jobs) {
        Random random = new Random(seed);
        List<FakeJob> page = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            page.add(FakeJob.random(owner, random));
        }
        page.sort(Comparator.comparing(FakeJob::createdAt).reversed());
        StringBuilder json = new StringBuilder(300 * jobs);
        json.append("{\"items\":[");
        for (int i = 0; i < page.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            page.get(i).appendTo(json);
        }
        json.append(']');
        if (!page.isEmpty()) {
            FakeJob last = page.get(page.size() - 1);
            json.append(",\"nextCursor\":\"")
                    .append(new PageCursor(last.createdAt(), new JobId(last.id())).encode())
                    .append('"');
        }
        json.append('}');
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A job of a page, with the values that vary from job to job; {@code outcome} is its result or error field. */
    private record FakeJob(String id, String owner, String type, JobStatus status, int progress, String input,
                           Instant createdAt, Instant updatedAt, String outcome) {

        private static final long TEN_MINUTES_MICROS = 600_000_000L;

        static FakeJob random(String owner, Random random) {
            JobStatus status = STATUSES[random.nextInt(STATUSES.length)];
            int progress = switch (status) {
                case QUEUED -> 0;
                case COMPLETED -> 100;
                default -> random.nextInt(100);
            };
            String input = "{\"frames\":" + (1 + random.nextInt(240))
                    + ",\"scene\":\"scenes/" + SCENES[random.nextInt(SCENES.length)] + '-' + random.nextInt(1000)
                    + ".blend\"}";
            // microsecond precision, as the system clock and the database keep it
            Instant created = NEWEST.minusNanos(1000L * (long) (random.nextDouble() * SPREAD_SECONDS * 1_000_000));
            // a queued job has not been touched since it was created
            Instant updated = status == JobStatus.QUEUED ? created
                    : created.plusNanos(1000L * (long) (random.nextDouble() * TEN_MINUTES_MICROS));
            return new FakeJob(uuid(random), owner, TYPES[random.nextInt(TYPES.length)], status, progress, input,
                    created, updated, outcome(status, updated, random));
        }

        private static String outcome(JobStatus status, Instant updated, Random random) {
            // not every completed job has uploaded its result yet
            if (status == JobStatus.COMPLETED && random.nextInt(3) > 0) {
                byte[] sha256 = new byte[32];
                random.nextBytes(sha256);
                return ",\"result\":{\"contentType\":\"" + RESULT_TYPES[random.nextInt(RESULT_TYPES.length)]
                        + "\",\"sizeBytes\":" + (1024 + random.nextInt(50_000_000))
                        + ",\"sha256\":\"" + HexFormat.of().formatHex(sha256)
                        + "\",\"uploadedAt\":\"" + updated + "\"}";
            }
            if (status == JobStatus.FAILED) {
                return ",\"error\":\"worker exited with code " + (1 + random.nextInt(255)) + '"';
            }
            return "";
        }

        void appendTo(StringBuilder json) {
            json.append("{\"id\":\"").append(id)
                    .append("\",\"owner\":\"").append(owner)
                    .append("\",\"type\":\"").append(type)
                    .append("\",\"status\":\"").append(status.name())
                    .append("\",\"progress\":").append(progress)
                    .append(",\"input\":").append(input)
                    .append(",\"createdAt\":\"").append(createdAt)
                    .append("\",\"updatedAt\":\"").append(updatedAt).append('"')
                    .append(outcome)
                    .append('}');
        }

        private static String uuid(Random random) {
            // a version 4 UUID from the seeded generator, shaped like JobId.generate()'s
            long most = (random.nextLong() & ~0xF000L) | 0x4000L;
            long least = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
            return new UUID(most, least).toString();
        }
    }
}
