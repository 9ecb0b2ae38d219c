package dev.jobcache.application.warming;

import dev.jobcache.application.cache.ResponseCache;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.Freshness;
import dev.jobcache.domain.port.Authenticator;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.domain.port.RouteLoader;
import dev.jobcache.domain.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The entries one run of a background mode may load, worked through one load at a time at the pace allowed. Each is
 * read from the cache first, and only one that is {@code due} is loaded again ({@code Cache-Control: no-cache}, so it
 * starts a new life); the others are passed over at no cost to the pace. Used by the mode's one thread.
 */
final class WarmQueue {

    private static final Logger LOG = LoggerFactory.getLogger(WarmQueue.class);

    private final WarmMode mode;
    private final Deque<EntryLoad> pending;
    private final Predicate<Optional<CachedResponse>> due;
    private final Consumer<EntryLoad> notStored;
    private final WarmRun run;
    private boolean failureLogged;

    /**
     * Due when absent, no longer fresh, or with at most {@code lead} of its life left: what idle and user-based
     * warming load again, each with a lead of its own.
     */
    static Predicate<Optional<CachedResponse>> dueWithin(Clock clock, Function<CachedResponse, Duration> lead) {
        return entry -> {
            if (entry.isEmpty()) {
                return true;
            }
            Instant now = clock.now();
            CachedResponse found = entry.get();
            return found.freshnessAt(now) != Freshness.FRESH
                    || Duration.between(now, found.expiresAt()).compareTo(lead.apply(found)) <= 0;
        };
    }

    /**
     * @param due       whether an entry (empty when there is none) should be loaded again
     * @param notStored told of an entry the origin answered but the cache does not hold after the load (too large,
     *                  its owner's share full, a write during the load), which loading again soon would not change
     */
    WarmQueue(WarmMode mode, List<EntryLoad> entries, Predicate<Optional<CachedResponse>> due,
              Consumer<EntryLoad> notStored, long startedNanos) {
        this.mode = mode;
        this.pending = new ArrayDeque<>(entries);
        this.due = due;
        this.notStored = notStored;
        this.run = new WarmRun(startedNanos);
    }

    /**
     * Passes over the entries that are not due and loads the first that is, if the pace allows a load now.
     *
     * @param mayGoOn asked before each entry; false stops the run where it is
     */
    Step step(ResponseCache cache, RouteLoader loader, Authenticator principals, LoadPacing pacing,
              BooleanSupplier mayGoOn) {
        while (!pending.isEmpty()) {
            if (!mayGoOn.getAsBoolean()) {
                return Step.STOPPED;
            }
            if (!pacing.mayLoad()) {
                return Step.WAITING;
            }
            EntryLoad next = pending.poll();
            Optional<Principal> as = next.userId().flatMap(principals::principalOf);
            if (next.userId().isPresent() && as.isEmpty()) {
                // no token resolves the user to one principal: an entry loaded as anyone else could show wrong roles
                run.skipped();
                continue;
            }
            if (!due.test(cache.peek(next.request(as)))) {
                run.skipped();
                continue;
            }
            pacing.loading();
            if (load(loader, next, as) && cache.peek(next.request(as)).isEmpty()) {
                notStored.accept(next);
            }
            return pending.isEmpty() ? Step.DONE : Step.WAITING;
        }
        return Step.DONE;
    }

    /** @return whether the origin answered with a 2xx */
    private boolean load(RouteLoader loader, EntryLoad entry, Optional<Principal> as) {
        try {
            RouteLoader.Loaded loaded = loader.refresh(entry.pathAndQuery(), as, entry.accept());
            run.count(loaded);
            LOG.debug("cache warm mode={} {}: status {}, cache {}", mode.label(), entry.describe(), loaded.status(),
                    loaded.cache());
            if (loaded.status() < 200 || loaded.status() > 299) {
                failed(entry, "answered " + loaded.status());
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            run.failed();
            failed(entry, e.toString());
            return false;
        }
    }

    /** Logs the first failure of a run: the run's line counts the others. */
    private void failed(EntryLoad entry, String why) {
        if (!failureLogged) {
            failureLogged = true;
            LOG.warn("cache warm mode={} could not load {}: {}", mode.label(), entry.describe(), why);
        }
    }

    WarmRun run() {
        return run;
    }

    /** Where a step left the run. */
    enum Step {
        /** Every entry has been seen to. */
        DONE,
        /** Entries are left for a later step: the pace allows no load now, or one was just made. */
        WAITING,
        /** Told not to go on. */
        STOPPED
    }
}
