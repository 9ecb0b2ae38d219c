package dev.jobcache.benchmarks.load;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

import java.net.URI;
import java.nio.file.Files;

/**
 * Case (a), the framework's ceiling: plain Jersey on Grizzly with default settings, no authentication, no filters,
 * no jobcache, answering {@code GET /jobs} (and {@code GET /jobs/{id}}) with fixed bytes and headers captured from
 * a cache hit of the running service. Whatever a cached case spends beyond this is the cost of jobcache itself.
 *
 * <pre>java -Xms1g -Xmx1g -cp benchmarks.jar dev.jobcache.benchmarks.load.BareEndpoint --port 8081 --responses DIR</pre>
 *
 * DIR holds {@code jobs.body}/{@code jobs.headers} and optionally {@code job.body}/{@code job.headers}
 * (see {@link CapturedResponse}). Runs until it is stopped.
 */
public final class BareEndpoint {

    private BareEndpoint() {
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        java.nio.file.Path responses = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--responses" -> responses = java.nio.file.Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (port == 0 || responses == null || !Files.isDirectory(responses)) {
            System.err.println("usage: BareEndpoint --port PORT --responses DIR");
            System.exit(2);
        }
        CapturedResponse list = CapturedResponse.load(responses, Route.JOBS.option());
        CapturedResponse one = CapturedResponse.load(responses, Route.JOB.option());
        ResourceConfig config = new ResourceConfig().register(new FixedJobs(list, one));
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:" + port + "/"), config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "bare-endpoint-stop"));
        System.out.println("bare endpoint listening on 127.0.0.1:" + port);
        Thread.currentThread().join();
    }

    /** The one resource: the captured bytes, whatever the id (the bare endpoint knows no jobs). */
    @Path("/jobs")
    public static final class FixedJobs {

        private final CapturedResponse list;
        private final CapturedResponse one;

        FixedJobs(CapturedResponse list, CapturedResponse one) {
            this.list = list;
            this.one = one;
        }

        @GET
        public Response list() {
            return replay(list);
        }

        @GET
        @Path("{id}")
        public Response one() {
            return replay(one);
        }

        private static Response replay(CapturedResponse captured) {
            if (captured == null) {
                return Response.status(404).build();
            }
            Response.ResponseBuilder response = Response.ok(captured.body());
            captured.headers().forEach(response::header);
            return response.build();
        }
    }
}
