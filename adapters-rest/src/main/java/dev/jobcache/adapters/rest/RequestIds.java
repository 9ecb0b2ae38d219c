package dev.jobcache.adapters.rest;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The id that ties together every log line of one request, and that the client reads back in {@code X-Request-Id}.
 * A proxy or client in front may choose it, so that its logs and ours name a request alike; an id that is not sane
 * (too long, or with a character that could forge or break a log line or a header) is replaced by a new one.
 */
final class RequestIds {

    static final String HEADER = "X-Request-Id";
    /** The MDC key under which every line logged for a request carries its id. */
    static final String MDC_KEY = "request_id";
    static final int MAX_LENGTH = 64;
    private static final HexFormat HEX = HexFormat.of();

    private RequestIds() {
    }

    /** @param offered the request's {@code X-Request-Id}, or null */
    static String of(String offered) {
        return offered != null && sane(offered) ? offered : generate();
    }

    /**
     * 128 random bits: unique enough to find one request among billions of lines. Not a secret, so not from the
     * shared {@code SecureRandom} that every request would contend for.
     */
    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
    }

    /** 1 to 64 letters, digits or {@code - _ . : + / =}: UUIDs, hex, base64 and most tracing ids. */
    static boolean sane(String id) {
        if (id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-_.:+/=".indexOf(c) >= 0;
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
