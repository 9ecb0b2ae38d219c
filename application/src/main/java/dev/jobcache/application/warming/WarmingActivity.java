package dev.jobcache.application.warming;

import dev.jobcache.domain.port.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What each warming mode is set to and has done, for operators: one log line per run
 * ({@code cache warm mode=idle loaded=12 skipped=3 failed=0 took_ms=41}) and a status per mode for the admin API.
 * An idle batch or a pass over the active users that loaded nothing and failed nothing is logged at DEBUG: those modes
 * look every few seconds and would otherwise fill the log with lines that say nothing happened; it is still counted.
 * Thread-safe.
 */
public final class WarmingActivity {

    private static final Logger LOG = LoggerFactory.getLogger(WarmingActivity.class);

    private final Clock clock;
    private final Map<WarmMode, Mode> modes = new EnumMap<>(WarmMode.class);

    public WarmingActivity(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        for (WarmMode mode : WarmMode.values()) {
            modes.put(mode, new Mode());
        }
        // an operator's request needs no configuration
        enabled(WarmMode.ADMIN, "on request: POST /admin/cache/warm");
    }

    /**
     * Marks a mode as switched on.
     *
     * @param settings what it is set to, in an operator's words (e.g. {@code every 5 min: /health, /version})
     * @param details  live figures it watches (e.g. how many users are active), read when the status is asked for
     */
    public void enabled(WarmMode mode, String settings, Supplier<Map<String, String>> details) {
        Mode state = modes.get(mode);
        synchronized (state) {
            state.enabled = true;
            state.settings = Objects.requireNonNull(settings, "settings");
            state.details = Objects.requireNonNull(details, "details");
        }
    }

    public void enabled(WarmMode mode, String settings) {
        enabled(mode, settings, Map::of);
    }

    /** Logs and counts a finished run; {@code ended} says why a run stopped early, empty when it did not. */
    void finished(WarmMode mode, WarmRun run, Optional<String> ended) {
        long tookMs = Duration.ofNanos(clock.nanoTime() - run.startedNanos()).toMillis();
        LastRun last = new LastRun(clock.now(), run.loaded(), run.skippedCount(), run.failedCount(), tookMs);
        Mode state = modes.get(mode);
        synchronized (state) {
            state.runs++;
            state.loads += last.loaded();
            state.failures += last.failed();
            state.last = last;
        }
        String line = "cache warm mode={} loaded={} skipped={} failed={} took_ms={}" + ended.map(e -> " ended=" + e)
                .orElse("");
        Object[] values = {mode.label(), last.loaded(), last.skipped(), last.failed(), tookMs};
        if (run.didWork() || !(mode == WarmMode.IDLE || mode == WarmMode.USERS)) {
            LOG.info(line, values);
        } else {
            LOG.debug(line, values);
        }
    }

    void finished(WarmMode mode, WarmRun run) {
        finished(mode, run, Optional.empty());
    }

    /** A mode's figures since start, without its live details: cheap enough to read at every metrics scrape. */
    public Totals totals(WarmMode mode) {
        Mode state = modes.get(mode);
        synchronized (state) {
            return new Totals(state.runs, state.loads, state.failures);
        }
    }

    /** Every mode, in {@link WarmMode} order, switched on or not. */
    public List<ModeStatus> status() {
        List<ModeStatus> status = new ArrayList<>();
        modes.forEach((mode, state) -> {
            Supplier<Map<String, String>> details;
            ModeStatus partial;
            synchronized (state) {
                details = state.details;
                partial = new ModeStatus(mode, state.enabled, state.settings, state.runs, state.loads, state.failures,
                        Optional.ofNullable(state.last), Map.of());
            }
            // read outside the lock: the figures come from structures with locks of their own
            status.add(partial.with(details.get()));
        });
        return List.copyOf(status);
    }

    private static final class Mode {
        private boolean enabled;
        private String settings = "off";
        private Supplier<Map<String, String>> details = Map::of;
        private long runs;
        private long loads;
        private long failures;
        private LastRun last;
    }

    /**
     * @param settings what it is set to, or {@code off}
     * @param loads    routes loaded from the origin, over every run since start
     * @param failures loads that failed, over every run since start
     * @param details  live figures the mode watches
     */
    public record ModeStatus(WarmMode mode, boolean enabled, String settings, long runs, long loads, long failures,
                             Optional<LastRun> lastRun, Map<String, String> details) {

        public ModeStatus {
            details = Map.copyOf(details);
        }

        ModeStatus with(Map<String, String> figures) {
            return new ModeStatus(mode, enabled, settings, runs, loads, failures, lastRun, figures);
        }
    }

    /**
     * @param runs     runs finished since start
     * @param loads    routes loaded from the origin, over every run since start
     * @param failures loads that failed, over every run since start
     */
    public record Totals(long runs, long loads, long failures) {
    }

    /** The latest finished run of a mode. */
    public record LastRun(Instant at, int loaded, int skipped, int failed, long tookMs) {
    }
}
