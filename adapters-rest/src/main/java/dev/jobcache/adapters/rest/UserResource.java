package dev.jobcache.adapters.rest;

import dev.jobcache.application.job.JobQueries;
import dev.jobcache.application.job.UserProfile;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /user/me}: who the caller is and how many jobs they have per status. */
@Path("/user")
@Produces(MediaType.APPLICATION_JSON)
// public: Jersey invokes resource methods reflectively and JAX-RS requires public resource classes
public final class UserResource {

    private final JobQueries queries;

    UserResource(JobQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("me")
    public UserJson me(@Context SecurityContext security) {
        UserProfile profile = queries.profile(Callers.require(security));
        Map<String, Long> jobs = new LinkedHashMap<>();
        profile.jobsByStatus().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> jobs.put(e.getKey().name(), e.getValue()));
        return new UserJson(profile.principal().userId(),
                profile.principal().roles().stream().map(Enum::name).sorted().toList(),
                jobs, profile.totalJobs());
    }
}
