package dev.jobcache.application.warming;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one named daemon thread of a background warming mode: it calls the mode's tick, then again after a pause, until
 * closed. Ticks never overlap, which is what keeps a mode's runs from overlapping. A tick that throws is logged (the
 * first time at WARN, since it would repeat every pause) and the next one runs as usual. Closing interrupts a load in
 * progress and waits briefly for the thread to end.
 */
public final class WarmingThread implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WarmingThread.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final String name;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean failed = new AtomicBoolean();

    /** Starts the thread; the first tick comes after one pause. */
    public WarmingThread(String name, Duration pause, Runnable tick) {
        this.name = name;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> run(tick), pause.toNanos(), pause.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void run(Runnable tick) {
        try {
            tick.run();
        } catch (RuntimeException e) {
            if (failed.compareAndSet(false, true)) {
                LOG.warn("{} failed; it goes on, and further failures are logged at DEBUG", name, e);
            } else {
                LOG.debug("{} failed", name, e);
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} did not end within {}", name, CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
