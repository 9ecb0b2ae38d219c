package dev.jobcache.adapters.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.jobcache.application.InvalidInput;
import dev.jobcache.application.job.ResultNotAvailable;
import dev.jobcache.domain.job.ConcurrentJobChange;
import dev.jobcache.domain.job.IllegalJobTransition;
import dev.jobcache.domain.job.JobNotFound;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.glassfish.jersey.server.ResourceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One exception mapper per failure, each answering an RFC 9457 problem. The mappers are singletons without the
 * request at hand; {@link ProblemInstanceFilter} fills in {@code instance}.
 */
final class ProblemMappers {

    private ProblemMappers() {
    }

    static void registerAll(ResourceConfig config) {
        config.register(new InvalidInputMapper());
        config.register(new JobNotFoundMapper());
        config.register(new IllegalJobTransitionMapper());
        config.register(new ResultNotAvailableMapper());
        config.register(new ConcurrentJobChangeMapper());
        config.register(new JsonProblemMapper());
        config.register(new WebApplicationExceptionMapper());
        config.register(new UnexpectedErrorMapper());
    }

    static final class InvalidInputMapper implements ExceptionMapper<InvalidInput> {
        @Override
        public Response toResponse(InvalidInput e) {
            return Problems.of(Response.Status.BAD_REQUEST, "invalid-field", e.getMessage(), null, e.field());
        }
    }

    static final class JobNotFoundMapper implements ExceptionMapper<JobNotFound> {
        @Override
        public Response toResponse(JobNotFound e) {
            return Problems.of(Response.Status.NOT_FOUND, "job-not-found", "no job " + e.jobId() + " for this user",
                    null, "id");
        }
    }

    static final class IllegalJobTransitionMapper implements ExceptionMapper<IllegalJobTransition> {
        @Override
        public Response toResponse(IllegalJobTransition e) {
            return Problems.of(Response.Status.CONFLICT, "illegal-transition", e.getMessage(), null, "status");
        }
    }

    static final class ResultNotAvailableMapper implements ExceptionMapper<ResultNotAvailable> {
        @Override
        public Response toResponse(ResultNotAvailable e) {
            return Problems.of(Response.Status.CONFLICT, "result-not-available", e.getMessage(), null, null);
        }
    }

    static final class ConcurrentJobChangeMapper implements ExceptionMapper<ConcurrentJobChange> {
        @Override
        public Response toResponse(ConcurrentJobChange e) {
            return Problems.of(Response.Status.CONFLICT, "concurrent-change", e.getMessage(), null, "id");
        }
    }

    /**
     * Malformed JSON, a wrong type, an unknown or repeated field: a 400 naming the field as a JSON path; a document
     * beyond the parser's limits ({@link JsonMapping}): a 400 saying which.
     */
    static final class JsonProblemMapper implements ExceptionMapper<JsonProcessingException> {
        /** Jackson names the getter a limit comes from; a client needs the limit, not our class names. */
        private static final Pattern LIMIT_SOURCE = Pattern.compile(",? *from `[^`]*`");

        @Override
        public Response toResponse(JsonProcessingException e) {
            // databind wraps what the parser throws inside a bean or a tree: look for the parser's own exception
            StreamConstraintsException limit = causeOf(e, StreamConstraintsException.class);
            if (limit != null) {
                return Problems.of(Response.Status.BAD_REQUEST, "json-limit", "the body is beyond a limit of this "
                        + "API: " + LIMIT_SOURCE.matcher(limit.getOriginalMessage()).replaceAll(""), null, "body");
            }
            StreamReadException read = causeOf(e, StreamReadException.class);
            if (read != null && read.getOriginalMessage() != null
                    && read.getOriginalMessage().startsWith("Duplicate field")
                    && read.getProcessor() != null) {
                // STRICT_DUPLICATE_DETECTION fails as the repeated name is read: the parser stands on it
                String field = pathOf(read.getProcessor().getParsingContext());
                return Problems.of(Response.Status.BAD_REQUEST, "invalid-field",
                        field + ": is given more than once", null, field);
            }
            if (e instanceof JsonParseException) {
                return Problems.of(Response.Status.BAD_REQUEST, "malformed-json",
                        "the body is not valid JSON: " + e.getOriginalMessage(), null, "body");
            }
            String field = "body";
            if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                field = mapping.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[");
            }
            String detail;
            if (e instanceof UnrecognizedPropertyException unknown) {
                detail = "unknown field; allowed: " + unknown.getKnownPropertyIds();
            } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                detail = "expected " + describe(mismatch.getTargetType());
            } else {
                detail = "has the wrong type or value";
            }
            return Problems.of(Response.Status.BAD_REQUEST, "invalid-field", field + ": " + detail, null, field);
        }
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /** Where a parser stands, as the JSON path the problems name ({@code input.scenes[1].x}). */
    private static String pathOf(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) {
                parts.addFirst("." + c.getCurrentName());
            } else if (c.inArray()) {
                parts.addFirst("[" + c.getCurrentIndex() + "]");
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path.isEmpty() ? "body" : path;
    }

    /** Names a Java type the way a JSON client thinks of it, without leaking class names. */
    static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "a JSON object";
    }

    /** Jersey's own failures (unknown route, wrong method, unsupported media type) as problems, keeping headers. */
    static final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response original = e.getResponse();
            Response.StatusType status = original.getStatusInfo();
            String detail = e.getMessage() == null ? status.getReasonPhrase() : e.getMessage();
            Response.ResponseBuilder problem = Response.fromResponse(
                    Problems.of(status, slug(status), detail, null, null));
            original.getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                    values.forEach(v -> problem.header(name, v));
                }
            });
            return problem.build();
        }

        private static String slug(Response.StatusType status) {
            return status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        }
    }

    /** Anything else is our fault: logged with its stack trace, answered without internals. */
    static final class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {
        private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorMapper.class);

        @Override
        public Response toResponse(Throwable e) {
            LOG.error("unexpected failure", e);
            return Problems.of(Response.Status.INTERNAL_SERVER_ERROR, "internal-error",
                    "the server failed to answer; the failure has been logged", null, null);
        }
    }
}
