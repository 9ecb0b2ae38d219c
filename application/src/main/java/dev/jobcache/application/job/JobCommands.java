package dev.jobcache.application.job;

import dev.jobcache.application.InvalidInput;
import dev.jobcache.domain.job.ConcurrentJobChange;
import dev.jobcache.domain.job.Job;
import dev.jobcache.domain.job.JobEvent;
import dev.jobcache.domain.job.JobId;
import dev.jobcache.domain.job.JobResult;
import dev.jobcache.domain.job.JobStatus;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.domain.port.JobRepository;
import dev.jobcache.domain.security.Principal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Changes jobs on behalf of their owner. Each command validates, writes to the repository, and only then raises its
 * {@link JobEvent}; when the event listeners (cache invalidation) have returned, the command returns. A failed write
 * raises nothing.
 */
public final class JobCommands {

    public static final int MAX_TYPE_LENGTH = 100;
    public static final int MAX_INPUT_BYTES = 64 * 1024;
    public static final int MAX_ERROR_LENGTH = 2000;
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_TYPE_LENGTH + "}");
    private static final Pattern CONTENT_TYPE = Pattern.compile("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;.*)?");

    private final JobRepository repository;
    private final Clock clock;
    private final JobEvents events;
    private final long maxResultBytes;

    public JobCommands(JobRepository repository, Clock clock, JobEvents events, long maxResultBytes) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
        this.maxResultBytes = maxResultBytes;
    }

    /** @param input the job's input as JSON text; {@code null} means an empty object */
    public Job submit(Principal caller, String type, String input) {
        if (type == null) {
            throw new InvalidInput("type", "is required");
        }
        if (!TYPE.matcher(type).matches()) {
            throw new InvalidInput("type", "must be 1 to " + MAX_TYPE_LENGTH + " letters, digits, '.', '_' or '-'");
        }
        String json = input == null ? "{}" : input;
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_INPUT_BYTES) {
            throw new InvalidInput("input", "must be at most " + MAX_INPUT_BYTES + " bytes of JSON");
        }
        Job job = Job.submit(JobId.generate(), caller.asOwner(), type, json, clock.now());
        repository.save(job);
        events.raised(new JobEvent.Created(job.id(), job.owner()));
        return job;
    }

    /**
     * Moves a job to a new status and/or progress.
     *
     * @param status   the new status; {@code null} keeps the current one
     * @param progress 0 to 100; {@code null} keeps the current progress
     * @param error    why the job failed; only with status FAILED
     * @throws dev.jobcache.domain.job.IllegalJobTransition when the state machine forbids the move
     */
    public Job update(Principal caller, String rawId, JobStatus status, Integer progress, String error) {
        if (status == null && progress == null && error == null) {
            throw new InvalidInput("status", "give at least one of status, progress or error");
        }
        if (progress != null && (progress < 0 || progress > 100)) {
            throw new InvalidInput("progress", "must be between 0 and 100");
        }
        if (error != null && error.length() > MAX_ERROR_LENGTH) {
            throw new InvalidInput("error", "must be at most " + MAX_ERROR_LENGTH + " characters");
        }
        Job current = JobLookup.ownedBy(repository, caller, rawId);
        JobStatus next = status == null ? current.status() : status;
        if (error != null && next != JobStatus.FAILED) {
            throw new InvalidInput("error", "is only accepted with status FAILED");
        }
        Job updated = current.moveTo(next, progress, error, clock.now());
        if (!repository.replace(current, updated)) {
            throw new ConcurrentJobChange(current.id());
        }
        events.raised(new JobEvent.StatusChanged(updated.id(), updated.owner(), current.status(), updated.status()));
        return updated;
    }

    /** Stores a result for a RUNNING or COMPLETED job, replacing any earlier one. */
    public Job uploadResult(Principal caller, String rawId, String contentType, byte[] content) {
        Objects.requireNonNull(content, "content");
        if (content.length > maxResultBytes) {
            throw new InvalidInput("body", "a result is at most " + maxResultBytes + " bytes");
        }
        String type = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType.trim();
        if (type.length() > 200 || !CONTENT_TYPE.matcher(type).matches()) {
            throw new InvalidInput("Content-Type", "must be a media type such as application/json");
        }
        Job current = JobLookup.ownedBy(repository, caller, rawId);
        Job updated = current.withResult(new JobResult(type, content.length, sha256(content), clock.now()), clock.now());
        if (!repository.replace(current, updated)) {
            throw new ConcurrentJobChange(current.id());
        }
        repository.saveResult(updated.id(), content);
        events.raised(new JobEvent.ResultUploaded(updated.id(), updated.owner()));
        return updated;
    }

    /** Deletes the caller's job and its result. */
    public void delete(Principal caller, String rawId) {
        Job current = JobLookup.ownedBy(repository, caller, rawId);
        repository.delete(current.id());
        events.raised(new JobEvent.Deleted(current.id(), current.owner()));
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
