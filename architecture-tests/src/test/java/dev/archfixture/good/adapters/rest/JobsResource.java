package dev.archfixture.good.adapters.rest;

import dev.archfixture.good.application.JobQueries;
import dev.archfixture.good.domain.job.Job;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Fixture: a resource that goes through the application. */
@Path("/jobs")
public final class JobsResource {

    private final JobQueries queries;

    public JobsResource(JobQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("{id}")
    public String get(@PathParam("id") String id) {
        return queries.get(id).map(Job::id).orElse("none");
    }
}
