package dev.jobcache.testkit.redis;

/** A private redis-server could not be found, started or controlled, or answered a command with an error. */
public final class RedisServerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RedisServerException(String message) {
        super(message);
    }

    public RedisServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
