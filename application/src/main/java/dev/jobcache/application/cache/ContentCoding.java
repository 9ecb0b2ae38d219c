package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.FieldSyntax;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * gzip on the way into the cache, and on the way out for clients that cannot take it. Bodies are compressed once,
 * when stored, and served as they are to the clients that accept gzip (nearly all), so a hit costs no compression.
 */
public final class ContentCoding {

    /** What one element of {@code Accept-Encoding} says when it gives gzip no weight (see {@link #weightOf}). */
    private static final int OTHER = -1;
    private static final int WILDCARD_ACCEPTED = -2;
    private static final int WILDCARD_REFUSED = -3;

    private ContentCoding() {
    }

    /**
     * Whether an {@code Accept-Encoding} header allows gzip (RFC 9110 §12.5.3: {@code q=0} refuses). Lenient, as the
     * origin is (Jersey never reads this header) and as common servers are: an element that is not
     * {@code coding [; q=qvalue]} is left out as if the client had not sent it, so a malformed header at worst gets
     * identity, which every client takes, and never an error.
     */
    public static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        if (acceptEncoding.equals("gzip") || acceptEncoding.startsWith("gzip, ")
                && acceptEncoding.indexOf(';') < 0) {
            // what nearly every client sends ("gzip", "gzip, deflate, br"): gzip listed first, no quality to weigh
            return true;
        }
        boolean wildcard = false;
        int length = acceptEncoding.length();
        int i = 0;
        while (i < length) {
            int end = acceptEncoding.indexOf(',', i);
            if (end < 0) {
                end = length;
            }
            int weight = weightOf(acceptEncoding.substring(i, end));
            if (weight >= 0) {
                return weight > 0;
            }
            if (weight == WILDCARD_REFUSED || weight == WILDCARD_ACCEPTED) {
                wildcard = weight == WILDCARD_ACCEPTED;
            }
            i = end + 1;
        }
        return wildcard;
    }

    /**
     * The weight in thousandths one element gives gzip; for any other element {@link #OTHER} (a malformed one
     * included), or what it says of {@code *}.
     */
    private static int weightOf(String element) {
        int start = FieldSyntax.skipWhitespace(element, 0);
        int codingEnd = FieldSyntax.tokenEnd(element, start);
        if (codingEnd == start) {
            return OTHER;
        }
        String coding = element.substring(start, codingEnd);
        boolean isGzip = coding.equalsIgnoreCase("gzip") || coding.equalsIgnoreCase("x-gzip");
        boolean isWildcard = coding.equals("*");
        if (!isGzip && !isWildcard) {
            return OTHER;
        }
        int weight = 1000;
        int i = FieldSyntax.skipWhitespace(element, codingEnd);
        if (i < element.length()) {
            if (element.charAt(i) != ';') {
                return OTHER;
            }
            i = FieldSyntax.skipWhitespace(element, i + 1);
            if (!element.regionMatches(true, i, "q=", 0, 2)) {
                return OTHER;
            }
            int valueEnd = FieldSyntax.tokenEnd(element, i + 2);
            weight = FieldSyntax.qvalue(element.substring(i + 2, valueEnd));
            if (weight == FieldSyntax.NOT_A_QVALUE
                    || FieldSyntax.skipWhitespace(element, valueEnd) != element.length()) {
                return OTHER;
            }
        }
        if (isWildcard) {
            return weight > 0 ? WILDCARD_ACCEPTED : WILDCARD_REFUSED;
        }
        return weight;
    }

    /** Whether a media type is text-like and worth compressing (already-compressed formats are not). */
    public static boolean compressible(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.contains("javascript") || type.startsWith("application/x-www-form-urlencoded");
    }

    public static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 3));
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory failed", e);
        }
        return out.toByteArray();
    }

    public static byte[] gunzip(byte[] compressed) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("a stored gzip body could not be read", e);
        }
    }
}
