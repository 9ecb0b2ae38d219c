package dev.jobcache.bootstrap.scaleout;

import dev.jobcache.bootstrap.scaleout.LocalTopology.Instance;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scale-out topology as a deployer starts it, with {@code deploy/local-topology up}: three jobcache processes
 * (the packaged jar, two-tier cache) on one Redis topology and one PostgreSQL, behind HAProxy (round robin, which
 * names the instance that answered in {@code X-Served-By}). Six users drive a randomized workload through HAProxy
 * while one Redis master is killed (or failed over) and later started again. What a client is promised holds
 * throughout: no 5xx and no unexpected 4xx, never an older job on the instance that acknowledged the write, and on
 * every other instance the write shows within a bounded window. The figures are printed as one line per scenario.
 */
class ScaleOutThroughLoadBalancerIT {

    static {
        // HAProxy closes a client connection idle for 10 s (timeout http-keep-alive); the JDK client would keep it for
        // 20 minutes and might send a PATCH on it just as it is closed. Read once, when the first client is built.
        System.setProperty("jdk.httpclient.keepalive.timeout", "5");
    }

    /** The Redis topology and what is done to it mid-run. */
    enum Scenario {
        CLUSTER_KILL("cluster", "kill"),
        SENTINEL_KILL("sentinel", "kill"),
        SENTINEL_FAILOVER("sentinel", "failover");

        final String redis;
        final String fault;

        Scenario(String redis, String fault) {
            this.redis = redis;
            this.fault = fault;
        }

        @Override
        public String toString() {
            return redis + " (" + fault + ")";
        }
    }

    private static final int OPERATIONS = 10_000;
    // 10,000 operations took 60-90 s here; a slower moment of a shared 2-core machine must not fail the run
    private static final Duration WORKLOAD_DEADLINE = Duration.ofSeconds(180);
    private static final int WORKLOAD_USERS = 6;
    private static final int THREADS_PER_USER = 2;
    private static final int PROBE_JOBS = 4;
    /**
     * Each instance's near-cache copy lives at most this long (CACHE_L1_MAX_AGE_MS), also when the invalidation
     * message that should have dropped it is lost, e.g. published to a master that was just killed. Shorter than the
     * default 5 s so that a lost message costs the test seconds, not a long window.
     */
    private static final long L1_MAX_AGE_MS = 2_000;
    /**
     * How long another instance may still show the state before an acknowledged write: the longest an L1 copy can
     * outlive a lost message, plus 1 s for the loaded 2-core machine (three JVMs, HAProxy, six Redis processes and
     * this client compete for it) to schedule the reads. Redis itself cannot hold a stale entry: a write returns only
     * after its invalidation is applied on the master and WAITed for by a replica (REDIS_WAIT_REPLICAS=1), or has
     * failed, and then the writing instance serves nothing from its cache and retries.
     */
    private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(L1_MAX_AGE_MS + 1_000);

    private static final Pattern PROGRESS = Pattern.compile("\"id\":\"([^\"]+)\"[^}]*?\"progress\":(\\d+)");
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final Pattern REDIS_PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private LocalTopology topology;

    // what the run observed, from every thread
    private final AtomicInteger operations = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger staleOnWriter = new AtomicInteger();
    private final AtomicInteger staleAfterWindow = new AtomicInteger();
    private final Map<Integer, AtomicInteger> nonSuccess = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> servedBy = new ConcurrentHashMap<>();
    private final Queue problems = new Queue();
    private final List<Long> propagationNanos = Collections.synchronizedList(new ArrayList<>());
    private final LongAccumulator longestNanos = new LongAccumulator(Math::max, 0);
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Scenario.class)
    @Timeout(value = 330, unit = TimeUnit.SECONDS)
    void aClientThroughTheLoadBalancerNeverSeesAnErrorNorAnOlderJobWhileRedisFailsOver(Scenario scenario) throws Exception {
        LocalTopology.assumeTools("scale-out test through HAProxy");
        topology = LocalTopology.up(scenario.redis, WORKLOAD_USERS + 1,
                Map.of("CACHE_L1_MAX_AGE_MS", String.valueOf(L1_MAX_AGE_MS)));
        List<Instance> instances = topology.instances();
        List<User> users = new ArrayList<>();
        for (String name : topology.users().subList(0, WORKLOAD_USERS)) {
            users.add(new User(name, topology.token(name)));
        }
        // the probe user's jobs are never written: how long they stop being hits is what the fault costs the cache
        User probeUser = new User(topology.users().get(WORKLOAD_USERS), topology.token(topology.users().get(WORKLOAD_USERS)));
        List<TrackedJob> probes = new ArrayList<>();
        for (int i = 0; i < PROBE_JOBS; i++) {
            probes.add(submit(topology.haproxy(), probeUser, instances));
        }
        for (int round = 0; round < 2; round++) {
            for (Instance instance : instances) {
                for (TrackedJob probe : probes) {
                    send(instance.uri(), "GET", "/jobs/" + probe.id, probeUser.token, null);
                }
            }
        }

        long seed = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int u = 0; u < users.size(); u++) {
            for (int t = 0; t < THREADS_PER_USER; t++) {
                Random random = new Random(seed + u * 31L + t);
                User user = users.get(u);
                threads.add(started("worker-" + user.name + "-" + t, () -> work(topology, user, random)));
            }
        }
        List<ProbeSample> samples = Collections.synchronizedList(new ArrayList<>());
        threads.add(started("probe", () -> probe(instances, probeUser, probes, samples)));

        // the fault, mid-run: 30 % of the way in; a killed node is started again 8 s later, when its replica has long
        // been promoted (about 4-5 s); the load goes on for at least 4 s after that, and until hits have resumed
        long begun = System.nanoTime();
        long deadline = begun + WORKLOAD_DEADLINE.toNanos();
        long faultAt = 0;
        long recoveredAt = 0;
        String faultOutput = "";
        String killedPort = null;
        while (System.nanoTime() < deadline && failures.isEmpty()) {
            int done = operations.get();
            long now = System.nanoTime();
            if (faultAt == 0 && done >= OPERATIONS * 3 / 10) {
                faultAt = System.nanoTime();
                faultOutput = topology.script(Duration.ofSeconds(20),
                        scenario.fault.equals("kill") ? "kill-redis-master" : "failover-redis");
                if (scenario.fault.equals("kill")) {
                    Matcher port = REDIS_PORT.matcher(faultOutput);
                    assertThat(port.find()).as(faultOutput).isTrue();
                    killedPort = port.group(1);
                } else {
                    recoveredAt = faultAt;
                }
            } else if (faultAt != 0 && recoveredAt == 0 && now - faultAt >= TimeUnit.SECONDS.toNanos(8)) {
                // from the moment it is asked for: the node answers, and may be used, before the script returns
                recoveredAt = System.nanoTime();
                topology.script(Duration.ofSeconds(30), "restart-redis-node", killedPort);
            } else if (recoveredAt != 0 && done >= OPERATIONS && now - recoveredAt >= TimeUnit.SECONDS.toNanos(4)
                    && hitsBackAt(samples, faultAt, instances, probes) != Long.MAX_VALUE) {
                break;
            }
            Thread.sleep(20);
        }
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        long elapsed = System.nanoTime() - begun;

        long hitsBack = hitsBackAt(samples, faultAt, instances, probes);
        boolean hitsResumed = hitsBack != Long.MAX_VALUE;
        String hitsUnavailable = hitsResumed ? String.format("%.1f s", (hitsBack - faultAt) / 1e9) : "never resumed";
        String afterRestart = !hitsResumed || killedPort == null ? ""
                : String.format(" (%.1f s after the node was started again)", (hitsBack - recoveredAt) / 1e9);
        List<Long> propagation;
        synchronized (propagationNanos) {
            propagation = new ArrayList<>(propagationNanos);
        }
        Collections.sort(propagation);
        int non2xx = nonSuccess.values().stream().mapToInt(AtomicInteger::get).sum();
        System.out.printf("scale-out %s: %d ops, non-2xx %d, stale on writer %d, stale after window %d, propagation "
                        + "p50 %.1f ms p99 %.1f ms, longest request %d ms, hits unavailable after %s %s%n",
                scenario, operations.get(), non2xx, staleOnWriter.get(), staleAfterWindow.get(),
                percentile(propagation, 50), percentile(propagation, 99), longestNanos.get() / 1_000_000,
                scenario.fault, hitsUnavailable);
        System.out.printf("scale-out %s details: %d requests in %.1f s, %d writes, propagation max %.1f ms over %d "
                        + "samples, window %d ms, non-2xx by status %s, answered through HAProxy by %s, hits back "
                        + "%s after the %s%s, %s%s%n",
                scenario, requests.get(), elapsed / 1e9, writes.get(), percentile(propagation, 100), propagation.size(),
                TimeUnit.NANOSECONDS.toMillis(WINDOW_NANOS), new TreeMap<>(nonSuccess), new TreeMap<>(servedBy),
                hitsUnavailable, scenario.fault, afterRestart, faultOutput.strip().replace('\n', ' '), problems.isEmpty() ? "" : "; first problems: " + problems);

        assertThat(failures).as("the workload threads' failures").isEmpty();
        assertThat(faultAt).as("the Redis fault was applied").isNotZero();
        assertThat(recoveredAt).as("the killed Redis node was started again").isNotZero();
        assertThat(operations.get()).as("operations done before the %s s deadline", WORKLOAD_DEADLINE.toSeconds())
                .isGreaterThanOrEqualTo(OPERATIONS);
        assertThat(nonSuccess.keySet()).as("no 5xx at all; no 4xx either, the workload makes none on purpose").isEmpty();
        assertThat(staleOnWriter.get()).as("older jobs read on the instance that acknowledged the write").isZero();
        assertThat(staleAfterWindow.get()).as("older jobs read elsewhere after the window").isZero();
        assertThat(hitsResumed).as("the probe entries are hits again on every instance after the fault").isTrue();
        for (Instance instance : instances) {
            assertThat(servedBy.getOrDefault(instance.name(), new AtomicInteger()).get())
                    .as("requests HAProxy sent to %s", instance.name()).isPositive();
        }
        topology.keepNothing();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the workload: each thread writes only jobs it submitted, so every write to a job is ordered after the previous
    // one and its progress only rises; it reads every job of its user, written by either of the user's threads

    private void work(LocalTopology topology, User user, Random random) {
        List<TrackedJob> mine = new ArrayList<>();
        List<Instance> instances = topology.instances();
        while (!stop.get()) {
            try {
                int dice = random.nextInt(100);
                if (mine.size() < 2 || (dice < 6 && mine.size() < 4)) {
                    TrackedJob job = submit(topology.haproxy(), user, instances);
                    mine.add(job);
                } else if (dice < 36) {
                    TrackedJob job = mine.get(random.nextInt(mine.size()));
                    if (patch(topology.haproxy(), user, job, random, instances)) {
                        mine.remove(job);
                    }
                } else if (dice < 70) {
                    List<TrackedJob> all = user.jobs;
                    TrackedJob job = all.get(random.nextInt(all.size()));
                    long asked = System.nanoTime();
                    Answer answer = send(topology.haproxy(), "GET", "/jobs/" + job.id, user.token, null);
                    if (answer.status == 200) {
                        checkAgainstWindow(job, progressOf(answer.body, job.id), asked, answer, "GET /jobs/{id}");
                    }
                } else if (dice < 85) {
                    long asked = System.nanoTime();
                    Answer answer = send(topology.haproxy(), "GET", "/jobs?limit=20", user.token, null);
                    if (answer.status == 200) {
                        Map<String, Integer> shown = progressById(answer.body);
                        for (TrackedJob job : user.jobs) {
                            Integer progress = shown.get(job.id);
                            if (progress != null) {
                                checkAgainstWindow(job, progress, asked, answer, "GET /jobs");
                            }
                        }
                    }
                } else {
                    Answer answer = send(topology.haproxy(), "GET", "/user/me", user.token, null);
                    if (answer.status == 200 && !answer.body.contains("\"" + user.name + "\"")) {
                        problems.add("GET /user/me of " + user.name + " answered " + answer.body);
                        failures.add(new AssertionError("GET /user/me of " + user.name + " answered " + answer.body));
                    }
                }
                operations.incrementAndGet();
            } catch (Throwable e) {
                failures.add(e);
                return;
            }
        }
    }

    private TrackedJob submit(URI haproxy, User user, List<Instance> instances) throws InterruptedException {
        Answer created = send(haproxy, "POST", "/jobs", user.token, "{\"type\":\"render\",\"input\":{\"frames\":3}}");
        assertThat(created.status).as("POST /jobs: %s", created.body).isEqualTo(201);
        Matcher id = ID.matcher(created.body);
        assertThat(id.find()).as(created.body).isTrue();
        TrackedJob job = new TrackedJob(id.group(1));
        job.acked(created.receivedNanos, 0);
        user.jobs.add(job);
        writes.incrementAndGet();
        Instance writer = writerOf(created, instances);
        Answer read = send(writer.uri(), "GET", "/jobs/" + job.id, user.token, null);
        if (read.status != 200) {
            staleOnWriter.incrementAndGet();
            problems.add(writer.name() + " answered " + read.status + " (X-Cache " + read.cache + ") for the job it just created");
        }
        return job;
    }

    /** Raises the job's progress (and now and then ends it); true when the job is final. */
    private boolean patch(URI haproxy, User user, TrackedJob job, Random random, List<Instance> instances)
            throws InterruptedException {
        int next = job.progress + 1 + random.nextInt(3);
        String body;
        boolean last = false;
        if (job.progress >= 93) {
            last = true;
            int end = random.nextInt(20);
            if (end == 0) {
                body = "{\"status\":\"CANCELLED\",\"progress\":" + next + "}";
            } else if (end == 1) {
                body = "{\"status\":\"FAILED\",\"progress\":" + next + ",\"error\":\"renderer crashed\"}";
            } else {
                body = "{\"status\":\"COMPLETED\"}";
                next = 100;
            }
        } else if (!job.running) {
            body = "{\"status\":\"RUNNING\",\"progress\":" + next + "}";
        } else {
            body = "{\"progress\":" + next + "}";
        }
        Answer written = send(haproxy, "PATCH", "/jobs/" + job.id, user.token, body);
        if (written.status != 200) {
            // counted in nonSuccess; the job's state is no longer known, so this thread leaves it alone
            problems.add("PATCH " + body + " answered " + written.status + ": " + written.body);
            return true;
        }
        assertThat(progressOf(written.body, job.id)).as(written.body).isEqualTo(next);
        job.running = true;
        job.acked(written.receivedNanos, next);
        writes.incrementAndGet();
        checkCoherence(writerOf(written, instances), user, job, next, written.receivedNanos, instances);
        return last;
    }

    /**
     * After a write acknowledged by {@code writer}: that instance, asked directly, shows at least the write at once,
     * in the job and in its owner's list (checked when the list's first page, the newest 20, holds the job); every
     * other instance shows the job within the window, and how long it took is one propagation sample. Lists on the
     * other instances are held to the window by the reads through HAProxy ({@link #checkAgainstWindow}): polling them
     * here too would cost an origin query per poll, each write having invalidated them, for little more assurance.
     */
    private void checkCoherence(Instance writer, User user, TrackedJob job, int progress, long acknowledged,
                                List<Instance> instances) throws InterruptedException {
        Answer one = send(writer.uri(), "GET", "/jobs/" + job.id, user.token, null);
        if (one.status == 200 && progressOf(one.body, job.id) < progress) {
            staleOnWriter.incrementAndGet();
            problems.add(writer.name() + " (the writer) showed progress " + progressOf(one.body, job.id) + " < "
                    + progress + " in GET /jobs/{id}, X-Cache " + one.cache);
        }
        Answer list = send(writer.uri(), "GET", "/jobs?limit=20", user.token, null);
        Integer listed = list.status == 200 ? progressById(list.body).get(job.id) : null;
        if (listed != null && listed < progress) {
            staleOnWriter.incrementAndGet();
            problems.add(writer.name() + " (the writer) showed progress " + listed + " < " + progress
                    + " in GET /jobs, X-Cache " + list.cache);
        }

        long started = System.nanoTime();
        for (Instance other : instances) {
            if (other == writer) {
                continue;
            }
            while (true) {
                Answer answer = send(other.uri(), "GET", "/jobs/" + job.id, user.token, null);
                if (answer.status == 200 && progressOf(answer.body, job.id) >= progress) {
                    propagationNanos.add(System.nanoTime() - started);
                    break;
                }
                if (System.nanoTime() - acknowledged > WINDOW_NANOS) {
                    staleAfterWindow.incrementAndGet();
                    problems.add(other.name() + " still did not show progress " + progress + " of a job written through "
                            + writer.name() + " " + TimeUnit.NANOSECONDS.toMillis(WINDOW_NANOS) + " ms after the write, "
                            + "X-Cache " + answer.cache);
                    break;
                }
            }
        }
    }

    /** A read through HAProxy begun at {@code asked} shows at least every write acknowledged a window before it. */
    private void checkAgainstWindow(TrackedJob job, int shown, long asked, Answer answer, String view) {
        int due = job.ackedBefore(asked - WINDOW_NANOS);
        if (shown < due) {
            staleAfterWindow.incrementAndGet();
            problems.add(answer.servedBy + " showed progress " + shown + " < " + due + " in " + view
                    + ", acknowledged more than the window before, X-Cache " + answer.cache);
        }
    }

    /** Reads each probe job on each instance directly, a round every 200 ms or so, noting whether it was a hit. */
    private void probe(List<Instance> instances, User user, List<TrackedJob> probes, List<ProbeSample> samples) {
        try {
            while (!stop.get()) {
                for (int i = 0; i < instances.size(); i++) {
                    for (int p = 0; p < probes.size(); p++) {
                        Answer answer = send(instances.get(i).uri(), "GET", "/jobs/" + probes.get(p).id, user.token, null);
                        samples.add(new ProbeSample(answer.receivedNanos, i, p, "HIT".equals(answer.cache)));
                    }
                }
                Thread.sleep(200);
            }
        } catch (Throwable e) {
            failures.add(e);
        }
    }

    /**
     * When every probe entry was a hit again on every instance after the fault: for each entry and instance, the first
     * hit after the first answer since the fault that was not one. Returns that instant (nanoTime); {@code faultAt}
     * when no entry ever stopped being a hit; {@link Long#MAX_VALUE} when one never came back.
     */
    private static long hitsBackAt(List<ProbeSample> samples, long faultAt, List<Instance> instances, List<TrackedJob> probes) {
        if (faultAt == 0) {
            return Long.MAX_VALUE;
        }
        List<ProbeSample> sorted;
        synchronized (samples) {
            sorted = new ArrayList<>(samples);
        }
        sorted.sort(Comparator.comparingLong(ProbeSample::nanos));
        long latest = faultAt;
        for (int i = 0; i < instances.size(); i++) {
            for (int p = 0; p < probes.size(); p++) {
                boolean missed = false;
                long back = -1;
                for (ProbeSample sample : sorted) {
                    if (sample.instance != i || sample.probe != p || sample.nanos < faultAt) {
                        continue;
                    }
                    if (!sample.hit) {
                        missed = true;
                    } else if (missed) {
                        back = sample.nanos;
                        break;
                    }
                }
                if (missed && back < 0) {
                    return Long.MAX_VALUE;
                }
                latest = Math.max(latest, back);
            }
        }
        return latest;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // HTTP

    private Answer send(URI base, String method, String path, String token, String json) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        long started = System.nanoTime();
        requests.incrementAndGet();
        Answer answer;
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            long received = System.nanoTime();
            answer = new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("X-Served-By").orElse(null),
                    response.headers().firstValue("X-Cache").orElse(""), received);
        } catch (IOException e) {
            // a refused, reset or timed-out request: counted with the non-2xx answers, as status 0
            answer = new Answer(0, e.toString(), null, "", System.nanoTime());
        }
        longestNanos.accumulate(answer.receivedNanos - started);
        if (answer.status < 200 || answer.status > 299) {
            nonSuccess.computeIfAbsent(answer.status, s -> new AtomicInteger()).incrementAndGet();
            problems.add(method + " " + base.getPort() + path + " answered " + answer.status + ": " + abbreviated(answer.body));
        }
        if (answer.servedBy != null) {
            servedBy.computeIfAbsent(answer.servedBy, s -> new AtomicInteger()).incrementAndGet();
        }
        return answer;
    }

    private static Instance writerOf(Answer answer, List<Instance> instances) {
        assertThat(answer.servedBy).as("X-Served-By of a write through HAProxy").isNotNull();
        return instances.stream().filter(i -> i.name().equals(answer.servedBy)).findFirst()
                .orElseThrow(() -> new AssertionError("X-Served-By names no instance: " + answer.servedBy));
    }

    private static int progressOf(String body, String id) {
        Matcher m = PROGRESS.matcher(body);
        assertThat(m.find()).as(body).isTrue();
        assertThat(m.group(1)).isEqualTo(id);
        return Integer.parseInt(m.group(2));
    }

    private static Map<String, Integer> progressById(String body) {
        Map<String, Integer> shown = new HashMap<>();
        Matcher m = PROGRESS.matcher(body);
        while (m.find()) {
            shown.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return shown;
    }

    private static double percentile(List<Long> sortedNanos, int percent) {
        if (sortedNanos.isEmpty()) {
            return 0;
        }
        int index = Math.min(sortedNanos.size() - 1, (int) Math.ceil(percent / 100.0 * sortedNanos.size()) - 1);
        return sortedNanos.get(Math.max(0, index)) / 1e6;
    }

    private static String abbreviated(String text) {
        String line = text.replace('\n', ' ');
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }

    private Thread started(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the topology, through deploy/local-topology

    @AfterEach
    void down() {
        stop.set(true);
        if (topology != null) {
            topology.close();
            topology = null;
        }
    }

    private record Answer(int status, String body, String servedBy, String cache, long receivedNanos) {
    }

    private record ProbeSample(long nanos, int instance, int probe, boolean hit) {
    }

    private static final class User {
        final String name;
        final String token;
        /** Every job of this user submitted in this run, by either of its threads. */
        final List<TrackedJob> jobs = new CopyOnWriteArrayList<>();

        User(String name, String token) {
            this.name = name;
            this.token = token;
        }
    }

    /** A job and the progress of each of its acknowledged writes, in order: progress is its version. */
    private static final class TrackedJob {
        final String id;
        /** The last acknowledged progress; only the thread that submitted the job writes it. */
        volatile int progress;
        volatile boolean running;
        private final List<long[]> acknowledged = new ArrayList<>();

        TrackedJob(String id) {
            this.id = id;
        }

        synchronized void acked(long nanos, int newProgress) {
            acknowledged.add(new long[] {nanos, newProgress});
            progress = newProgress;
        }

        /** The progress of the last write acknowledged at or before {@code nanos}; 0 before any. */
        synchronized int ackedBefore(long nanos) {
            for (int i = acknowledged.size() - 1; i >= 0; i--) {
                if (acknowledged.get(i)[0] <= nanos) {
                    return (int) acknowledged.get(i)[1];
                }
            }
            return 0;
        }
    }

    /** The first few problems, for the figures line: enough to tell what went wrong without flooding the log. */
    private static final class Queue {
        private final ConcurrentLinkedQueue<String> first = new ConcurrentLinkedQueue<>();
        private final AtomicInteger count = new AtomicInteger();

        void add(String problem) {
            if (count.incrementAndGet() <= 8) {
                first.add(problem);
            }
        }

        boolean isEmpty() {
            return count.get() == 0;
        }

        @Override
        public String toString() {
            return String.join(" | ", first) + (count.get() > 8 ? " | ... (" + count.get() + " in all)" : "");
        }
    }
}
