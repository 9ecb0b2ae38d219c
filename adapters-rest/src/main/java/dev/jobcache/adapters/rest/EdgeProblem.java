package dev.jobcache.adapters.rest;

import java.nio.charset.StandardCharsets;

/**
 * A problem answered at the HTTP edge, before Grizzly parses the request: the same RFC 9457 body and headers as
 * {@link Problems} gives inside Jersey, as the raw bytes of a response after which the connection is closed.
 *
 * @param field the request field at fault (a header name, {@code body}), or null
 */
record EdgeProblem(int status, String reason, String slug, String detail, String field) {

    /** The JSON body; every part is a constant of this package or a number, so nothing needs escaping. */
    byte[] body(String instance) {
        StringBuilder json = new StringBuilder(160)
                .append("{\"type\":\"/problems/").append(slug)
                .append("\",\"title\":\"").append(reason)
                .append("\",\"status\":").append(status)
                .append(",\"detail\":\"").append(escaped(detail)).append('"');
        if (instance != null) {
            json.append(",\"instance\":\"").append(escaped(instance)).append('"');
        }
        if (field != null) {
            json.append(",\"field\":\"").append(escaped(field)).append('"');
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The whole HTTP/1.1 response, for a connection the HTTP parser must not see again.
     *
     * @param requestId a sane id ({@link RequestIds}), so it needs no escaping
     */
    byte[] rawResponse(String instance, String requestId) {
        byte[] body = body(instance == null || instance.isEmpty() ? null : instance);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Content-Type: " + Problems.MEDIA_TYPE + "\r\n"
                + "Cache-Control: no-store\r\n"
                + RequestIds.HEADER + ": " + requestId + "\r\n"
                + (status == 401 ? "WWW-Authenticate: " + Callers.CHALLENGE + "\r\n" : "")
                + "Connection: close\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    private static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Whether the edge already answered this request's {@code Expect: 100-continue} ({@link StrictHttpFraming} does
     * when it admits the body, which is then here already): Grizzly must not send a second one.
     */
    static boolean continueAnswered(org.glassfish.grizzly.http.server.Request request) {
        return "100-continue".equalsIgnoreCase(request.getHeader("Expect"));
    }
}
