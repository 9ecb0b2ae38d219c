package dev.jobcache.domain.job;

import java.util.Objects;
import java.util.regex.Pattern;

/** The user a job belongs to; the same identifier as {@link dev.jobcache.domain.security.Principal#userId()}. */
public record OwnerId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public OwnerId {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("a user id is 1 to 64 letters, digits, '.', '_' or '-'");
        }
    }

    public static boolean isValid(String raw) {
        return raw != null && FORMAT.matcher(raw).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
