package dev.jobcache.application.warming;

import dev.jobcache.application.cache.CacheableRequest;
import dev.jobcache.application.cache.Demand;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.domain.security.Principal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The users who called lately, most recent first: at most {@code maxUsers} of them (a new one pushes out the one seen
 * least recently), each forgotten once inactive for {@code inactiveAfter}. Remembers the {@code Accept} of each one's latest
 * read, since an entry is kept per representation and warming should keep the one they read. Told of every client
 * request by the response cache; one short lock per request with a caller. Thread-safe.
 */
public final class ActiveUsers implements Demand {

    private final int max;
    private final Duration inactiveAfter;
    private final Clock clock;
    // access order: the eldest is the one seen least recently
    private final LinkedHashMap<String, Seen> users = new LinkedHashMap<>(16, 0.75f, true);

    public ActiveUsers(UserWarming.Settings settings, Clock clock) {
        this.max = settings.maxUsers();
        this.inactiveAfter = settings.inactiveAfter();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void asked(CacheableRequest request, CachePolicy policy, CacheKey key) {
        if (request.caller().isEmpty()) {
            return;
        }
        String userId = request.caller().map(Principal::userId).orElseThrow();
        boolean read = request.method().equals("GET") || request.isHead();
        long now = clock.nanoTime();
        synchronized (users) {
            Seen before = users.get(userId);
            String accept = read || before == null ? request.accept() : before.accept();
            users.put(userId, new Seen(now, accept));
            if (users.size() > max) {
                Iterator<String> eldest = users.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
    }

    /** The users active within {@code inactiveAfter}, most recent first; the others are forgotten. */
    List<User> active() {
        long now = clock.nanoTime();
        List<User> active = new ArrayList<>();
        synchronized (users) {
            Iterator<Map.Entry<String, Seen>> eldestFirst = users.entrySet().iterator();
            while (eldestFirst.hasNext()) {
                Map.Entry<String, Seen> user = eldestFirst.next();
                if (now - user.getValue().nanos() >= inactiveAfter.toNanos()) {
                    eldestFirst.remove();
                } else {
                    active.add(0, new User(user.getKey(), user.getValue().accept()));
                }
            }
        }
        return List.copyOf(active);
    }

    /** @param accept the {@code Accept} of the user's latest read, or null */
    record User(String userId, String accept) {
    }

    private record Seen(long nanos, String accept) {
    }
}
