package dev.jobcache.adapters.rest.cache;

import dev.jobcache.application.cache.CacheDecision;
import dev.jobcache.application.cache.Load;
import dev.jobcache.application.cache.ResponseCache;
import dev.jobcache.domain.cache.CachedResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Captures the body of a cacheable miss. The entity is serialised into memory first, so the cache can compute the
 * ETag and compress before any header is committed; then the representation the cache stored is written, exactly
 * as a later hit will write it.
 */
public final class ResponseCaptureInterceptor implements WriterInterceptor {

    static final String ACCEPT_ENCODING = "dev.jobcache.cache.accept-encoding";

    private final ResponseCache cache;

    public ResponseCaptureInterceptor(ResponseCache cache) {
        this.cache = cache;
    }

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        Load load = (Load) context.getProperty(ResponseCacheFilter.CAPTURE);
        if (load == null) {
            context.proceed();
            return;
        }
        OutputStream client = context.getOutputStream();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
        context.setOutputStream(buffer);
        try {
            context.proceed();
        } catch (IOException | RuntimeException e) {
            cache.abandon(load);
            throw e;
        } finally {
            context.setOutputStream(client);
        }
        byte[] identity = buffer.toByteArray();
        MultivaluedMap<String, Object> headers = context.getHeaders();
        int status = (Integer) context.getProperty(ResponseCacheFilter.STATUS);
        CacheDecision.Completion completion = cache.complete(load, ResponseCacheFilter.origin(status, headers, identity,
                context.getProperty(ResponseCacheFilter.DECLARED_TAGS)));
        byte[] body = identity;
        if (completion.stored().isPresent()) {
            CachedResponse entry = completion.stored().get();
            boolean gzip = CacheHeaders.sendsGzip(entry, (String) context.getProperty(ACCEPT_ENCODING));
            CacheHeaders.representation(headers, load.policy(), entry, gzip);
            CacheHeaders.status(headers, "MISS", "fwd=miss; stored");
            body = gzip ? entry.body() : identity;
        } else {
            CacheHeaders.policyHeaders(headers, load.policy());
            CacheHeaders.status(headers, "MISS", "fwd=miss; detail=" + completion.notStoredReason());
        }
        headers.putSingle(HttpHeaders.CONTENT_LENGTH, body.length);
        client.write(body);
    }
}
