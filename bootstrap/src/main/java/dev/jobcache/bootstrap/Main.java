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

/** Starts jobcache. A bad configuration value stops it with one line naming the variable; exit status 2. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Grizzly and Jersey log through java.util.logging; route it to the one logging setup (Logback)
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        JobcacheConfig config;
        try {
            config = ConfigLoader.fromEnvironment();
        } catch (ConfigError e) {
            System.err.println("jobcache: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        JobcacheApplication application;
        try {
            Logging.configure(config.logs().format());
            application = JobcacheApplication.start(config, Clock.system());
        } catch (RuntimeException e) {
            // e.g. the job database or Redis unreachable: say which, in one line, rather than a stack trace
            System.err.println("jobcache: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (config.auth().generated()) {
            printGeneratedTokens(config, System.out);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            application.close();
            // the last access lines are still queued
            Logging.stop();
            stopped.countDown();
        }, "jobcache-shutdown"));
        stopped.await();
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
