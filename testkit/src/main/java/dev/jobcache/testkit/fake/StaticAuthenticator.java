package dev.jobcache.testkit.fake;

import dev.jobcache.domain.port.Authenticator;
import dev.jobcache.domain.security.BearerToken;
import dev.jobcache.domain.security.Principal;

import java.util.Map;
import java.util.Optional;

/**
 * An {@link Authenticator} over a fixed map of token text to principal. A hash lookup, not a constant-time
 * comparison: fine for tests, not for production, which is why it lives here.
 */
public final class StaticAuthenticator implements Authenticator {

    private final Map<String, Principal> principalsByToken;
    private final Map<String, Principal> principalsByUser;

    public StaticAuthenticator(Map<String, Principal> principalsByToken) {
        this.principalsByToken = Map.copyOf(principalsByToken);
        this.principalsByUser = Principal.byUser(principalsByToken.values());
    }

    public static StaticAuthenticator of(String token, Principal principal) {
        return new StaticAuthenticator(Map.of(token, principal));
    }

    @Override
    public Optional<Principal> authenticate(BearerToken token) {
        return Optional.ofNullable(principalsByToken.get(token.value()));
    }

    @Override
    public Optional<Principal> principalOf(String userId) {
        return Optional.ofNullable(principalsByUser.get(userId));
    }

    @Override
    public String toString() {
        // tokens never show up in test reports
        return "StaticAuthenticator[" + principalsByToken.size() + " tokens]";
    }
}
