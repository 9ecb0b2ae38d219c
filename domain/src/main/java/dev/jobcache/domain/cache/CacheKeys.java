package dev.jobcache.domain.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a request into its {@link CacheKey}. The key text is {@code METHOD:route:scope:digest}: method, route
 * template and scope stay readable (an operator can list {@code GET:/jobs:*}); everything the client chose (path
 * values, query, Accept) goes into a SHA-256 digest, so keys are bounded and no raw input reaches a store's key space.
 * Requests that differ only in the order of different parameters, in parameters the route's resource does not read
 * (see {@link QueryKeying}) or in equivalent Accept headers share one key; the values of one repeated parameter keep
 * their order, since a resource that reads the first one answers {@code ?a=1&a=2} and {@code ?a=2&a=1} differently.
 */
public final class CacheKeys {

    private static final Set<String> TRACKING_PARAMETERS = Set.of(
            "gclid", "dclid", "fbclid", "msclkid", "yclid", "mc_cid", "mc_eid", "_ga", "_gl");

    /** One per thread: looking the algorithm up costs as much as hashing a key; digest() resets it. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(CacheKeys::newSha256);
    private static final HexFormat HEX = HexFormat.of();

    private CacheKeys() {
    }

    /**
     * @param method   the request method; HEAD shares GET's entries
     * @param route    the policy's route template
     * @param path     the decoded request path
     * @param query    the decoded query parameters, in any order
     * @param userId   the caller when the policy is per user, ignored for public policies
     */
    public static CacheKey of(String method, CachePolicy policy, String path, Map<String, List<String>> query,
                              String userId, Representation representation) {
        String scope = scopeOf(policy, userId);
        // length-prefixed so that no separator inside a part (a '?' in a decoded path, a '|' in a query value)
        // can make two different requests produce the same digest input
        StringBuilder variable = new StringBuilder(128);
        framed(variable, canonicalPath(path));
        framed(variable, canonicalQuery(query, policy.query()));
        framed(variable, representation.accept());
        return new CacheKey(keyMethod(method) + ':' + policy.route() + ':' + scope + ':' + digest(variable.toString()));
    }

    /**
     * The route template of a key built here (its second part), for a store that counts its lookups by route without
     * being told the route; {@link CacheEvent#STORE_WIDE} for a key of another form. Route templates hold no
     * {@code ':'}.
     */
    public static String routeOf(CacheKey key) {
        String value = key.value();
        int start = value.indexOf(':');
        int end = start < 0 ? -1 : value.indexOf(':', start + 1);
        return end < 0 ? CacheEvent.STORE_WIDE : value.substring(start + 1, end);
    }

    private static String scopeOf(CachePolicy policy, String userId) {
        if (policy.scope() == CacheScope.PUBLIC) {
            return "public";
        }
        Objects.requireNonNull(userId, "a per-user policy needs the caller's id");
        // user ids are validated to a safe alphabet (OwnerId) so they can stay readable in keys
        return "user=" + userId;
    }

    private static String keyMethod(String method) {
        if (method.equals("GET") || method.equals("HEAD")) {
            return "GET";
        }
        String upper = method.toUpperCase(Locale.ROOT);
        return upper.equals("HEAD") ? "GET" : upper;
    }

    /** Collapses repeated slashes and drops a trailing one, so {@code //jobs/} and {@code /jobs} are one path. */
    public static String canonicalPath(String path) {
        String text = path == null ? "" : path;
        if (isCanonical(text)) {
            // the common case, on every lookup: nothing to collapse, no copy
            return text;
        }
        StringBuilder collapsed = new StringBuilder(text.length() + 1).append('/');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '/' || collapsed.charAt(collapsed.length() - 1) != '/') {
                collapsed.append(c);
            }
        }
        if (collapsed.length() > 1 && collapsed.charAt(collapsed.length() - 1) == '/') {
            collapsed.setLength(collapsed.length() - 1);
        }
        return collapsed.toString();
    }

    private static boolean isCanonical(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        if (path.length() > 1 && path.charAt(path.length() - 1) == '/') {
            return false;
        }
        return !path.contains("//");
    }

    /** Every parameter but tracking ones; see {@link #canonicalQuery(Map, QueryKeying)}. */
    public static String canonicalQuery(Map<String, List<String>> query) {
        return canonicalQuery(query, QueryKeying.every());
    }

    /**
     * The keyed parameters sorted by name, each name's values in the order given, {@code a} and {@code a=} alike.
     */
    public static String canonicalQuery(Map<String, List<String>> query, QueryKeying keying) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        List<String> names = new ArrayList<>(query.size());
        for (String name : query.keySet()) {
            if (keying.keys(name)) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            return "";
        }
        names.sort(null);
        StringBuilder canonical = new StringBuilder(32);
        for (String name : names) {
            List<String> values = query.get(name);
            if (values == null || values.isEmpty()) {
                pair(canonical, name, "");
            } else {
                values.forEach(v -> pair(canonical, name, v == null ? "" : v));
            }
        }
        return canonical.toString();
    }

    private static void pair(StringBuilder out, String name, String value) {
        if (!out.isEmpty()) {
            out.append('&');
        }
        out.append(escape(name)).append('=').append(escape(value));
    }

    public static boolean isTracking(String parameter) {
        String lower = parameter.toLowerCase(Locale.ROOT);
        return lower.startsWith("utm_") || TRACKING_PARAMETERS.contains(lower);
    }

    private static String escape(String text) {
        // only the characters that separate pairs need escaping for the canonical form to be unambiguous
        return text.replace("%", "%25").replace("&", "%26").replace("=", "%3D");
    }

    private static void framed(StringBuilder out, String part) {
        out.append(part.length()).append(':').append(part);
    }

    static String digest(String text) {
        MessageDigest sha256 = SHA_256.get();
        byte[] hash = sha256.digest(text.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(hash, 0, 16);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
