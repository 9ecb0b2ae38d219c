package dev.jobcache.domain.cache;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which query parameters of a request a route's key holds. A key must reflect exactly what the resource reads:
 * a parameter the resource ignores must not mint an entry of its own ({@code /health?x=1}, {@code ?x=2}, ... would
 * each fill the cache with the same body), and a route whose resource is unknown cannot say which parameters matter,
 * so a request there that carries any is not cached at all.
 */
public final class QueryKeying {

    private static final QueryKeying EVERY = new QueryKeying(null, true);
    private static final QueryKeying UNKNOWN = new QueryKeying(Set.of(), false);

    /** null: every parameter (but tracking ones) is keyed */
    private final Set<String> names;
    private final boolean known;

    private QueryKeying(Set<String> names, boolean known) {
        this.names = names;
        this.known = known;
    }

    /** Every parameter but tracking ones is keyed: for policies that do not say what their resource reads. */
    public static QueryKeying every() {
        return EVERY;
    }

    /** Only these parameters are keyed; any other one is ignored, as the resource ignores it. */
    public static QueryKeying only(String... names) {
        return new QueryKeying(Set.of(names), true);
    }

    /** The resource is unknown: a request with any parameter but tracking ones is not cached. */
    public static QueryKeying unknownResource() {
        return UNKNOWN;
    }

    /** Whether the key holds this parameter. */
    public boolean keys(String name) {
        if (CacheKeys.isTracking(name)) {
            return false;
        }
        return names == null || names.contains(name);
    }

    /** Whether a request with this query must not be cached, since nothing tells which parameters change its body. */
    public boolean refuses(Map<String, List<String>> query) {
        if (known || query == null || query.isEmpty()) {
            return false;
        }
        for (String name : query.keySet()) {
            if (!CacheKeys.isTracking(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof QueryKeying that && known == that.known && Objects.equals(names, that.names);
    }

    @Override
    public int hashCode() {
        return Objects.hash(names, known);
    }

    @Override
    public String toString() {
        return names == null ? "every" : known ? "only" + names : "unknown-resource";
    }
}
