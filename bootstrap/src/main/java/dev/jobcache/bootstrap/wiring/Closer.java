package dev.jobcache.bootstrap.wiring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * What the wiring has opened, closed last first: the way out of a start-up that fails halfway (only what was opened
 * is closed) and of a stop. A resource that fails to close is logged and the others are still closed.
 */
final class Closer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Closer.class);

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** Registers {@code resource} to be closed before everything registered earlier; returns it. */
    synchronized <T extends AutoCloseable> T add(T resource) {
        opened.push(Objects.requireNonNull(resource, "resource"));
        return resource;
    }

    @Override
    public void close() {
        AutoCloseable next;
        while ((next = poll()) != null) {
            try {
                next.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", next.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private synchronized AutoCloseable poll() {
        return opened.poll();
    }
}
