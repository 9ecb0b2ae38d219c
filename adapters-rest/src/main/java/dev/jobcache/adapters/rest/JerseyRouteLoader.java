package dev.jobcache.adapters.rest;

import dev.jobcache.adapters.rest.cache.ResponseCacheFilter;
import dev.jobcache.domain.port.RouteLoader;
import dev.jobcache.domain.security.Principal;
import jakarta.ws.rs.core.SecurityContext;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.ContainerLifecycleListener;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * Runs a GET through the running Jersey application in process, without a socket: the request passes the same
 * filters (authentication, response cache) and resources as a client's, so what it loads is cached exactly as a
 * client's request would be. The caller travels as a request property that {@link AuthenticationFilter} honours;
 * see there why no external client can set it. Usable once the container has started.
 */
public final class JerseyRouteLoader implements RouteLoader, ContainerLifecycleListener {

    static final String CALLER = "dev.jobcache.inprocess.caller";
    private static final URI BASE = URI.create("http://in-process.jobcache/");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private volatile ApplicationHandler handler;

    @Override
    public Loaded load(String path, Optional<Principal> as) {
        return run(path, as, null, false);
    }

    @Override
    public Loaded refresh(String path, Optional<Principal> as, String accept) {
        return run(path, as, accept, true);
    }

    private Loaded run(String path, Optional<Principal> as, String accept, boolean revalidate) {
        ApplicationHandler running = handler;
        if (running == null) {
            throw new IllegalStateException("the HTTP container has not started yet");
        }
        URI uri = BASE.resolve(path.startsWith("/") ? path.substring(1) : path);
        ContainerRequest request = new ContainerRequest(BASE, uri, "GET", Anonymous.INSTANCE,
                new MapPropertiesDelegate(), running.getConfiguration());
        request.setEntityStream(InputStream.nullInputStream());
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (revalidate) {
            request.header("Cache-Control", "no-cache");
        }
        as.ifPresent(caller -> request.setProperty(CALLER, caller));
        // not a client's: it must not count as traffic, or warming would keep the instance from looking idle
        request.setProperty(ResponseCacheFilter.IN_PROCESS, Boolean.TRUE);
        try {
            Future<ContainerResponse> answer = running.apply(request, new ByteArrayOutputStream());
            ContainerResponse response = answer.get(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            String cache = response.getHeaderString("X-Cache");
            return new Loaded(response.getStatus(), cache == null ? "UNKNOWN" : cache);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading " + path, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("loading " + path + " failed: " + e, e);
        }
    }

    @Override
    public void onStartup(Container container) {
        handler = container.getApplicationHandler();
    }

    @Override
    public void onReload(Container container) {
        handler = container.getApplicationHandler();
    }

    @Override
    public void onShutdown(Container container) {
        handler = null;
    }

    /** No caller until {@link AuthenticationFilter} attaches one. */
    private enum Anonymous implements SecurityContext {
        INSTANCE;

        @Override
        public java.security.Principal getUserPrincipal() {
            return null;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public String getAuthenticationScheme() {
            return null;
        }
    }
}
