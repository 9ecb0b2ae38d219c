package dev.archfixture.bad.adapters.rest;

import org.glassfish.grizzly.http.server.HttpServer;

/** Fixture violating rule 4: Grizzly outside bootstrap. */
public final class GrizzlyInRest {

    public HttpServer server() {
        return new HttpServer();
    }
}
