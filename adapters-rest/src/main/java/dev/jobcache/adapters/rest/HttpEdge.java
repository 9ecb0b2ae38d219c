package dev.jobcache.adapters.rest;

import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.ServerConfiguration;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * The HTTP edge: Grizzly running the Jersey application on one listener, as the service and the REST tests both run
 * it. Requests are admitted in front of Grizzly's parser ({@link StrictHttpFraming}: strict HTTP/1.1 framing,
 * deadlines, bodies only from authorised callers and only once complete), then parsed on the selector threads, where
 * each handler chooses where it runs: {@link dev.jobcache.adapters.rest.cache.CacheHitHandler} answers in-process hits right there, and everything
 * else goes to the worker pool.
 */
public final class HttpEdge implements AutoCloseable {

    private static final String LISTENER = "grizzly";

    private final org.glassfish.grizzly.http.server.HttpServer server;

    private HttpEdge(org.glassfish.grizzly.http.server.HttpServer server) {
        this.server = server;
    }

    /**
     * @param port          0 picks a free port; see {@link #port()}
     * @param workerThreads requests served at once; cache misses for one key wait on each other, so keep headroom
     * @param edge          wraps the Jersey container's handler into the one that serves ({@link RestApi#httpHandler})
     * @param admission     what admits requests in front of Grizzly's parser ({@link RestApi#requestAdmission})
     */
    public static HttpEdge start(String host, int port, int workerThreads, ResourceConfig application,
                                 UnaryOperator<HttpHandler> edge, AddOn admission) {
        URI uri = listenerUri(host, port);
        org.glassfish.grizzly.http.server.HttpServer server =
                GrizzlyHttpServerFactory.createHttpServer(uri, application, false);
        wrapHandlers(server, edge);
        NetworkListener listener = server.getListener(LISTENER);
        listener.registerAddOn(admission);
        listener.getTransport().setIOStrategy(SameThreadIOStrategy.getInstance());
        listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                .setPoolName("jobcache-http")
                .setCorePoolSize(workerThreads)
                .setMaxPoolSize(workerThreads));
        try {
            server.start();
        } catch (IOException e) {
            // the selector and worker threads may have started before the bind failed
            server.shutdownNow();
            throw new UncheckedIOException("could not listen on " + uri, e);
        }
        return new HttpEdge(server);
    }

    /**
     * The URI Jersey's factory reads the listener's host and port from. Built by {@link URI}'s component constructor,
     * which refuses a host that is not a server name or address: {@link URI#create} takes {@code http://999.1.1.1:8080/}
     * for a registry-based authority, with no host and no port, and the factory then listens on every interface
     * ({@code 0.0.0.0}) and port 80.
     *
     * @throws IllegalArgumentException when {@code host} is not an IP address or a host name
     */
    static URI listenerUri(String host, int port) {
        try {
            return new URI("http", null, host, port, "/", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot listen on '" + host + "': not an IP address or a host name", e);
        }
    }

    /** Replaces the Jersey handler the factory registered at the root by {@code edge} of it. */
    private static void wrapHandlers(org.glassfish.grizzly.http.server.HttpServer server,
                                     UnaryOperator<HttpHandler> edge) {
        ServerConfiguration configuration = server.getServerConfiguration();
        Map<HttpHandler, HttpHandlerRegistration[]> handlers = new LinkedHashMap<>(configuration.getHttpHandlersWithMapping());
        handlers.forEach((handler, registrations) -> {
            configuration.removeHttpHandler(handler);
            configuration.addHttpHandler(edge.apply(handler), registrations);
        });
    }

    public int port() {
        return server.getListener(LISTENER).getPort();
    }

    /** Stops accepting connections and waits up to {@code grace} for requests in flight to finish. */
    public void stop(Duration grace) {
        try {
            server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS).get(grace.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        } catch (ExecutionException | TimeoutException e) {
            server.shutdownNow();
        }
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
