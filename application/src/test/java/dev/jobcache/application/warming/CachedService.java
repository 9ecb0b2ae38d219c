package dev.jobcache.application.warming;

import dev.jobcache.application.cache.CacheDecision;
import dev.jobcache.application.cache.CacheSettings;
import dev.jobcache.application.cache.CacheShares;
import dev.jobcache.application.cache.CacheableRequest;
import dev.jobcache.application.cache.Demand;
import dev.jobcache.application.cache.OriginResponse;
import dev.jobcache.application.cache.RefreshAhead;
import dev.jobcache.application.cache.ResponseCache;
import dev.jobcache.application.cache.RoutePolicies;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.ConsistencyToken;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.RouteLoader;
import dev.jobcache.domain.security.Principal;
import dev.jobcache.domain.security.Role;
import dev.jobcache.testkit.fake.InMemoryCacheStore;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.fake.RecordingCacheMetrics;
import dev.jobcache.testkit.fake.StaticAuthenticator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A response cache in front of a pretend origin whose answers name the caller and its roles, as the HTTP edge would
 * run it: clients read through {@link #read}, and the route loader runs this service's own requests (in process)
 * through the same cache, as {@code JerseyRouteLoader} does. The cache tells {@code demand} of every client request.
 */
final class CachedService {

    static final Principal ALICE = Principal.user("alice");
    static final Principal BOB = Principal.user("bob");
    static final Principal ROOT = Principal.admin("root");

    final MutableClock clock = new MutableClock();
    final InMemoryCacheStore store = new InMemoryCacheStore(clock);
    final RoutePolicies policies = RoutePolicies.defaults(Duration.ofSeconds(300), Duration.ofSeconds(10), Map.of());
    final StaticAuthenticator tokens = new StaticAuthenticator(Map.of(
            "alice-token-01", ALICE, "bob-token-0001", BOB, "root-token-001", ROOT));
    final WarmingActivity activity = new WarmingActivity(clock);
    /** What the origin was asked by this service itself, e.g. {@code /jobs as root [ADMIN, USER] accepting x}. */
    final List<String> loads = new CopyOnWriteArrayList<>();
    private ResponseCache cache;
    private boolean originFails;
    private boolean originSaysNoStore;

    /** Builds the cache; call once, with what it should tell of client requests. */
    ResponseCache cache(Demand demand) {
        cache = new ResponseCache(store, policies, new RecordingCacheMetrics(), clock, CacheSettings.defaults("memory"),
                RefreshAhead.NONE, CacheShares.UNBOUNDED, demand);
        return cache;
    }

    /** A client's GET with {@code Accept: application/json}: {@code HIT} or {@code MISS} (then stored). */
    String read(String pathAndQuery, Principal as) {
        return read(pathAndQuery, Optional.ofNullable(as), "application/json", null, false);
    }

    /** What the cache holds for a client's GET, fresh or not. */
    Optional<CachedResponse> held(String path, Principal as, String accept) {
        return cache.peek(request(path, Optional.ofNullable(as), accept, null, true));
    }

    void invalidate(String tag) {
        store.invalidateTags(Set.of(Tag.of(tag)));
    }

    void originFails() {
        originFails = true;
    }

    /** The origin answers, but tells caches not to keep its answers. */
    void originSaysNoStore() {
        originSaysNoStore = true;
    }

    RouteLoader loader() {
        return new RouteLoader() {
            @Override
            public Loaded load(String path, Optional<Principal> as) {
                return run(path, as, null, null);
            }

            @Override
            public Loaded refresh(String path, Optional<Principal> as, String accept) {
                return run(path, as, accept, "no-cache");
            }

            private Loaded run(String path, Optional<Principal> as, String accept, String cacheControl) {
                loads.add(path + " as " + as.map(CachedService::describe).orElse("no one") + " accepting " + accept);
                String cache = read(path, as, accept, cacheControl, true);
                return new Loaded(originFails ? 500 : 200, cache);
            }
        };
    }

    private String read(String pathAndQuery, Optional<Principal> as, String accept, String cacheControl,
                        boolean inProcess) {
        CacheDecision decision = cache.lookup(request(pathAndQuery, as, accept, cacheControl, inProcess));
        if (decision instanceof CacheDecision.Hit) {
            return "HIT";
        }
        if (decision instanceof CacheDecision.Miss miss) {
            if (originFails) {
                cache.abandon(miss.load());
                return "MISS";
            }
            String body = "{\"path\":\"" + pathAndQuery + "\",\"caller\":\"" + as.map(CachedService::describe)
                    .orElse("no one") + "\"}";
            Map<String, List<String>> headers = originSaysNoStore
                    ? Map.of("Content-Type", List.of("application/json"), "Cache-Control", List.of("no-store"))
                    : Map.of("Content-Type", List.of("application/json"));
            cache.complete(miss.load(), new OriginResponse(200, headers, body.getBytes(StandardCharsets.UTF_8)));
            return "MISS";
        }
        return "BYPASS";
    }

    private static CacheableRequest request(String pathAndQuery, Optional<Principal> as, String accept,
                                            String cacheControl, boolean inProcess) {
        String[] parts = pathAndQuery.split("\\?", 2);
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (parts.length == 2) {
            for (String pair : parts[1].split("&")) {
                String[] nameValue = pair.split("=", 2);
                query.computeIfAbsent(decode(nameValue[0]), n -> new ArrayList<>())
                        .add(nameValue.length == 2 ? decode(nameValue[1]) : "");
            }
        }
        // a client's private read carries its token; this service's own requests carry the caller instead
        return new CacheableRequest("GET", parts[0], query, as, accept, null, cacheControl, null,
                !inProcess && as.isPresent(), false, ConsistencyToken.NONE, inProcess);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** The entry's body, as a client would read it. */
    static String body(CachedResponse entry) {
        return new String(entry.body(), StandardCharsets.UTF_8);
    }

    static String describe(Principal principal) {
        return principal.userId() + " " + principal.roles().stream().map(Role::name).sorted()
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
