package dev.jobcache.benchmarks.bare;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The framework's ceiling in the load comparison: plain Jersey on Grizzly with default settings, no authentication,
 * no filters, no jobcache, answering {@code GET /jobs} with the body and headers of a cache hit that
 * {@code benchmarks/run} captured from the running service. Whatever a cached case spends beyond this is the cost of
 * jobcache itself.
 *
 * <pre>java -cp benchmarks.jar dev.jobcache.benchmarks.bare.BareEndpoint PORT BODY_FILE HEADERS_FILE</pre>
 *
 * HEADERS_FILE is what {@code curl -D} writes: a status line, then {@code Name: value} lines. Runs until stopped.
 */
public final class BareEndpoint {

    /** Framing and per-response headers: Grizzly writes its own. */
    private static final Set<String> NOT_REPLAYED = Set.of("content-length", "date", "connection", "transfer-encoding",
            "keep-alive");

    private BareEndpoint() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: BareEndpoint PORT BODY_FILE HEADERS_FILE");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        byte[] body = Files.readAllBytes(java.nio.file.Path.of(args[1]));
        Map<String, String> headers = headers(java.nio.file.Path.of(args[2]));
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:" + port + "/"),
                new ResourceConfig().register(new FixedJobs(body, headers)));
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "bare-endpoint-stop"));
        System.out.println("bare endpoint listening on 127.0.0.1:" + port);
        Thread.currentThread().join();
    }

    private static Map<String, String> headers(java.nio.file.Path file) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            int colon = line.indexOf(':');
            if (colon <= 0 || line.startsWith("HTTP/")) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            if (!NOT_REPLAYED.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    /** The one resource: the captured bytes, whoever asks. */
    @Path("/jobs")
    public static final class FixedJobs {

        private final byte[] body;
        private final Map<String, String> headers;

        FixedJobs(byte[] body, Map<String, String> headers) {
            this.body = body;
            this.headers = headers;
        }

        @GET
        public Response list() {
            Response.ResponseBuilder response = Response.ok(body);
            headers.forEach(response::header);
            return response.build();
        }
    }
}
