package dev.jobcache.adapters.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobcache.application.InvalidInput;
import dev.jobcache.application.admin.AdminInvalidation;
import dev.jobcache.application.admin.CacheAdministration;
import dev.jobcache.application.admin.KeyBrowser;
import dev.jobcache.application.warming.CacheWarmer;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.cache.TagPrefix;
import dev.jobcache.domain.security.Principal;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /admin/cache}: health, statistics, performance, invalidation, clear, key listing and warming, for admins
 * only (401 without a token, 403 for other callers). Never cached: the policies give {@code /admin/**} none.
 * Request bodies are read as text and parsed only after the admin check, so an anonymous caller learns nothing
 * about what a body should look like.
 */
@Path("/admin/cache")
@Produces(MediaType.APPLICATION_JSON)
// public: Jersey invokes resource methods reflectively and JAX-RS requires public resource classes
public final class AdminResource {

    private final CacheAdministration admin;
    private final CacheWarmer warmer;
    private final ObjectMapper mapper;

    AdminResource(CacheAdministration admin, CacheWarmer warmer, ObjectMapper mapper) {
        this.admin = admin;
        this.warmer = warmer;
        this.mapper = mapper;
    }

    @GET
    @Path("health")
    public AdminJson.Health health(@Context SecurityContext security) {
        Callers.requireAdmin(security);
        return AdminJson.Health.of(admin.reports().health());
    }

    @GET
    @Path("stats")
    public AdminJson.Stats stats(@Context SecurityContext security) {
        Callers.requireAdmin(security);
        return AdminJson.Stats.of(admin.reports().stats());
    }

    @GET
    @Path("performance")
    public AdminJson.Performance performance(@Context SecurityContext security) {
        Callers.requireAdmin(security);
        return AdminJson.Performance.of(admin.reports().performance());
    }

    @POST
    @Path("invalidate")
    @Consumes(MediaType.APPLICATION_JSON)
    public AdminJson.Removed invalidate(@Context SecurityContext security, String body)
            throws JsonProcessingException {
        Principal caller = Callers.requireAdmin(security);
        AdminJson.InvalidateRequest request = read(body, AdminJson.InvalidateRequest.class)
                .orElseThrow(() -> new InvalidInput("body", "a JSON object with tags, tagPrefixes, keys or pattern is required"));
        Set<Tag> tags = AdminInput.tags(request.tags());
        Set<TagPrefix> prefixes = AdminInput.tagPrefixes(request.tagPrefixes());
        Set<CacheKey> keys = AdminInput.keys(request.keys());
        Optional<KeyPattern> pattern = AdminInput.pattern(request.pattern());
        long removed = admin.invalidation().invalidate(tags, prefixes, keys, pattern);
        AdminAudit.invalidated(caller, tags, prefixes, keys, pattern, removed);
        return new AdminJson.Removed(removed);
    }

    /** Two steps: without {@code confirm} a 428 with a one-time token, with it the clear itself. */
    @POST
    @Path("clear")
    public Response clear(@Context SecurityContext security, @Context UriInfo uri, String body)
            throws JsonProcessingException {
        Principal caller = Callers.requireAdmin(security);
        Optional<String> confirm = read(body, AdminJson.ClearRequest.class).map(AdminJson.ClearRequest::confirm);
        AdminInvalidation.ClearOutcome outcome = admin.invalidation().clear(confirm);
        if (outcome instanceof AdminInvalidation.ClearOutcome.Cleared cleared) {
            AdminAudit.cleared(caller, cleared.removed());
            return Response.ok(new AdminJson.Removed(cleared.removed())).build();
        }
        if (outcome instanceof AdminInvalidation.ClearOutcome.Refused refused) {
            AdminAudit.clearRefused(caller, refused.reason());
            return Problems.of(Response.Status.CONFLICT, "confirmation-invalid", refused.reason(), null, "confirm");
        }
        AdminInvalidation.ClearOutcome.ConfirmationRequired required =
                (AdminInvalidation.ClearOutcome.ConfirmationRequired) outcome;
        AdminAudit.clearRequested(caller, required.entries());
        Response.Status status = Response.Status.PRECONDITION_REQUIRED;
        return Response.status(status)
                .type(Problems.MEDIA_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(new AdminJson.ConfirmationRequired("/problems/confirmation-required",
                        status.getReasonPhrase(), status.getStatusCode(),
                        "clearing removes all " + required.entries() + " entries; repeat with "
                                + "{\"confirm\":\"<confirmationToken>\"} within 60 seconds to go ahead",
                        Problems.instance(uri), required.entries(), required.token(),
                        required.expiresAt().toString()))
                .build();
    }

    @GET
    @Path("keys")
    public AdminJson.KeyPage keys(@Context SecurityContext security, @QueryParam("pattern") String pattern,
                                  @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        Callers.requireAdmin(security);
        return AdminJson.KeyPage.of(admin.keys().keys(AdminInput.pattern(pattern).orElse(KeyPattern.ALL),
                AdminInput.cursor(cursor), QueryLimits.parse(limit, KeyBrowser.DEFAULT_LIMIT, KeyBrowser.MAX_LIMIT)));
    }

    @POST
    @Path("warm")
    @Consumes(MediaType.APPLICATION_JSON)
    public AdminJson.Warmed warm(@Context SecurityContext security, String body) throws JsonProcessingException {
        Principal caller = Callers.requireAdmin(security);
        AdminJson.WarmRequest request = read(body, AdminJson.WarmRequest.class)
                .orElseThrow(() -> new InvalidInput("body", "a JSON object with routes is required"));
        List<CacheWarmer.Warmed> results = warmer.warm(request.routes(), request.users());
        AdminAudit.warmed(caller, request.routes(), request.users(), results);
        return AdminJson.Warmed.of(results);
    }

    @GET
    @Path("warm")
    public AdminJson.Warming warming(@Context SecurityContext security) {
        Callers.requireAdmin(security);
        return AdminJson.Warming.of(warmer.activity().status());
    }

    /** Empty for a missing or blank body; a malformed one is a 400 naming the field (see ProblemMappers). */
    private <T> Optional<T> read(String body, Class<T> type) throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(mapper.readValue(body, type));
    }
}
