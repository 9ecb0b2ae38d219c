package dev.jobcache.adapters.rest;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.jobcache.domain.job.Job;
import dev.jobcache.domain.job.JobResult;

/** A job as clients see it. {@code input} is the client's JSON, returned verbatim. */
record JobJson(
        String id,
        String owner,
        String type,
        String status,
        int progress,
        @JsonRawValue String input,
        String createdAt,
        String updatedAt,
        ResultJson result,
        String error) {

    static JobJson of(Job job) {
        return new JobJson(job.id().value(), job.owner().value(), job.type(), job.status().name(), job.progress(),
                job.input(), job.createdAt().toString(), job.updatedAt().toString(),
                job.resultIfUploaded().map(ResultJson::of).orElse(null), job.error());
    }

    record ResultJson(String contentType, long sizeBytes, String sha256, String uploadedAt) {

        static ResultJson of(JobResult result) {
            return new ResultJson(result.contentType(), result.sizeBytes(), result.sha256(),
                    result.uploadedAt().toString());
        }
    }
}
