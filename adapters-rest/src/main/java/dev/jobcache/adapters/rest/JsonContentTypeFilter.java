package dev.jobcache.adapters.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import java.util.Locale;

/**
 * Labels every JSON answer {@code type/subtype} and nothing more. Jersey takes a more specific {@code Accept} range
 * as the response's type, parameters and all, and Jackson writes UTF-8 whatever it says: {@code Accept:
 * application/json;charset=utf-16} got UTF-8 bytes labelled UTF-16, which a client decodes to garbage, and any other
 * parameter a client sent came back in the header. JSON is UTF-8 (RFC 8259 §8.1) and {@code application/json} has
 * no charset parameter (§11), so the bare type is the true label; RFC 9110 §12.5.1 lets a server disregard what it
 * cannot honour of {@code Accept}. The charset then changes nothing of a JSON answer, cached or not. Other types
 * (text, downloads) keep theirs: their writers honour the charset.
 */
final class JsonContentTypeFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MediaType type = response.getMediaType();
        if (type != null && !type.getParameters().isEmpty() && isJson(type)) {
            response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, new MediaType(type.getType(), type.getSubtype()));
        }
    }

    private static boolean isJson(MediaType type) {
        String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
        return subtype.equals("json") || subtype.endsWith("+json");
    }
}
