package dev.jobcache.domain.job;

import java.time.Instant;
import java.util.Objects;

/** What is known about an uploaded result without loading its bytes. */
public record JobResult(String contentType, long sizeBytes, String sha256, Instant uploadedAt) {

    public JobResult {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(uploadedAt, "uploadedAt");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative");
        }
    }
}
