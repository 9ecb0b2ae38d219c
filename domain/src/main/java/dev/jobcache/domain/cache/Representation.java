package dev.jobcache.domain.cache;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The representation a client asked for, from its {@code Accept} header, normalised so that equivalent headers
 * share an entry: case, white space and the order of alternatives do not matter. Content coding is not part of it:
 * one entry serves gzip and identity clients alike.
 */
public record Representation(String accept) {

    public static final Representation ANY = new Representation("*/*");

    public static Representation fromAccept(String header) {
        if (header == null || header.isBlank()) {
            return ANY;
        }
        if (isOneNormalisedRange(header)) {
            // the usual header (application/json, */*): already what the normalisation below would make of it
            return header.equals(ANY.accept()) ? ANY : new Representation(header);
        }
        String normalised = Arrays.stream(header.split(","))
                .map(Representation::normaliseRange)
                .filter(range -> !range.isEmpty())
                .sorted()
                .distinct()
                .collect(Collectors.joining(","));
        return normalised.isEmpty() ? ANY : new Representation(normalised);
    }

    private static boolean isOneNormalisedRange(String header) {
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            // printable ASCII, lower case, nothing to split on, nothing that trim() would remove
            if (c <= ' ' || c > '~' || (c >= 'A' && c <= 'Z') || c == ',' || c == ';') {
                return false;
            }
        }
        return true;
    }

    private static String normaliseRange(String range) {
        String[] parts = range.split(";");
        StringBuilder out = new StringBuilder(parts[0].trim().toLowerCase(Locale.ROOT));
        Arrays.stream(parts).skip(1)
                .map(p -> p.replace(" ", "").toLowerCase(Locale.ROOT))
                .filter(p -> !p.isEmpty())
                .sorted()
                .forEach(p -> out.append(';').append(p));
        return out.toString();
    }
}
