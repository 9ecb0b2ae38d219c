package dev.jobcache.domain.cache;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The representation a client asked for, from its {@code Accept} header, in a canonical form: what the origin
 * negotiates on once the HTTP edge has put it in place of the client's header, so the key holds exactly what can
 * change an answer. Case (of names, of types, of the charset), white space, quoting, the order of parameters, how a
 * weight is written, repeated alternatives and the order of differently weighted ones do not matter; the order of
 * equally weighted alternatives does, because the origin serves the first of them
 * ({@code application/json;charset=utf-8, application/json;charset=utf-16} is answered in UTF-8, the other order in
 * UTF-16). Content coding is not part of it: one entry serves gzip and identity clients alike.
 */
public record Representation(String accept) {

    public static final Representation ANY = new Representation("*/*");

    /**
     * Parses an {@code Accept} header (RFC 9110 §12.5.1); empty when it is malformed. Empty list elements are ignored,
     * as §5.6.1 requires, and so is a header of nothing else. Read as the origin (Jersey) reads it: parameters after
     * the weight belong to the media range, and the JDK's old {@code *; q=.2} is {@code *}{@code /*} at 0.2. A
     * parameter given twice, a weight given twice or a wildcard type with a concrete subtype is malformed.
     */
    public static Optional<Representation> parseAccept(String header) {
        if (header == null) {
            return Optional.of(ANY);
        }
        if (isOneCanonicalRange(header)) {
            // the usual header (application/json, */*): already its own canonical form, nothing to allocate
            return Optional.of(header.equals(ANY.accept()) ? ANY : new Representation(header));
        }
        List<Weighted> ranges = new ArrayList<>();
        int i = 0;
        int length = header.length();
        while (true) {
            i = FieldSyntax.skipWhitespace(header, i);
            if (i == length) {
                break;
            }
            if (header.charAt(i) != ',') {
                StringBuilder range = new StringBuilder(32);
                int[] weight = new int[1];
                i = readRange(header, i, range, weight);
                if (i < 0) {
                    return Optional.empty();
                }
                ranges.add(new Weighted(range.toString(), weight[0]));
                i = FieldSyntax.skipWhitespace(header, i);
                if (i == length) {
                    break;
                }
                if (header.charAt(i) != ',') {
                    return Optional.empty();
                }
            }
            i++;
        }
        if (ranges.isEmpty()) {
            return Optional.of(ANY);
        }
        // stable: the weights order the alternatives, and among equal ones the client's order stays; a repeat can
        // never be chosen before the first of its kind, so it changes no answer
        ranges.sort(Comparator.comparingInt(Weighted::weight).reversed());
        Set<String> distinct = new LinkedHashSet<>();
        ranges.forEach(range -> distinct.add(range.text()));
        String canonical = String.join(",", distinct);
        return Optional.of(canonical.equals(ANY.accept()) ? ANY : new Representation(canonical));
    }

    private record Weighted(String text, int weight) {
    }

    /**
     * Reads one media range with its weight into {@code out} and its weight in thousandths into {@code weightOut};
     * answers the position after it, or -1.
     */
    private static int readRange(String header, int from, StringBuilder out, int[] weightOut) {
        int typeEnd = FieldSyntax.tokenEnd(header, from);
        if (typeEnd == from) {
            return -1;
        }
        String type = header.substring(from, typeEnd).toLowerCase(Locale.ROOT);
        String subtype;
        int i = typeEnd;
        if (i < header.length() && header.charAt(i) == '/') {
            int subtypeEnd = FieldSyntax.tokenEnd(header, i + 1);
            if (subtypeEnd == i + 1) {
                return -1;
            }
            subtype = header.substring(i + 1, subtypeEnd).toLowerCase(Locale.ROOT);
            i = subtypeEnd;
        } else if (type.equals("*")) {
            subtype = "*";
        } else {
            return -1;
        }
        if (type.equals("*") && !subtype.equals("*")) {
            return -1;
        }
        Map<String, String> parameters = new TreeMap<>();
        int weight = 1000;
        boolean weighted = false;
        while (true) {
            int semicolon = FieldSyntax.skipWhitespace(header, i);
            if (semicolon == header.length() || header.charAt(semicolon) != ';') {
                break;
            }
            i = FieldSyntax.skipWhitespace(header, semicolon + 1);
            if (i == header.length() || header.charAt(i) == ';' || header.charAt(i) == ',') {
                // RFC 9110 §5.6.6 lets a parameter be left out between semicolons
                continue;
            }
            int nameEnd = FieldSyntax.tokenEnd(header, i);
            if (nameEnd == i || nameEnd == header.length() || header.charAt(nameEnd) != '=') {
                return -1;
            }
            String name = header.substring(i, nameEnd).toLowerCase(Locale.ROOT);
            int valueStart = nameEnd + 1;
            int valueEnd = FieldSyntax.tokenEnd(header, valueStart);
            String value;
            if (valueEnd > valueStart) {
                value = header.substring(valueStart, valueEnd);
            } else {
                valueEnd = FieldSyntax.quotedStringEnd(header, valueStart);
                if (valueEnd < 0 || name.equals("q")) {
                    return -1;
                }
                value = FieldSyntax.unquote(header.substring(valueStart, valueEnd));
            }
            i = valueEnd;
            if (name.equals("q")) {
                weight = FieldSyntax.qvalue(value);
                if (weighted || weight == FieldSyntax.NOT_A_QVALUE) {
                    return -1;
                }
                weighted = true;
            } else if (parameters.putIfAbsent(name,
                    name.equals("charset") ? value.toLowerCase(Locale.ROOT) : value) != null) {
                // RFC 6838 §4.3: a parameter given twice is an error; which one would the origin honour?
                return -1;
            }
        }
        out.append(type).append('/').append(subtype);
        parameters.forEach((name, value) -> out.append(';').append(name).append('=')
                .append(FieldSyntax.quoteIfNeeded(value)));
        if (weight != 1000) {
            out.append(";q=").append(FieldSyntax.qvalueText(weight));
        }
        weightOut[0] = weight;
        return i;
    }

    /** One {@code type/subtype} of lower-case token characters, and not {@code *}{@code /subtype}. */
    private static boolean isOneCanonicalRange(String header) {
        int slash = -1;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '/') {
                if (slash >= 0) {
                    return false;
                }
                slash = i;
            } else if (!FieldSyntax.isTokenChar(c) || (c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        if (slash <= 0 || slash == header.length() - 1) {
            return false;
        }
        return header.charAt(0) != '*' || (slash == 1 && header.length() == 3 && header.charAt(2) == '*');
    }
}
