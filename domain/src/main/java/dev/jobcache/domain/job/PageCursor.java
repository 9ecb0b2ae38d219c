package dev.jobcache.domain.job;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * A position in an owner's job list, ordered newest first by {@code (createdAt, id)}. Keyset, not offset: a job
 * created while a client pages does not shift the pages it has yet to read. Its text form is opaque to clients.
 */
public record PageCursor(Instant createdAt, JobId id) {

    /**
     * The instants a decoded cursor may name: what an SQL {@code TIMESTAMP} holds (years 1 to 9999). A job is
     * created now, so no cursor this API wrote lies outside, and one beyond would fail in the database as a 500.
     */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    public PageCursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
    }

    public static PageCursor after(Job job) {
        return new PageCursor(job.createdAt(), job.id());
    }

    public String encode() {
        String plain = createdAt.getEpochSecond() + "." + createdAt.getNano() + "." + id.value();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes a client's cursor; anything that is not one of ours is empty: only the exact text {@link #encode}
     * writes for an instant within {@link #EARLIEST} and {@link #LATEST} decodes, so a signed, zero-padded or
     * overflowing number, or padded Base64, cannot name a position the API never handed out.
     */
    public static Optional<PageCursor> decode(String text) {
        if (text == null || text.isEmpty() || text.length() > 200) {
            return Optional.empty();
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            String[] parts = plain.split("\\.", 3);
            if (parts.length != 3) {
                return Optional.empty();
            }
            Instant at = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
                return Optional.empty();
            }
            return JobId.parse(parts[2]).map(id -> new PageCursor(at, id)).filter(c -> c.encode().equals(text));
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    /** True when {@code job} comes after this position in newest-first order. */
    public boolean precedes(Job job) {
        int byTime = job.createdAt().compareTo(createdAt);
        return byTime < 0 || (byTime == 0 && job.id().value().compareTo(id.value()) < 0);
    }
}
