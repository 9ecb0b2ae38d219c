package dev.jobcache.adapters.rest.cache;

import dev.jobcache.application.InvalidInput;
import dev.jobcache.domain.cache.ConsistencyToken;

import java.time.Duration;

/**
 * The consistency token over HTTP: a write's answer carries it in the {@value #HEADER} header and in the
 * {@value #COOKIE} cookie (for browsers, which send it back by themselves); a request carries it in either or both,
 * and they are merged. Neither is part of a cache key: the token decides which copy may answer, never what the answer
 * is, so a request that carries a cookie stays cacheable.
 */
public final class ConsistencyTokens {

    public static final String HEADER = "Consistency-Token";
    public static final String COOKIE = "jobcache-consistency";

    private ConsistencyTokens() {
    }

    /**
     * The token a request carries, from the header and from the {@code Cookie} header (either may be null).
     *
     * @throws InvalidInput naming the header or the cookie when it is not a token this API hands out
     */
    public static ConsistencyToken carried(String header, String cookieHeader) {
        ConsistencyToken token = header == null ? ConsistencyToken.NONE : parse(HEADER, header.trim());
        if (cookieHeader != null && cookieHeader.contains(COOKIE)) {
            // several Cookie lines reach us joined with commas, which no cookie value of ours holds
            for (String cookie : cookieHeader.split("[;,]")) {
                String pair = cookie.trim();
                if (pair.startsWith(COOKIE + "=")) {
                    token = token.merge(parse(COOKIE, unquoted(pair.substring(COOKIE.length() + 1))));
                }
            }
        }
        return token;
    }

    /** The {@code Set-Cookie} value that hands {@code token} to a browser for as long as it matters. */
    public static String setCookie(ConsistencyToken token, Duration lifetime) {
        long seconds = (lifetime.toMillis() + 999) / 1000;
        return COOKIE + "=" + token.text() + "; Max-Age=" + seconds + "; Path=/; HttpOnly; SameSite=Lax";
    }

    private static ConsistencyToken parse(String field, String text) {
        try {
            return ConsistencyToken.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field, e.getMessage() + "; send back the " + HEADER
                    + " a write answered with, or none");
        }
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
