package dev.jobcache.benchmarks.jmh;

import dev.jobcache.testkit.redis.RedisServer;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A testkit {@link RedisServer} that cannot outlive this JVM. The testkit kills its servers from a shutdown hook,
 * which covers normal exits, exceptions and SIGTERM, but not a JVM that is killed outright, as JMH may do with a
 * fork that overruns or a user with a stuck run. So a small shell loop watches this JVM's process id and, once it is
 * gone, kills the server by its process id, after checking the id still names a redis-server.
 */
public final class PrivateRedis {

    private static final Pattern PROCESS_ID = Pattern.compile("(?m)^process_id:(\\d+)\\s*$");
    private static final String WATCHDOG = "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; "
            + "case \"$(cat /proc/$2/comm 2>/dev/null)\" in redis-server*) kill -9 \"$2\";; esac";

    private PrivateRedis() {
    }

    public static RedisServer start() {
        RedisServer server = RedisServer.start();
        try {
            watch(server);
        } catch (IOException | RuntimeException e) {
            // the testkit's shutdown hook still covers every exit but SIGKILL
            System.err.println("PrivateRedis: no watchdog for " + server + " (" + e.getMessage() + ")");
        }
        return server;
    }

    private static void watch(RedisServer server) throws IOException {
        Matcher m = PROCESS_ID.matcher(server.command("INFO", "server"));
        if (!m.find()) {
            throw new IllegalStateException("INFO server without process_id");
        }
        new ProcessBuilder("/bin/sh", "-c", WATCHDOG, "watchdog",
                Long.toString(ProcessHandle.current().pid()), m.group(1))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start()
                .getOutputStream()
                .close();
    }
}
