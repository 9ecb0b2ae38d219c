package dev.jobcache.adapters.rest;

import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Jersey's Grizzly handler with two things Grizzly would otherwise answer itself: a request URI Jersey cannot parse
 * (a malformed percent escape, {@code /jobs?cursor=%%%}) gets a 400 problem instead of a 500; and a failure that
 * escapes Jersey gets a short page without Grizzly's default stack trace, which would tell a client how the server
 * is built.
 */
final class GuardedJerseyHandler extends HttpHandler {

    private static final Pattern MALFORMED_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");
    static final ErrorPageGenerator NO_INTERNALS = (request, status, reason, description, failure) ->
            "{\"type\":\"/problems/internal-error\",\"title\":\"" + reason + "\",\"status\":" + status + "}";

    private final HttpHandler jersey;

    GuardedJerseyHandler(HttpHandler jersey) {
        super(jersey.getName());
        this.jersey = jersey;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        String query = request.getQueryString();
        String uri = request.getRequestURI() + (query == null ? "" : "?" + query);
        if (MALFORMED_ESCAPE.matcher(uri).find()) {
            byte[] problem = ("{\"type\":\"/problems/malformed-uri\",\"title\":\"Bad Request\",\"status\":400,"
                    + "\"detail\":\"the request URI has a '%' that does not start a %XX escape\",\"field\":\"uri\"}")
                    .getBytes(StandardCharsets.UTF_8);
            response.setStatus(400);
            response.setContentType("application/problem+json");
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(problem.length);
            response.getOutputStream().write(problem);
            return;
        }
        jersey.service(request, response);
    }

    @Override
    protected ErrorPageGenerator getErrorPageGenerator(Request request) {
        return NO_INTERNALS;
    }

    @Override
    protected boolean sendAcknowledgment(Request request, Response response) throws java.io.IOException {
        return EdgeProblem.continueAnswered(request) || super.sendAcknowledgment(request, response);
    }

    @Override
    public void start() {
        jersey.start();
    }

    @Override
    public void destroy() {
        jersey.destroy();
    }
}
