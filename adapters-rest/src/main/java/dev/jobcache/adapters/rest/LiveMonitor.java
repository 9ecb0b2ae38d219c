package dev.jobcache.adapters.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobcache.application.admin.CacheReports;
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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live snapshots of the cache: one on demand, and one a second to every open Server-Sent Events stream.
 *
 * <p>One shared scheduler thread takes a snapshot a second and hands it to every stream, so an open dashboard does
 * not hold an HTTP worker thread for its whole life (the resource method returns at once; Jersey keeps the response
 * open). A write to a stream is synchronous and blocks once the connection's buffers are full, so the scheduler
 * never writes itself: each stream has a backlog of at most {@value #MAX_BACKLOG} snapshots that a sender thread
 * writes out, and a stream whose backlog is full when the next snapshot comes has a reader that stopped keeping up.
 * That stream is dropped (the connection is closed under it, which also fails the blocked write), counted in
 * {@code droppedStreams} and logged once. The connection's buffers are kept small ({@link StreamConnection}) so
 * that this shows within seconds, not after megabytes.
 *
 * <p>A stream also ends when a send to it fails, which is how a client's disconnect shows, or when this monitor is
 * closed at shutdown. Streams are capped: each costs a snapshot serialisation's worth of writes a second and a
 * sender thread while it writes, and admins need few.
 *
 * <p>Requests per second are computed against the previous snapshot taken at least a second before, so several
 * pollers do not shrink the window to nothing. Thread-safe.
 */
final class LiveMonitor implements AutoCloseable {

    static final int MAX_STREAMS = 16;
    static final Duration PERIOD = Duration.ofSeconds(1);
    /** Snapshots a stream may have waiting while one is written: a reader this far behind is dropped. */
    static final int MAX_BACKLOG = 3;
    private static final Duration IDLE_SENDER = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(LiveMonitor.class);

    private final CacheReports reports;
    private final ObjectMapper mapper;
    private final int maxStreams;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();
    private final ThreadPoolExecutor senders;
    private final Object lock = new Object();
    // guarded by lock
    private Reading previous;
    private ScheduledExecutorService ticker;
    private Sse sse;
    private boolean closed;

    LiveMonitor(CacheReports reports, ObjectMapper mapper, int maxStreams) {
        this.reports = reports;
        this.mapper = mapper;
        this.maxStreams = maxStreams;
        AtomicInteger number = new AtomicInteger();
        // one thread per stream at most, since a stream has at most one sender at a time; blocked ones are expected
        this.senders = new ThreadPoolExecutor(maxStreams, maxStreams, IDLE_SENDER.toMillis(), TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "cache-monitor-send-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.senders.allowCoreThreadTimeOut(true);
    }

    MonitorJson.Snapshot snapshot() {
        CacheReports.Snapshot now = reports.snapshot();
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
        return MonitorJson.Snapshot.of(now, rate, dropped.get());
    }

    /**
     * Adds a stream and queues the first snapshot for it at once.
     *
     * @param connection the connection the stream's request came over, to bound and, if need be, hang up
     * @throws ServiceUnavailableException when {@value #MAX_STREAMS} streams are open, or at shutdown
     */
    void open(SseEventSink sink, Sse events, StreamConnection connection) {
        Stream stream = new Stream(sink, connection);
        synchronized (lock) {
            if (closed || streams.size() >= maxStreams) {
                throw new ServiceUnavailableException("at most " + maxStreams + " live streams may be open at once; "
                        + "poll the JSON snapshot instead, or try again later", PERIOD.toSeconds() * 5);
            }
            connection.bound();
            streams.add(stream);
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
        stream.offer(event(events, snapshot()));
    }

    int openStreams() {
        return streams.size();
    }

    private void tick() {
        // an exception escaping a scheduled task would cancel every later tick
        try {
            if (streams.isEmpty()) {
                return;
            }
            Sse events;
            synchronized (lock) {
                events = sse;
            }
            OutboundSseEvent event = event(events, snapshot());
            streams.forEach(stream -> stream.offer(event));
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

    /** Runs {@code task} on a sender thread; after {@link #close()} on the calling one, since no sender is left. */
    private void onSender(Runnable task) {
        try {
            senders.execute(task);
        } catch (RejectedExecutionException shutDown) {
            task.run();
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
        streams.forEach(Stream::endAtShutdown);
        // lets the closes just queued run
        senders.shutdown();
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

    /**
     * One open stream: its sink, the snapshots not yet written, and whether a sender is writing them. Only a sender
     * thread ever writes to the sink or closes it, so neither the scheduler nor a request thread can be held up by
     * a reader who does not read.
     */
    private final class Stream {

        private final SseEventSink sink;
        private final StreamConnection connection;
        private final Deque<OutboundSseEvent> backlog = new ArrayDeque<>(MAX_BACKLOG);
        // guarded by this
        private boolean sending;
        private boolean ended;

        Stream(SseEventSink sink, StreamConnection connection) {
            this.sink = sink;
            this.connection = connection;
        }

        /** Never blocks: queues the snapshot and starts a sender unless one is writing; a full backlog drops it. */
        void offer(OutboundSseEvent event) {
            boolean behind;
            boolean startSender = false;
            synchronized (this) {
                if (ended) {
                    return;
                }
                behind = backlog.size() >= MAX_BACKLOG;
                if (!behind) {
                    backlog.add(event);
                    startSender = !sending;
                    sending = true;
                }
            }
            if (behind) {
                drop();
            } else if (startSender) {
                onSender(this::drain);
            }
        }

        private void drain() {
            while (true) {
                OutboundSseEvent next;
                synchronized (this) {
                    next = ended ? null : backlog.poll();
                    if (next == null) {
                        sending = false;
                        return;
                    }
                }
                if (sink.isClosed() || !sent(next)) {
                    end();
                    return;
                }
            }
        }

        /** Writes on this thread, however long the connection makes it wait; false when the write failed. */
        private boolean sent(OutboundSseEvent event) {
            try {
                sink.send(event).toCompletableFuture().join();
                return true;
            } catch (RuntimeException failed) {
                return false;
            }
        }

        private void drop() {
            if (!markEnded()) {
                return;
            }
            long total = dropped.incrementAndGet();
            LOG.warn("a live monitor stream fell {} snapshots behind its reader and was dropped ({} dropped since "
                    + "start); a dashboard that reconnects gets a new one", MAX_BACKLOG, total);
            // here, not on a sender: every sender may be blocked on a stalled reader, and this is what frees them
            // (Grizzly closes the socket on its selector thread)
            connection.hangUp();
            onSender(this::closeSink);
        }

        /** Ends the stream, e.g. after its client left. */
        void end() {
            if (markEnded()) {
                onSender(this::closeSink);
            }
        }

        /**
         * Ends the stream at shutdown. One that is being written to may be blocked on a reader who does not read,
         * and would then stay open for the whole drain: that one is hung up on.
         */
        void endAtShutdown() {
            boolean writing;
            synchronized (this) {
                writing = sending;
            }
            if (markEnded()) {
                if (writing) {
                    connection.hangUp();
                }
                onSender(this::closeSink);
            }
        }

        private boolean markEnded() {
            synchronized (this) {
                if (ended) {
                    return false;
                }
                ended = true;
                backlog.clear();
            }
            streams.remove(this);
            return true;
        }

        private void closeSink() {
            try {
                sink.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing a live stream failed: {}", e.toString());
            }
        }
    }

    private record Reading(long nanoTime, long requests) {
    }
}
