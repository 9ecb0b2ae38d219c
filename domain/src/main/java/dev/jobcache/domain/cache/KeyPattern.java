package dev.jobcache.domain.cache;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A glob over key text ({@code *} any run, {@code ?} one character), the same syntax as Redis {@code MATCH}. Limited
 * to the characters keys can hold, so a pattern from an operator is safe to hand to any store.
 */
public record KeyPattern(String glob) {

    public static final int MAX_LENGTH = 256;
    // FORMAT before ALL: static initialisers run in textual order and the constructor of ALL needs FORMAT
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9:/{}=._*?\\-]{1," + MAX_LENGTH + "}");
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

    /**
     * The glob as a regex for whole-key matching. Each run between two stars is committed at its earliest occurrence
     * (an atomic group), which is always safe for a glob, so matching takes at most key length times pattern length
     * steps however many stars there are, instead of {@code .*a.*a.*b} backtracking through every split of the key.
     */
    public Pattern toRegex() {
        String[] runs = glob.split("\\*", -1);
        StringBuilder regex = new StringBuilder(quoted(runs[0]));
        if (runs.length > 1) {
            for (int i = 1; i < runs.length - 1; i++) {
                regex.append("(?>.*?").append(quoted(runs[i])).append(')');
            }
            regex.append(".*").append(quoted(runs[runs.length - 1]));
        }
        return Pattern.compile(regex.toString());
    }

    private static String quoted(String run) {
        StringBuilder regex = new StringBuilder();
        for (char c : run.toCharArray()) {
            regex.append(c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return regex.toString();
    }
}
