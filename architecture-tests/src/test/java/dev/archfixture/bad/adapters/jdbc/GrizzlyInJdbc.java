package dev.archfixture.bad.adapters.jdbc;

import org.glassfish.grizzly.http.server.HttpServer;

/** Fixture violating rule 4: Grizzly outside the HTTP edge (the REST adapter and bootstrap). */
public final class GrizzlyInJdbc {

    public HttpServer server() {
        return new HttpServer();
    }
}
