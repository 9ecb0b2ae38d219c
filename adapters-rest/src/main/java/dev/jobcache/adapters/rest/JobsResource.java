package dev.jobcache.adapters.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobcache.application.InvalidInput;
import dev.jobcache.application.cache.DeclaredTags;
import dev.jobcache.application.job.JobCommands;
import dev.jobcache.application.job.JobDownload;
import dev.jobcache.application.job.JobQueries;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.cache.TagDerivation;
import dev.jobcache.domain.job.Job;
import dev.jobcache.domain.job.JobFilter;
import dev.jobcache.domain.job.JobStatus;
import dev.jobcache.domain.job.Page;
import dev.jobcache.domain.job.PageCursor;
import dev.jobcache.domain.job.PageRequest;
import dev.jobcache.domain.security.Principal;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code /jobs}: a caller's own jobs. Another user's job answers 404, exactly like a missing one. */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
// public: Jersey invokes resource methods reflectively and JAX-RS requires public resource classes
public final class JobsResource {

    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final JobCommands commands;
    private final JobQueries queries;
    private final ObjectMapper mapper;
    private final long maxResultBytes;

    JobsResource(JobCommands commands, JobQueries queries, ObjectMapper mapper, long maxResultBytes) {
        this.commands = commands;
        this.queries = queries;
        this.mapper = mapper;
        this.maxResultBytes = maxResultBytes;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(@Context SecurityContext security, @Context UriInfo uri, NewJobJson body)
            throws JsonProcessingException {
        Principal caller = Callers.require(security);
        if (body == null) {
            throw new InvalidInput("body", "a JSON object with a 'type' is required");
        }
        if (body.input() != null && !body.input().isObject()) {
            throw new InvalidInput("input", "must be a JSON object");
        }
        String input = body.input() == null ? null : mapper.writeValueAsString(body.input());
        Job job = commands.submit(caller, body.type(), input);
        URI location = uri.getBaseUriBuilder().path("jobs").path(job.id().value()).build();
        return Response.created(location).entity(JobJson.of(job)).build();
    }

    /**
     * A page of the caller's jobs. It names what it depends on for the response cache ({@link DeclaredTags}): the
     * jobs it shows and the one the next page starts with, and the jobs that may join it, so that a write to one job
     * drops only the pages that show it.
     */
    @GET
    public Response list(@Context SecurityContext security, @Context UriInfo uri,
                         @QueryParam("status") String status,
                         @QueryParam("cursor") String cursor,
                         @QueryParam("limit") String limit) {
        Principal caller = Callers.require(security);
        // @QueryParam takes the first of repeated values; a client that repeats one means something we cannot tell
        requireOnce(uri, "status", "cursor", "limit");
        JobFilter filter = filterOf(status);
        Page<Job> page = queries.list(caller, filter, pageOf(cursor, limit));
        JobPageJson json = new JobPageJson(page.items().stream().map(JobJson::of).toList(),
                page.next().map(PageCursor::encode).orElse(null));
        String tags = TagDerivation.forJobPage(caller.asOwner(), filter, page).stream()
                .map(Tag::value).collect(Collectors.joining(" "));
        return Response.ok(json).header(DeclaredTags.HEADER, tags).build();
    }

    @GET
    @Path("{id}")
    public JobJson get(@Context SecurityContext security, @PathParam("id") String id) {
        return JobJson.of(queries.get(Callers.require(security), id));
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH})
    public JobJson update(@Context SecurityContext security, @PathParam("id") String id, JobUpdateJson body) {
        Principal caller = Callers.require(security);
        if (body == null) {
            throw new InvalidInput("body", "a JSON object with status, progress or error is required");
        }
        return JobJson.of(commands.update(caller, id, body.status(), body.progress(), body.error()));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        commands.delete(Callers.require(security), id);
        return Response.noContent().build();
    }

    @PUT
    @Path("{id}/download")
    @Consumes(MediaType.WILDCARD)
    public JobJson upload(@Context SecurityContext security, @PathParam("id") String id,
                          @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body)
            throws IOException {
        Principal caller = Callers.require(security);
        byte[] content = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxResultBytes + 1));
        if (content.length > maxResultBytes) {
            throw new PayloadTooLarge(maxResultBytes);
        }
        return JobJson.of(commands.uploadResult(caller, id, contentType, content));
    }

    @GET
    @Path("{id}/download")
    @Produces(MediaType.WILDCARD)
    public Response download(@Context SecurityContext security, @PathParam("id") String id) {
        JobDownload download = queries.download(Callers.require(security), id);
        return Response.ok(download.content(), download.result().contentType())
                .header("Content-Disposition", "attachment; filename=\"" + download.job().id().value() + "\"")
                .build();
    }

    private static void requireOnce(UriInfo uri, String... names) {
        var query = uri.getQueryParameters();
        for (String name : names) {
            var values = query.get(name);
            if (values != null && values.size() > 1) {
                throw new InvalidInput(name, "may be given once; it was given " + values.size() + " times");
            }
        }
    }

    private static JobFilter filterOf(String status) {
        if (status == null || status.isEmpty()) {
            return JobFilter.all();
        }
        try {
            return JobFilter.withStatus(JobStatus.valueOf(status.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("status", "must be one of " + Arrays.toString(JobStatus.values()));
        }
    }

    private static PageRequest pageOf(String cursor, String limit) {
        int size = QueryLimits.parse(limit, PageRequest.DEFAULT_LIMIT, PageRequest.MAX_LIMIT);
        Optional<PageCursor> after = Optional.empty();
        if (cursor != null && !cursor.isEmpty()) {
            after = Optional.of(PageCursor.decode(cursor)
                    .orElseThrow(() -> new InvalidInput("cursor", "is not a cursor this API returned")));
        }
        return new PageRequest(after, size);
    }
}
