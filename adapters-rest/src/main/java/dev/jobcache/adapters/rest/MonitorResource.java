package dev.jobcache.adapters.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.glassfish.grizzly.http.server.Request;

/**
 * {@code /admin/cache/monitor/realtime}, admins only: a JSON snapshot of the cache, or with
 * {@code Accept: text/event-stream} one snapshot a second as Server-Sent Events (see {@link LiveMonitor}). JSON is
 * preferred ({@code qs}) when a client accepts both, e.g. with {@code Accept: *}{@code /*}.
 */
@Path("/admin/cache/monitor/realtime")
// public: Jersey invokes resource methods reflectively and JAX-RS requires public resource classes
public final class MonitorResource {

    private final LiveMonitor monitor;

    MonitorResource(LiveMonitor monitor) {
        this.monitor = monitor;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON + ";qs=1")
    public Response snapshot(@Context SecurityContext security) {
        Callers.requireAdmin(security);
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(monitor.snapshot(), MediaType.APPLICATION_JSON_TYPE).cacheControl(noStore).build();
    }

    /**
     * Returns at once: {@link LiveMonitor}'s threads write to the stream from then on.
     *
     * @param connection Grizzly's request, for the connection under the stream; absent for a request that did not
     *                   come over Grizzly
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS + ";qs=0.5")
    public void stream(@Context SecurityContext security, @Context SseEventSink sink, @Context Sse sse,
                       @Context Request connection) {
        Callers.requireAdmin(security);
        monitor.open(sink, sse, StreamConnection.of(connection));
    }
}
