package dev.jobcache.adapters.rest;

import org.glassfish.grizzly.http.server.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A problem answered at the HTTP edge, before Jersey: the same RFC 9457 body and headers as {@link Problems} gives
 * inside Jersey, written straight to Grizzly's response or, for a connection whose framing cannot be trusted, as
 * raw bytes.
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
     * Answers with this problem. {@code close} ends the connection after it: a request whose body was not read
     * leaves bytes on the connection that must not be parsed as the next request.
     */
    void writeTo(Response response, String instance, boolean close) throws IOException {
        byte[] body = body(instance);
        response.setStatus(status);
        response.setContentType(Problems.MEDIA_TYPE);
        response.setHeader("Cache-Control", "no-store");
        if (status == 401) {
            response.setHeader("WWW-Authenticate", Callers.CHALLENGE);
        }
        if (close) {
            // Grizzly sends "Connection: close" and closes once the answer is out, whatever the request asked
            response.getResponse().getProcessingState().setKeepAlive(false);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        if (close) {
            // Grizzly would otherwise keep the connection until the unread body has gone by, however long that
            // takes; the close is graceful, after the answer is written
            response.flush();
            response.getRequest().getContext().getConnection().closeSilently();
        }
    }

    /** The whole HTTP/1.1 response, for a connection the HTTP parser must not see again. */
    byte[] rawResponse() {
        byte[] body = body(null);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Content-Type: " + Problems.MEDIA_TYPE + "\r\n"
                + "Cache-Control: no-store\r\n"
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
}
