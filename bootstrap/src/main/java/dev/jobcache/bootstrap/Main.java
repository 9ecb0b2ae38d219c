package dev.jobcache.bootstrap;

import dev.jobcache.bootstrap.config.ConfigError;
import dev.jobcache.bootstrap.config.ConfigLoader;
import dev.jobcache.bootstrap.config.JobcacheConfig;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.domain.security.Principal;
import dev.jobcache.domain.security.Role;

import org.slf4j.bridge.SLF4JBridgeHandler;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * Starts jobcache. What stops start-up is said in one line on standard error, naming the variable to change: exit
 * status 2 for a bad value, 1 for a value that could not be used (the port in use, a server that cannot be reached or
 * refuses the credentials).
 */
public final class Main {

    static final int BAD_VALUE = 2;
    static final int CANNOT_START = 1;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Grizzly and Jersey log through java.util.logging; route it to the one logging setup (Logback)
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int status = run(ConfigLoader::fromEnvironment, System.out, System.err, Main::untilShutdown);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Reads the configuration, starts the service and hands it to {@code running}; or says on {@code err}, in one
     * line, why it cannot start.
     *
     * @return the exit status: 0 once {@code running} has returned, {@link #BAD_VALUE} or {@link #CANNOT_START}
     */
    static int run(Supplier<JobcacheConfig> configuration, PrintStream out, PrintStream err, Running running)
            throws InterruptedException {
        JobcacheConfig config;
        try {
            config = configuration.get();
        } catch (ConfigError e) {
            err.println("jobcache: configuration error: " + e.getMessage());
            return BAD_VALUE;
        }
        JobcacheApplication application;
        try {
            Logging.configure(config.logs().format());
            application = JobcacheApplication.start(config, Clock.system());
        } catch (RuntimeException e) {
            // e.g. the port in use or Redis refusing the password (UnusableSetting names the variable): one line,
            // rather than a stack trace
            err.println("jobcache: cannot start: " + oneLine(e));
            return CANNOT_START;
        }
        if (config.auth().generated()) {
            printGeneratedTokens(config, out);
        }
        running.accept(application);
        return 0;
    }

    /** What to do with the started service; {@link #main} waits for the JVM's shutdown, tests stop it themselves. */
    @FunctionalInterface
    interface Running {
        void accept(JobcacheApplication application) throws InterruptedException;
    }

    private static void untilShutdown(JobcacheApplication application) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            application.close();
            // the last access lines are still queued
            Logging.stop();
            stopped.countDown();
        }, "jobcache-shutdown"));
        stopped.await();
    }

    private static String oneLine(RuntimeException e) {
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** Shown once, because neither AUTH_TOKENS nor ADMIN_TOKENS was set; they change at every start. */
    private static void printGeneratedTokens(JobcacheConfig config, PrintStream out) {
        out.println();
        out.println("==============================================================================");
        out.println(" No AUTH_TOKENS or ADMIN_TOKENS set: generated tokens for this run only.");
        for (Map.Entry<String, Principal> entry : config.auth().tokens().entrySet()) {
            Principal principal = entry.getValue();
            String kind = principal.has(Role.ADMIN) ? "admin token" : "user token ";
            out.println("   " + kind + " (" + principal.userId() + "): " + entry.getKey());
        }
        out.println(" Use one as: curl -H 'Authorization: Bearer <token>' http://localhost:" + config.http().port() + "/jobs");
        out.println("==============================================================================");
        out.println();
        out.flush();
    }
}
