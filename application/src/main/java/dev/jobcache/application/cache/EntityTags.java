package dev.jobcache.application.cache;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Strong entity tags from body content, and {@code If-None-Match} evaluation. The gzip form of a body is a different
 * representation and gets its own tag ({@code "<tag>-gzip"}, as Apache does), while {@code If-None-Match} uses the
 * weak comparison of RFC 9110 §13.1.2 and treats the two forms of one body as the same.
 */
public final class EntityTags {

    private static final String GZIP_SUFFIX = "-gzip";

    private EntityTags() {
    }

    /** A quoted strong tag: the first 128 bits of the body's SHA-256, base64url. */
    public static String of(byte[] identityBody) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identityBody);
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 16)) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The tag of the representation actually sent. */
    public static String forCoding(String etag, boolean gzip) {
        return gzip ? etag.substring(0, etag.length() - 1) + GZIP_SUFFIX + '"' : etag;
    }

    /** Whether an {@code If-None-Match} header names this entity (or is {@code *}). */
    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        String wanted = opaque(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || opaque(tag).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        String t = tag.startsWith("W/") ? tag.substring(2) : tag;
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        return t.endsWith(GZIP_SUFFIX) ? t.substring(0, t.length() - GZIP_SUFFIX.length()) : t;
    }
}
