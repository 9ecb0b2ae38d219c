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

    @Test
    void resolvesAUserToThePrincipalTheirTokensCarry() {
        ConfiguredAuthenticator twoTokens = new ConfiguredAuthenticator(Map.of(
                "root-token-000001", Principal.admin("root"), "root-token-000002", Principal.admin("root")));

        assertThat(twoTokens.principalOf("root")).hasValue(Principal.admin("root"));
        assertThat(twoTokens.principalOf("alice")).isEmpty();
    }

    @Test
    void resolvesNoOneForAUserWhoseTokensCarryDifferentRoles() {
        ConfiguredAuthenticator mixed = new ConfiguredAuthenticator(Map.of(
                "carol-user-token1", Principal.user("carol"), "carol-admin-token", Principal.admin("carol")));

        assertThat(mixed.principalOf("carol")).isEmpty();
    }
}
