package dev.jobcache.adapters.rest;

/**
 * An RFC 9457 problem detail. {@code type} is a relative URI naming the kind of problem; {@code field} (an extension
 * member) names the request field at fault when there is one, so clients can point at it.
 */
record ProblemJson(String type, String title, int status, String detail, String instance, String field) {

    ProblemJson at(String path) {
        return new ProblemJson(type, title, status, detail, path, field);
    }
}
