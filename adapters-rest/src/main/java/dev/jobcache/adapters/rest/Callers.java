package dev.jobcache.adapters.rest;

import dev.jobcache.domain.security.Principal;
import dev.jobcache.domain.security.Role;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.SecurityContext;

import java.util.Optional;

/** Where the authenticated caller is kept on a request, and how resources demand one. */
final class Callers {

    static final String CHALLENGE = "Bearer realm=\"jobcache\"";
    private static final String PROPERTY = "dev.jobcache.caller";

    private Callers() {
    }

    static void attach(ContainerRequestContext request, Principal caller) {
        request.setProperty(PROPERTY, caller);
        request.setSecurityContext(new CallerSecurityContext(caller, request.getSecurityContext().isSecure()));
    }

    static Optional<Principal> of(ContainerRequestContext request) {
        return Optional.ofNullable((Principal) request.getProperty(PROPERTY));
    }

    /** The caller, or a 401 for anonymous requests. */
    static Principal require(SecurityContext security) {
        // Jersey injects a proxy of the SecurityContext, so the caller travels as its user principal
        if (security != null && security.getUserPrincipal() instanceof CallerPrincipal caller) {
            return caller.principal();
        }
        throw new NotAuthorizedException("a bearer token is required", CHALLENGE);
    }

    /** The caller if an admin: a 401 for anonymous requests, a 403 for callers without the admin role. */
    static Principal requireAdmin(SecurityContext security) {
        Principal caller = require(security);
        if (!caller.has(Role.ADMIN)) {
            throw new ForbiddenException("the admin role is required");
        }
        return caller;
    }

    private record CallerPrincipal(Principal principal) implements java.security.Principal {

        @Override
        public String getName() {
            return principal.userId();
        }
    }

    private record CallerSecurityContext(Principal principal, boolean secure) implements SecurityContext {

        @Override
        public java.security.Principal getUserPrincipal() {
            return new CallerPrincipal(principal);
        }

        @Override
        public boolean isUserInRole(String role) {
            return principal.roles().stream().anyMatch(r -> r.name().equalsIgnoreCase(role));
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}
