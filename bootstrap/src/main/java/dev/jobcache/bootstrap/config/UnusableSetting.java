package dev.jobcache.bootstrap.config;

/**
 * A setting start-up could not use although its value is well formed: the port is taken, the server it names does
 * not resolve, cannot be reached or refuses the credentials. Its message is the one line an operator needs to act:
 * the variable, and why.
 */
public final class UnusableSetting extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@code HTTP_PORT=8080: already in use on 127.0.0.1}; {@code value} must hold no secret. */
    public UnusableSetting(String variable, String value, String reason, Throwable cause) {
        super(variable + "=" + value + ": " + oneLine(reason), cause);
    }

    /**
     * {@code REDIS_URL: cannot connect to Redis at redis://127.0.0.1:6379/0: authentication failed (...)}: for an
     * adapter's failure, whose message already says where it tried (without credentials) and why it failed.
     */
    public UnusableSetting(String variable, RuntimeException failure) {
        super(variable + ": " + oneLine(failure.getMessage() != null ? failure.getMessage() : failure.toString()),
                failure);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
