package dev.jobcache.application.admin;

import dev.jobcache.domain.port.Clock;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One-time tokens that confirm a clear. Random (not guessable from an earlier one), single use, valid for
 * {@link #VALIDITY} on the clock's time, and bounded in number: the oldest is dropped when too many are open, so
 * repeated first steps cannot grow memory.
 */
final class ClearConfirmations {

    static final Duration VALIDITY = Duration.ofSeconds(60);
    static final int MAX_OPEN = 32;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> open = new LinkedHashMap<>();

    ClearConfirmations(Clock clock) {
        this.clock = clock;
    }

    /** A new token and when it stops being valid. */
    synchronized Issued issue() {
        Instant now = clock.now();
        open.values().removeIf(expiry -> !expiry.isAfter(now));
        if (open.size() >= MAX_OPEN) {
            Iterator<String> oldest = open.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiresAt = now.plus(VALIDITY);
        open.put(token, expiresAt);
        return new Issued(token, expiresAt);
    }

    /** Whether {@code token} was issued, is unused and has not expired; uses it up either way. */
    synchronized boolean redeem(String token) {
        Instant expiry = open.remove(token);
        return expiry != null && clock.now().isBefore(expiry);
    }

    record Issued(String token, Instant expiresAt) {
    }
}
