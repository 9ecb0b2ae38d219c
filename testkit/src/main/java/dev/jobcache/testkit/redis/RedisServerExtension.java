package dev.jobcache.testkit.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Gives a test class one private {@link RedisServer}, started before its first test and closed after its last.
 *
 * <p>Register it on a static field: {@code @RegisterExtension static RedisServerExtension redis = new
 * RedisServerExtension();}. Before each test it restarts a server a test killed, resumes one a test paused and
 * runs {@code FLUSHALL}, so tests do not see each other's keys or faults; settings changed with {@code CONFIG SET}
 * do carry over, so a test that changes them should change them back or use its own {@link RedisServer}.
 * {@code @Nested} classes share the outer class's server.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final List<String> extraArgs;

    private RedisServer server;
    // the class whose BeforeAll started the server; nested classes run the callbacks too and must not close it
    private String ownerId;

    /** @param extraArgs redis-server command-line arguments, as for {@link RedisServer#start(String...)} */
    public RedisServerExtension(String... extraArgs) {
        this.extraArgs = List.of(extraArgs);
    }

    /** The running server. */
    public synchronized RedisServer server() {
        if (server == null) {
            throw new IllegalStateException("no redis-server yet: register the extension on a static field");
        }
        return server;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (server == null) {
            server = RedisServer.start(extraArgs.toArray(String[]::new));
            ownerId = context.getUniqueId();
        }
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        RedisServer current = server();
        if (!current.isRunning()) {
            current.restart();
        } else if (current.isPaused()) {
            current.resume();
        }
        current.command("FLUSHALL");
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (server != null && context.getUniqueId().equals(ownerId)) {
            try {
                server.close();
            } finally {
                server = null;
                ownerId = null;
            }
        }
    }
}
