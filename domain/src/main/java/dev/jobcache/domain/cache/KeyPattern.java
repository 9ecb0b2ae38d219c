package dev.jobcache.domain.cache;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A glob over key text ({@code *} any run, {@code ?} one character), the same syntax as Redis {@code MATCH}. Limited
 * to the characters keys can hold, so a pattern from an operator is safe to hand to any store.
 */
public record KeyPattern(String glob) {

    public static final int MAX_LENGTH = 256;
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9:/{}=._*?\\-]{1," + MAX_LENGTH + "}");
    // declared after FORMAT: static fields initialise in order, and the constructor needs FORMAT
    public static final KeyPattern ALL = new KeyPattern("*");

    public KeyPattern {
        Objects.requireNonNull(glob, "glob");
        if (!FORMAT.matcher(glob).matches()) {
            throw new IllegalArgumentException("a key pattern is 1 to " + MAX_LENGTH
                    + " characters of letters, digits, ':', '/', '{', '}', '=', '.', '_', '-', '*' or '?'");
        }
    }

    public boolean matches(CacheKey key) {
        return toRegex().matcher(key.value()).matches();
    }

    public Pattern toRegex() {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
