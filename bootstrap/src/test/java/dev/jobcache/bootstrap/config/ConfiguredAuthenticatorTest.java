package dev.jobcache.bootstrap.config;

import dev.jobcache.domain.security.BearerToken;
import dev.jobcache.domain.security.Principal;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Specification of {@link ConfiguredAuthenticator}. */
class ConfiguredAuthenticatorTest {

    private final ConfiguredAuthenticator authenticator =
            new ConfiguredAuthenticator(Map.of("alice-secret-token", Principal.user("alice")));

    @Test
    void resolvesAConfiguredToken() {
        assertThat(authenticator.authenticate(new BearerToken("alice-secret-token")))
                .hasValueSatisfying(p -> assertThat(p.userId()).isEqualTo("alice"));
    }

    @Test
    void resolvesNothingForAnyOtherToken() {
        assertThat(authenticator.authenticate(new BearerToken("alice-secret-tokeN"))).isEmpty();
        assertThat(authenticator.authenticate(new BearerToken("alice-secret-token "))).isEmpty();
    }
}
