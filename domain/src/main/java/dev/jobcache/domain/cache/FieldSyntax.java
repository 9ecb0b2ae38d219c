package dev.jobcache.domain.cache;

/**
 * The pieces of HTTP field syntax (RFC 9110 §5.6) that the cache reads request headers with. Each reader takes the
 * text and a position and answers the position after what it read, so that the callers can parse in one pass without
 * splitting (which is where a lone {@code ;} used to fail) and say exactly what a malformed value lacks.
 */
public final class FieldSyntax {

    /** What {@link #qvalue} answers for text that is not a qvalue. */
    public static final int NOT_A_QVALUE = -1;

    private FieldSyntax() {
    }

    /** RFC 9110 §5.6.2 tchar. */
    public static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** The position after the token starting at {@code from}; {@code from} itself when none starts there. */
    public static int tokenEnd(String text, int from) {
        int i = from;
        while (i < text.length() && isTokenChar(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The position after the optional white space (RFC 9110 §5.6.3 OWS: spaces and tabs) at {@code from}. */
    public static int skipWhitespace(String text, int from) {
        int i = from;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /**
     * The position after the quoted string (RFC 9110 §5.6.4) starting at {@code from}, or -1 when none does or it
     * does not end. Only visible ASCII, space and tab inside: a header value is rewritten for Jersey from what this
     * reads, and bytes beyond ASCII have no agreed character set there.
     */
    public static int quotedStringEnd(String text, int from) {
        if (from >= text.length() || text.charAt(from) != '"') {
            return -1;
        }
        for (int i = from + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                i++;
                if (i >= text.length() || !isQuotableChar(text.charAt(i))) {
                    return -1;
                }
            } else if (!isQuotableChar(c)) {
                return -1;
            }
        }
        return -1;
    }

    /** The content of a quoted string as read by {@link #quotedStringEnd}, quoted pairs undone. */
    public static String unquote(String quoted) {
        StringBuilder plain = new StringBuilder(quoted.length());
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '\\') {
                c = quoted.charAt(++i);
            }
            plain.append(c);
        }
        return plain.toString();
    }

    /** A parameter value as a token when it is one, else as a quoted string (RFC 9110 §5.6.6). */
    public static String quoteIfNeeded(String value) {
        if (!value.isEmpty() && tokenEnd(value, 0) == value.length()) {
            return value;
        }
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }

    /**
     * A weight (RFC 9110 §12.4.2 qvalue: {@code 0}, {@code 0.5}, {@code 1.000}) in thousandths, or
     * {@link #NOT_A_QVALUE}. Also takes {@code .2}, which is not a qvalue but what the JDK's HTTP client long sent
     * ({@code *; q=.2}) and what Jersey reads as 0.2.
     */
    public static int qvalue(String text) {
        int length = text.length();
        if (length == 0 || length > 5) {
            return NOT_A_QVALUE;
        }
        int i = 0;
        int whole = 0;
        if (text.charAt(0) == '0' || text.charAt(0) == '1') {
            whole = text.charAt(0) - '0';
            i = 1;
            if (length == 1) {
                return whole * 1000;
            }
        } else if (text.charAt(0) != '.' || length == 1) {
            return NOT_A_QVALUE;
        }
        if (text.charAt(i) != '.' || length - i - 1 > 3) {
            return NOT_A_QVALUE;
        }
        int thousandths = 0;
        int scale = 100;
        for (int d = i + 1; d < length; d++) {
            char c = text.charAt(d);
            if (c < '0' || c > '9') {
                return NOT_A_QVALUE;
            }
            thousandths += (c - '0') * scale;
            scale /= 10;
        }
        if (whole == 1 && thousandths > 0) {
            return NOT_A_QVALUE;
        }
        return whole * 1000 + thousandths;
    }

    /** A weight in thousandths as the shortest qvalue that says it: {@code 0}, {@code 0.5}, {@code 0.125}, {@code 1}. */
    public static String qvalueText(int thousandths) {
        if (thousandths >= 1000) {
            return "1";
        }
        if (thousandths <= 0) {
            return "0";
        }
        String digits = String.valueOf(1000 + thousandths).substring(1);
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return "0." + digits.substring(0, end);
    }

    private static boolean isQuotableChar(char c) {
        return c == '\t' || (c >= ' ' && c <= '~');
    }
}
