package dev.jobcache.benchmarks.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jobcache.benchmarks.workload.JobcacheClient.Answer;
import dev.jobcache.benchmarks.workload.UserJobs.Job;
import dev.jobcache.benchmarks.workload.UserJobs.Status;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * A realistic workload against one running jobcache, measuring its cache's hit ratio per route beside the ideal
 * cache's ({@link IdealCache}). Users are seeded with jobs in every state first; then a fixed number of operations
 * picks users by Zipf and, within a user, jobs by Zipf over recency, and mostly reads: job status polls most, lists,
 * the profile, downloads and the public routes; the writes mirror the seed's mix (status and progress updates
 * frequent, submissions moderate, uploads and deletions rare). Each thread's choices follow from {@code --seed}; how
 * the threads interleave does not.
 *
 * <pre>
 * java -cp benchmarks.jar dev.jobcache.benchmarks.workload.HitRatioWorkload --url http://127.0.0.1:8080
 *     --tokens FILE (lines "user token") --backend NAME --json FILE --markdown FILE
 *     [--operations 40000] [--threads 4] [--seed 1] [--write-percent 10] [--jobs-per-user 25]
 * </pre>
 */
public final class HitRatioWorkload {

    enum WriteKind { PROGRESS, START, COMPLETE, SUBMIT, UPLOAD, DELETE }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double ZIPF_EXPONENT = 1.0;

    private final Map<String, String> options;
    private final JobcacheClient client;
    private final List<UserJobs> users;
    private final int operations;
    private final int threads;
    private final long seed;
    private final int writePercent;
    private final int jobsPerUser;
    private final Zipf userPopularity;
    private final Zipf jobRecency;
    private final IdealCache ideal = new IdealCache(System::nanoTime);
    private final Map<Route, RouteTally> tallies = new EnumMap<>(Route.class);
    private final Map<WriteKind, LongAdder> writes = new EnumMap<>(WriteKind.class);
    private final LongAdder write4xx = new LongAdder();
    private final LongAdder write5xx = new LongAdder();
    private final Map<String, LongAdder> readsNotOk = new ConcurrentHashMap<>();
    private final List<String> writeFailures = Collections.synchronizedList(new ArrayList<>());

    private HitRatioWorkload(Map<String, String> options, List<UserJobs> users) {
        this.options = options;
        this.client = new JobcacheClient(required(options, "url"));
        this.users = users;
        this.operations = Integer.parseInt(options.getOrDefault("operations", "40000"));
        this.threads = Integer.parseInt(options.getOrDefault("threads", "4"));
        this.seed = Long.parseLong(options.getOrDefault("seed", "1"));
        this.writePercent = Integer.parseInt(options.getOrDefault("write-percent", "10"));
        this.jobsPerUser = Integer.parseInt(options.getOrDefault("jobs-per-user", "25"));
        this.userPopularity = new Zipf(ZIPF_EXPONENT, users.size());
        this.jobRecency = new Zipf(ZIPF_EXPONENT, jobsPerUser + operations);
        for (Route route : Route.values()) {
            tallies.put(route, RouteTally.of(route));
        }
        for (WriteKind kind : WriteKind.values()) {
            writes.put(kind, new LongAdder());
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        List<UserJobs> users = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(required(options, "tokens")))) {
            String[] nameAndToken = line.trim().split("\\s+");
            if (nameAndToken.length == 2) {
                users.add(new UserJobs(nameAndToken[0], nameAndToken[1]));
            }
        }
        HitRatioWorkload workload = new HitRatioWorkload(options, users);
        long seedNanos = workload.inParallel(workload::seedUsers);
        long measureNanos = workload.inParallel(workload::measure);
        workload.report(seedNanos / 1e9, measureNanos / 1e9);
    }

    /** Runs {@code task(thread)} on every thread and returns the wall time; any failure fails the run. */
    private long inParallel(ThreadTask task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                running.add(pool.submit(() -> {
                    task.run(thread);
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
            return System.nanoTime() - start;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface ThreadTask {
        void run(int thread) throws Exception;
    }

    /**
     * Every user gets {@code jobsPerUser} jobs, the oldest 60 % completed (two thirds of those with a result to
     * download), the next 20 % running, the newest queued: the shape of an account that has been in use a while.
     */
    private void seedUsers(int thread) {
        for (int u = thread; u < users.size(); u += threads) {
            UserJobs user = users.get(u);
            for (int i = 0; i < jobsPerUser; i++) {
                submit(user, new Random(seed + u * 1_000L + i), true);
            }
            List<Job> jobs = user.all();
            for (int i = 0; i < jobs.size(); i++) {
                double age = (jobs.size() - i - 0.5) / jobs.size();
                Job job = jobs.get(i);
                if (age > 0.4) {
                    patch(user, job, WriteKind.START, "{\"status\":\"RUNNING\",\"progress\":5}", Status.RUNNING, 5, true);
                    patch(user, job, WriteKind.COMPLETE, "{\"status\":\"COMPLETED\"}", Status.COMPLETED, 100, true);
                    if (i % 3 != 2) {
                        upload(user, job, new Random(seed + i), true);
                    }
                } else if (age > 0.2) {
                    int progress = 10 + (i * 37) % 80;
                    patch(user, job, WriteKind.START, "{\"status\":\"RUNNING\",\"progress\":" + progress + "}",
                            Status.RUNNING, progress, true);
                }
            }
        }
    }

    private void measure(int thread) {
        Random random = new Random(seed * 1_000_003L + thread);
        int share = operations / threads + (thread < operations % threads ? 1 : 0);
        for (int n = 0; n < share; n++) {
            UserJobs user = users.get(userPopularity.rank(random, users.size()));
            if (random.nextInt(100) < writePercent) {
                user.writing.lock();
                try {
                    write(user, random);
                } finally {
                    user.writing.unlock();
                }
            } else {
                read(user, random);
            }
        }
    }

    /** Polling a job's status is what clients do most; lists next; the profile, downloads and public routes less. */
    private void read(UserJobs user, Random random) {
        int pick = random.nextInt(100);
        if (pick < 5) {
            read(Route.HEALTH, null, "/health");
        } else if (pick < 10) {
            read(Route.VERSION, null, "/version");
        } else if (pick < 20) {
            read(Route.PROFILE, user, "/user/me");
        } else if (pick < 45) {
            int page = random.nextInt(100);
            String cursor = user.secondPageCursor();
            if (page < 15) {
                read(Route.JOBS, user, "/jobs?status=RUNNING&limit=20");
            } else if (page < 30 && cursor != null) {
                read(Route.JOBS, user, "/jobs?limit=20&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            } else {
                Answer first = read(Route.JOBS, user, "/jobs?limit=20");
                if (first.status() == 200) {
                    JsonNode next = parse(first).get("nextCursor");
                    user.firstPageSeen(next == null || next.isNull() ? null : next.asText());
                }
            }
        } else {
            Job done = pick < 55 ? user.recent(job -> job.hasResult && job.status == Status.COMPLETED, jobRecency, random) : null;
            Job job = done != null ? done : user.recent(any -> true, jobRecency, random);
            if (done != null) {
                read(Route.DOWNLOAD, user, "/jobs/" + done.id + "/download");
            } else if (job != null) {
                read(Route.JOB, user, "/jobs/" + job.id);
            }
        }
    }

    private Answer read(Route route, UserJobs user, String path) {
        Answer answer = client.get(path, user == null ? null : user.token);
        RouteTally tally = tallies.get(route);
        if (answer.status() == 200) {
            String key = (route.perUser ? user.name : "(public)") + " " + path;
            tally.recordOk(answer.cache(), ideal.wouldHit(key, route.ttl, sha256(answer.body())));
        } else {
            tally.recordNotOk();
            readsNotOk.computeIfAbsent(route.template + " " + answer.status(), k -> new LongAdder()).increment();
        }
        return answer;
    }

    /** Status and progress updates 70 %, submissions 20 %, uploads 5 %, deletions 5 %; a submission when no job fits. */
    private void write(UserJobs user, Random random) {
        int pick = random.nextInt(100);
        if (pick < 70) {
            Job job = user.recent(active -> active.status != Status.COMPLETED, jobRecency, random);
            if (job != null) {
                advance(user, job, random);
                return;
            }
        } else if (pick < 75) {
            Job job = user.recent(done -> done.status == Status.COMPLETED && !done.hasResult, jobRecency, random);
            job = job != null ? job : user.recent(done -> done.status == Status.COMPLETED, jobRecency, random);
            if (job != null) {
                upload(user, job, random, false);
                return;
            }
        } else if (pick < 80) {
            Job job = user.oldestCompleted();
            if (job != null) {
                Answer answer = client.write("DELETE", "/jobs/" + job.id, user.token, "application/json", null);
                if (succeeded(WriteKind.DELETE, "DELETE /jobs/" + job.id, answer, false)) {
                    user.deleted(job);
                }
                return;
            }
        }
        submit(user, random, false);
    }

    private void advance(UserJobs user, Job job, Random random) {
        if (job.status == Status.QUEUED) {
            patch(user, job, WriteKind.START, "{\"status\":\"RUNNING\",\"progress\":5}", Status.RUNNING, 5, false);
        } else if (job.progress + 25 >= 100) {
            patch(user, job, WriteKind.COMPLETE, "{\"status\":\"COMPLETED\"}", Status.COMPLETED, 100, false);
        } else {
            int progress = job.progress + 5 + random.nextInt(20);
            patch(user, job, WriteKind.PROGRESS, "{\"progress\":" + progress + "}", Status.RUNNING, progress, false);
        }
    }

    private void patch(UserJobs user, Job job, WriteKind kind, String body, Status status, int progress, boolean seeding) {
        Answer answer = client.write("PATCH", "/jobs/" + job.id, user.token, "application/json", body);
        if (succeeded(kind, "PATCH /jobs/" + job.id + " " + body, answer, seeding)) {
            user.changed(job, status, progress, job.hasResult);
        }
    }

    private void submit(UserJobs user, Random random, boolean seeding) {
        String body = "{\"type\":\"render\",\"input\":{\"scene\":\"s" + random.nextInt(1000) + "\",\"frames\":"
                + (1 + random.nextInt(240)) + "}}";
        Answer answer = client.write("POST", "/jobs", user.token, "application/json", body);
        if (succeeded(WriteKind.SUBMIT, "POST /jobs", answer, seeding)) {
            user.submitted(parse(answer).get("id").asText());
        }
    }

    private void upload(UserJobs user, Job job, Random random, boolean seeding) {
        StringBuilder csv = new StringBuilder("frame,ms\n");
        for (int frame = 1; frame <= 5; frame++) {
            csv.append(frame).append(',').append(10 + random.nextInt(990)).append('\n');
        }
        Answer answer = client.write("PUT", "/jobs/" + job.id + "/download", user.token, "text/csv", csv.toString());
        if (succeeded(WriteKind.UPLOAD, "PUT /jobs/" + job.id + "/download", answer, seeding)) {
            user.changed(job, job.status, job.progress, true);
        }
    }

    /** A refused write is a bug: seeding stops on it; the measured phase counts and reports it. */
    private boolean succeeded(WriteKind kind, String what, Answer answer, boolean seeding) {
        if (answer.status() / 100 == 2) {
            if (!seeding) {
                writes.get(kind).increment();
            }
            return true;
        }
        String failure = what + " -> " + answer.status() + " " + answer.text();
        if (seeding) {
            throw new IllegalStateException("seeding failed: " + failure);
        }
        (answer.status() >= 500 ? write5xx : write4xx).increment();
        if (writeFailures.size() < 10) {
            writeFailures.add(failure);
            System.err.println("hit-ratio: write refused: " + failure);
        }
        return false;
    }

    private void report(double seedSeconds, double elapsedSeconds) throws IOException {
        RouteTally all = RouteTally.sum("all routes", tallies.values());
        long writesDone = writes.values().stream().mapToLong(LongAdder::sum).sum();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("backend", required(options, "backend"));
        json.put("operations", operations);
        json.put("reads", all.requests.sum());
        json.put("writes", writesDone);
        Map<String, Long> byKind = new LinkedHashMap<>();
        writes.forEach((kind, count) -> byKind.put(kind.name().toLowerCase(), count.sum()));
        json.put("writesByKind", byKind);
        json.put("write4xx", write4xx.sum());
        json.put("write5xx", write5xx.sum());
        json.put("writeFailures", writeFailures);
        Map<String, Long> notOk = new LinkedHashMap<>();
        readsNotOk.forEach((what, count) -> notOk.put(what, count.sum()));
        json.put("readsNotOk", notOk);
        json.put("seedSeconds", Math.round(seedSeconds * 10) / 10.0);
        json.put("elapsedSeconds", Math.round(elapsedSeconds * 10) / 10.0);
        Map<String, Object> routes = new LinkedHashMap<>();
        tallies.forEach((route, tally) -> routes.put(route.template, tally.toJson()));
        json.put("routes", routes);
        json.put("all", all.toJson());
        JSON.writeValue(Path.of(required(options, "json")).toFile(), json);

        List<String> lines = new ArrayList<>();
        lines.add("| route | reads | 200s | hit ratio | of which STALE | ideal | actual / ideal | seed's expectation | ≥ 0.9 × ideal |");
        lines.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        tallies.values().forEach(tally -> lines.add(tally.markdownRow()));
        lines.add(all.markdownRow());
        lines.add("");
        lines.add(String.format("%,d operations in %.1f s (seeding before them: %.1f s): %,d reads, %,d writes (%s); "
                        + "writes refused: %d 4xx, %d 5xx; reads not 200: %s.", operations, elapsedSeconds, seedSeconds,
                all.requests.sum(), writesDone, listed(byKind), write4xx.sum(), write5xx.sum(),
                notOk.isEmpty() ? "none" : listed(notOk)));
        Files.write(Path.of(required(options, "markdown")), lines);
        lines.forEach(System.out::println);
    }

    private static String listed(Map<String, Long> counts) {
        return counts.entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    private static JsonNode parse(Answer answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + answer.text(), e);
        }
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
