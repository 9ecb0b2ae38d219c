package dev.jobcache.adapters.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobcache.application.admin.CacheAdministration;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.ContainerLifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Live snapshots of the cache: one on demand, and one a second to every open Server-Sent Events stream.
 *
 * <p>One shared scheduler thread feeds all streams, so an open dashboard does not hold an HTTP worker thread for
 * its whole life (the resource method returns at once; Jersey keeps the response open). A stream ends when a send
 * to it fails, which is how a client's disconnect shows, or when this monitor is closed at shutdown. Streams are
 * capped: each costs a snapshot serialisation's worth of writes a second, and admins need few.
 *
 * <p>Requests per second are computed against the previous snapshot taken at least a second before, so several
 * pollers do not shrink the window to nothing. Thread-safe.
 */
final class LiveMonitor implements AutoCloseable {

    static final int MAX_STREAMS = 16;
    static final Duration PERIOD = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(LiveMonitor.class);

    private final CacheAdministration admin;
    private final ObjectMapper mapper;
    private final int maxStreams;
    private final Set<SseEventSink> sinks = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    // guarded by lock
    private Reading previous;
    private ScheduledExecutorService ticker;
    private Sse sse;
    private boolean closed;

    LiveMonitor(CacheAdministration admin, ObjectMapper mapper, int maxStreams) {
        this.admin = admin;
        this.mapper = mapper;
        this.maxStreams = maxStreams;
    }

    MonitorJson.Snapshot snapshot() {
        CacheAdministration.Snapshot now = admin.snapshot();
        Reading current = new Reading(now.nanoTime(), MonitorJson.requestsOf(now));
        Double rate = null;
        synchronized (lock) {
            if (previous != null && current.nanoTime() > previous.nanoTime()) {
                rate = (current.requests() - previous.requests()) * 1e9 / (current.nanoTime() - previous.nanoTime());
            }
            if (previous == null || current.nanoTime() - previous.nanoTime() >= PERIOD.toNanos()) {
                previous = current;
            }
        }
        return MonitorJson.Snapshot.of(now, rate);
    }

    /**
     * Adds a stream and sends it the first snapshot at once.
     *
     * @throws ServiceUnavailableException when {@value #MAX_STREAMS} streams are open, or at shutdown
     */
    void open(SseEventSink sink, Sse events) {
        synchronized (lock) {
            if (closed || sinks.size() >= maxStreams) {
                throw new ServiceUnavailableException("at most " + maxStreams + " live streams may be open at once; "
                        + "poll the JSON snapshot instead, or try again later", PERIOD.toSeconds() * 5);
            }
            sinks.add(sink);
            sse = events;
            if (ticker == null) {
                ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "cache-monitor");
                    thread.setDaemon(true);
                    return thread;
                });
                ticker.scheduleAtFixedRate(this::tick, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        send(sink, event(events, snapshot()));
    }

    int openStreams() {
        return sinks.size();
    }

    private void tick() {
        // an exception escaping a scheduled task would cancel every later tick
        try {
            sinks.removeIf(SseEventSink::isClosed);
            if (sinks.isEmpty()) {
                return;
            }
            Sse events;
            synchronized (lock) {
                events = sse;
            }
            OutboundSseEvent event = event(events, snapshot());
            sinks.forEach(sink -> send(sink, event));
        } catch (RuntimeException e) {
            LOG.warn("live snapshot failed; trying again next second: {}", e.toString());
        }
    }

    private OutboundSseEvent event(Sse events, MonitorJson.Snapshot snapshot) {
        try {
            // text, not JSON-typed: Jackson would otherwise write the already serialised string as a JSON string
            return events.newEventBuilder()
                    .name("snapshot")
                    .reconnectDelay(PERIOD.toMillis() * 2)
                    .data(String.class, mapper.writeValueAsString(snapshot))
                    .build();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void send(SseEventSink sink, OutboundSseEvent event) {
        if (sink.isClosed()) {
            end(sink);
            return;
        }
        sink.send(event).whenComplete((ignored, failure) -> {
            if (failure != null) {
                end(sink);
            }
        });
    }

    private void end(SseEventSink sink) {
        sinks.remove(sink);
        try {
            sink.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing a live stream failed: {}", e.toString());
        }
    }

    /** Ends every stream and stops the scheduler; later streams are refused. Idempotent. */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (lock) {
            closed = true;
            stopping = ticker;
            ticker = null;
        }
        if (stopping != null) {
            stopping.shutdownNow();
        }
        sinks.forEach(this::end);
    }

    /** Closes this monitor when the Jersey container shuts down, so the scheduler thread does not outlive it. */
    ContainerLifecycleListener closedOnShutdown() {
        return new ContainerLifecycleListener() {
            @Override
            public void onStartup(Container container) {
            }

            @Override
            public void onReload(Container container) {
            }

            @Override
            public void onShutdown(Container container) {
                close();
            }
        };
    }

    private record Reading(long nanoTime, long requests) {
    }
}
