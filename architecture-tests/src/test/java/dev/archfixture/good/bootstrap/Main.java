package dev.archfixture.good.bootstrap;

import dev.archfixture.good.adapters.caffeine.CaffeineCacheStore;
import dev.archfixture.good.adapters.jdbc.JdbcJobRepository;
import dev.archfixture.good.adapters.rest.JobsResource;
import dev.archfixture.good.application.JobQueries;
import dev.archfixture.good.domain.port.Clock;

import org.glassfish.grizzly.http.server.HttpServer;

/** Fixture: the composition root, the one class that names adapters, uses Grizzly and prints. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        JobsResource resource = new JobsResource(
                new JobQueries(new JdbcJobRepository(null), new CaffeineCacheStore(), Clock.SystemClock.INSTANCE));
        HttpServer server = new HttpServer();
        System.out.println("started " + resource + " on " + server);
    }
}
