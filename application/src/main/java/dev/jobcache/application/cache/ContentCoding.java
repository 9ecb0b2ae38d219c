package dev.jobcache.application.cache;

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

    private ContentCoding() {
    }

    /** Whether an {@code Accept-Encoding} header allows gzip (RFC 9110 §12.5.3: {@code q=0} refuses). */
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
        for (String part : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
            String[] pieces = part.trim().split(";");
            String coding = pieces[0].trim();
            boolean refused = false;
            for (int i = 1; i < pieces.length; i++) {
                String param = pieces[i].replace(" ", "");
                if (param.startsWith("q=") && qualityIsZero(param.substring(2))) {
                    refused = true;
                }
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                return !refused;
            }
            if (coding.equals("*")) {
                wildcard = !refused;
            }
        }
        return wildcard;
    }

    private static boolean qualityIsZero(String q) {
        try {
            return Double.parseDouble(q) == 0.0;
        } catch (NumberFormatException e) {
            return false;
        }
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
