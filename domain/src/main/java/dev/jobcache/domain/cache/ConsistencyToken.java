package dev.jobcache.domain.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a client has written, as the invalidations its writes caused: for each instance that answered one of its
 * writes, the number of the last invalidation that instance had published by then ({@link InvalidationStamp}), and
 * when. A read that carries the token may be answered from an instance's near-cache only once that instance has
 * applied those invalidations; then the client never reads, on any instance, a state older than its own
 * acknowledged writes (read-your-writes, as the session tokens of Cosmos DB or MongoDB's causal sessions give).
 *
 * <p>A mark lasts as long as a near-cache copy can: a copy made before the write has expired once the near-cache's
 * maximum age has passed since the write, whatever the instance applied. So old marks are dropped, and a token
 * holds at most {@value #MAX_MARKS} instances, the most recently written ones.
 *
 * <p>Its text, for a header or a cookie value (RFC 6265 cookie-octets only), is one {@code origin-sequence-millis}
 * per instance, the two numbers in base 36, joined by {@code .}; the empty text is the empty token. Immutable.
 */
public final class ConsistencyToken {

    public static final ConsistencyToken NONE = new ConsistencyToken(Map.of());
    public static final int MAX_MARKS = 16;
    /** Longest text {@link #parse} reads: {@value #MAX_MARKS} marks of a 16-character origin and two long numbers. */
    public static final int MAX_TEXT_LENGTH = MAX_MARKS * (16 + 2 * 13 + 3);
    /**
     * How far apart the clocks of the instances may be (NTP keeps them far closer): a mark is dropped only this long
     * after the near-cache's maximum age, by the clock of the instance that reads it.
     */
    public static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofSeconds(1);
    private static final Pattern NUMBER = Pattern.compile("[0-9a-z]{1,13}");

    /** One instance's part: the invalidations it had published up to {@code sequence}, at {@code issuedAt}. */
    public record Mark(String origin, long sequence, Instant issuedAt) {

        public Mark {
            new InvalidationStamp(origin, sequence);
            Objects.requireNonNull(issuedAt, "issuedAt");
        }

        public InvalidationStamp stamp() {
            return new InvalidationStamp(origin, sequence);
        }

        private Mark later(Mark other) {
            return new Mark(origin, Math.max(sequence, other.sequence),
                    issuedAt.isAfter(other.issuedAt) ? issuedAt : other.issuedAt);
        }
    }

    private final Map<String, Mark> marks;

    private ConsistencyToken(Map<String, Mark> marks) {
        this.marks = Map.copyOf(marks);
    }

    /** A token naming {@code published}, the last invalidation an instance published, at {@code issuedAt}. */
    public static ConsistencyToken of(InvalidationStamp published, Instant issuedAt) {
        return NONE.with(new Mark(published.origin(), published.sequence(), issuedAt));
    }

    /**
     * Reads a token's text; the empty text is {@link #NONE}.
     *
     * @throws IllegalArgumentException when the text is not a token's, saying what is wrong
     */
    public static ConsistencyToken parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            return NONE;
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length > MAX_MARKS) {
            throw new IllegalArgumentException("names more than " + MAX_MARKS + " instances");
        }
        ConsistencyToken token = NONE;
        for (String part : parts) {
            String[] fields = part.split("-", -1);
            if (fields.length != 3 || !InvalidationStamp.isOrigin(fields[0]) || !NUMBER.matcher(fields[1]).matches()
                    || !NUMBER.matcher(fields[2]).matches()) {
                throw new IllegalArgumentException("is not a token this API returned");
            }
            try {
                long sequence = Long.parseLong(fields[1], 36);
                long millis = Long.parseLong(fields[2], 36);
                token = token.with(new Mark(fields[0], sequence, Instant.ofEpochMilli(millis)));
            } catch (RuntimeException e) {
                // NumberFormatException, a sequence below 1, an instant out of range
                throw new IllegalArgumentException("is not a token this API returned");
            }
        }
        return token;
    }

    /** This token and {@code other}'s marks, the later of two for one instance. */
    public ConsistencyToken merge(ConsistencyToken other) {
        ConsistencyToken merged = this;
        for (Mark mark : other.marks.values()) {
            merged = merged.with(mark);
        }
        return merged;
    }

    /**
     * How long a mark matters where near-cache copies live at most {@code nearCacheMaxAge}: after that, no copy made
     * before its write is left, and the clocks of two instances may differ by {@link #CLOCK_SKEW_ALLOWANCE}.
     */
    public static Duration markLifetime(Duration nearCacheMaxAge) {
        return nearCacheMaxAge.plus(CLOCK_SKEW_ALLOWANCE);
    }

    /** The marks issued within {@code lifetime} before {@code now}; older ones are reflected everywhere. */
    public ConsistencyToken liveAt(Instant now, Duration lifetime) {
        Instant horizon = now.minus(lifetime);
        Map<String, Mark> live = new TreeMap<>(marks);
        live.values().removeIf(mark -> mark.issuedAt().isBefore(horizon));
        return live.size() == marks.size() ? this : new ConsistencyToken(live);
    }

    public Collection<Mark> marks() {
        return marks.values();
    }

    public boolean isEmpty() {
        return marks.isEmpty();
    }

    /** The text {@link #parse} reads. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (Mark mark : new TreeMap<>(marks).values()) {
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(mark.origin()).append('-').append(Long.toString(mark.sequence(), 36))
                    .append('-').append(Long.toString(mark.issuedAt().toEpochMilli(), 36));
        }
        return out.toString();
    }

    private ConsistencyToken with(Mark mark) {
        Map<String, Mark> next = new TreeMap<>(marks);
        next.merge(mark.origin(), mark, Mark::later);
        if (next.size() > MAX_MARKS) {
            // the oldest mark is the nearest to being reflected everywhere anyway
            List<Mark> byAge = new ArrayList<>(next.values());
            byAge.sort(Comparator.comparing(Mark::issuedAt));
            next.remove(byAge.get(0).origin());
        }
        return new ConsistencyToken(next);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConsistencyToken that && marks.equals(that.marks);
    }

    @Override
    public int hashCode() {
        return marks.hashCode();
    }

    @Override
    public String toString() {
        return "ConsistencyToken[" + text() + "]";
    }
}
