package dev.jobcache.testkit.fake;

import dev.jobcache.domain.port.RequestMetrics;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A {@link RequestMetrics} that keeps every request it is told of, for assertions on exactly what was counted.
 * Thread-safe; {@link #served} never throws.
 */
public final class RecordingRequestMetrics implements RequestMetrics {

    /** One request as it was counted. */
    public record Served(String method, String route, int status, long latencyNanos) {
    }

    private final ConcurrentLinkedQueue<Served> served = new ConcurrentLinkedQueue<>();

    @Override
    public void served(String method, String route, int status, long latencyNanos) {
        // the port promises callers that recording never fails, even for a null from a buggy caller
        if (method != null && route != null) {
            served.add(new Served(method, route, status, latencyNanos));
        }
    }

    /** Every request counted so far, in the order their responses completed. */
    public List<Served> requests() {
        return List.copyOf(served);
    }

    /** How many requests were counted with this method, route and status. */
    public long count(String method, String route, int status) {
        return served.stream()
                .filter(s -> s.method().equals(method) && s.route().equals(route) && s.status() == status)
                .count();
    }
}
