package dev.jobcache.adapters.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link RedisInvalidationBus} finds out that its subscription may be losing messages when its connection does
 * not say so: a Redis that hangs or is paused keeps its sockets open, and one that drops a slow subscriber at its
 * pub/sub output-buffer limit may do so unnoticed until the next write. The bus sends {@code PING} on its pub/sub
 * connection every {@code pingInterval}; a {@code PING} that fails, or is not answered within {@code pingTimeout},
 * counts as lost contact. Lettuce also fails every command after the connection's command timeout
 * ({@link RedisSettings#commandTimeout()}), so in effect a {@code PING} waits for the shorter of the two.
 *
 * <p>Messages can go missing for up to about {@code pingInterval + pingTimeout} before subscribers hear of it; that
 * is how long a near-cache may serve an entry another instance invalidated while Redis was hung.
 *
 * @param pingInterval how often to {@code PING}; positive
 * @param pingTimeout  how long a {@code PING} may take; positive
 */
public record RedisBusSettings(Duration pingInterval, Duration pingTimeout) {

    public RedisBusSettings {
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(pingTimeout, "pingTimeout");
        if (pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("pingInterval must be positive, was " + pingInterval);
        }
        if (pingTimeout.isNegative() || pingTimeout.isZero()) {
            throw new IllegalArgumentException("pingTimeout must be positive, was " + pingTimeout);
        }
    }

    /** {@code PING} every second, allowing it one second: a hung Redis is noticed within about two. */
    public static RedisBusSettings defaults() {
        return new RedisBusSettings(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }
}
