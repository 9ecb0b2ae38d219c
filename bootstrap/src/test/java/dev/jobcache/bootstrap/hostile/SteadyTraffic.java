package dev.jobcache.bootstrap.hostile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Well-behaved clients beside the hostile ones: a few threads sending ordinary requests in a loop for a while, each
 * with a 10-second timeout (what "stalled" means here), recording every status and latency.
 */
final class SteadyTraffic {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentHashMap<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final AtomicInteger answered = new AtomicInteger();

    /**
     * Runs {@code threads} clients for {@code duration}; request {@code i} of a client is {@code requests.apply(i)}.
     */
    static SteadyTraffic run(int threads, Duration duration, IntFunction<HttpRequest> requests)
            throws InterruptedException {
        SteadyTraffic traffic = new SteadyTraffic();
        long endNanos = System.nanoTime() + duration.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread client = new Thread(() -> {
                for (int i = offset; System.nanoTime() < endNanos; i += threads) {
                    traffic.send(requests.apply(i));
                }
            }, "steady-client-" + t);
            client.start();
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join();
        }
        return traffic;
    }

    static HttpRequest.Builder request(URI base, String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private void send(HttpRequest request) {
        long started = System.nanoTime();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            latenciesMicros.add((System.nanoTime() - started) / 1000);
            answered.incrementAndGet();
            if (response.statusCode() >= 300) {
                failures.computeIfAbsent(request.method() + " " + request.uri().getPath() + " -> "
                        + response.statusCode(), k -> new AtomicInteger()).incrementAndGet();
            }
        } catch (IOException e) {
            failures.computeIfAbsent(request.method() + " " + request.uri().getPath() + " -> " + e.getClass()
                    .getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int answered() {
        return answered.get();
    }

    /** Requests that did not get a 2xx in time, by request and outcome. */
    java.util.Map<String, AtomicInteger> failures() {
        return failures;
    }

    int failed() {
        return failures.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** The latency at this quantile (0.99 for p99) of the answered requests, in milliseconds. */
    double percentileMillis(double quantile) {
        List<Long> sorted;
        synchronized (latenciesMicros) {
            sorted = new ArrayList<>(latenciesMicros);
        }
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1000.0;
    }

    String figures() {
        return String.format(java.util.Locale.ROOT, "%d steady requests answered, %d not 2xx in time, p50 %.1f ms, "
                + "p99 %.1f ms, max %.1f ms", answered(), failed(), percentileMillis(0.5), percentileMillis(0.99),
                percentileMillis(1.0));
    }
}
