package dev.jobcache.adapters.rest;

import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.core.Response;

/** A request body over the accepted size: 413, named as a problem by the generic mapper. */
final class PayloadTooLarge extends ClientErrorException {

    private static final long serialVersionUID = 1L;

    PayloadTooLarge(long maxBytes) {
        super("the body is larger than " + maxBytes + " bytes", Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }
}
