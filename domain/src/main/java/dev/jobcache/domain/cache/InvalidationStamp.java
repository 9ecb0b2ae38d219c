package dev.jobcache.domain.cache;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which instance published an invalidation, and as its how-manyth: every instance numbers what it publishes 1, 2,
 * 3, ... under an origin of its own, drawn at random when it starts. A consistency token names such numbers, and an
 * instance that has applied an origin's invalidations up to a number reflects every write they came from.
 *
 * @param origin   the publishing instance, 8 to 16 lowercase letters and digits
 * @param sequence the publication's number at that instance, from 1
 */
public record InvalidationStamp(String origin, long sequence) {

    private static final Pattern ORIGIN = Pattern.compile("[a-z0-9]{8,16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public InvalidationStamp {
        Objects.requireNonNull(origin, "origin");
        if (!ORIGIN.matcher(origin).matches()) {
            throw new IllegalArgumentException("an origin is 8 to 16 lowercase letters and digits");
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("a sequence number starts at 1, was " + sequence);
        }
    }

    /** A new origin: 64 random bits, so that instances started at the same moment never share one. */
    public static String newOrigin() {
        return Long.toUnsignedString(RANDOM.nextLong(), 36);
    }

    public static boolean isOrigin(String text) {
        return text != null && ORIGIN.matcher(text).matches();
    }
}
