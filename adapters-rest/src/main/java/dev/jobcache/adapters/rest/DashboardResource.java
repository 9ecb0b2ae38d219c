package dev.jobcache.adapters.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code /admin/cache/dashboard}: the operator's live page, with its script and style as separate files. Public to
 * load because it holds no data: every call it makes sends the admin token the operator types in, kept in a script
 * variable only. The Content-Security-Policy allows scripts, styles and connections from this origin alone, so
 * nothing is fetched from elsewhere and no inline script could run if one were ever injected; {@code no-store}
 * keeps the page out of every cache (the response cache gives {@code /admin/**} no policy either).
 */
@Path("/admin/cache/dashboard")
// public: Jersey invokes resource methods reflectively and JAX-RS requires public resource classes
public final class DashboardResource {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'none'";
    private static final String FOLDER = "/dev/jobcache/adapters/rest/dashboard/";

    private final byte[] page = load("dashboard.html");
    private final byte[] script = load("dashboard.js");
    private final byte[] style = load("dashboard.css");

    @GET
    @Produces("text/html; charset=utf-8")
    public Response page() {
        return file(page, "text/html; charset=utf-8");
    }

    @GET
    @Path("app.js")
    @Produces("text/javascript; charset=utf-8")
    public Response script() {
        return file(script, "text/javascript; charset=utf-8");
    }

    @GET
    @Path("app.css")
    @Produces("text/css; charset=utf-8")
    public Response style() {
        return file(style, "text/css; charset=utf-8");
    }

    private static Response file(byte[] body, String type) {
        return Response.ok(body, type)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .build();
    }

    private static byte[] load(String name) {
        try (InputStream in = DashboardResource.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard file " + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
