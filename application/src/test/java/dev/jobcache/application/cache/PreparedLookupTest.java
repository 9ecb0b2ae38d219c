package dev.jobcache.application.cache;

import dev.jobcache.domain.security.Principal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Specification of {@link PreparedLookup}: the policy, directives and key a lookup and a fast hit both work from. */
class PreparedLookupTest {

    private static final RoutePolicies POLICIES = RoutePolicies.defaults(Duration.ofSeconds(300), Duration.ZERO, Map.of());
    private static final Principal ALICE = Principal.user("alice");
    private static final Principal BOB = Principal.user("bob");

    @Test
    void keysAPerUserRoutePerCallerAndAPublicRouteForEveryone() {
        PreparedLookup alices = PreparedLookup.of(Requests.get("/jobs").as(ALICE).build(), POLICIES);
        PreparedLookup bobs = PreparedLookup.of(Requests.get("/jobs").as(BOB).build(), POLICIES);
        PreparedLookup health = PreparedLookup.of(Requests.get("/health").build(), POLICIES);
        PreparedLookup healthAgain = PreparedLookup.of(Requests.get("/health").build(), POLICIES);

        assertThat(alices.key()).isNotEqualTo(bobs.key());
        assertThat(health.key()).isEqualTo(healthAgain.key());
        assertThat(alices.policy().route()).isEqualTo("/jobs");
        assertThat(alices.userId()).hasValue("alice");
    }

    @Test
    void keysEachRepresentationApart() {
        PreparedLookup json = PreparedLookup.of(Requests.get("/health").accept("application/json").build(), POLICIES);
        PreparedLookup any = PreparedLookup.of(Requests.get("/health").accept("text/html").build(), POLICIES);

        assertThat(json.key()).isNotEqualTo(any.key());
    }

    @Test
    void hasNoKeyWhenBypassedAndSaysWhy() {
        PreparedLookup post = PreparedLookup.of(Requests.get("/jobs").as(ALICE).method("POST").build(), POLICIES);
        PreparedLookup badAccept = PreparedLookup.of(Requests.get("/health").accept(";").build(), POLICIES);

        assertThat(post.bypassed()).isTrue();
        assertThat(post.bypass()).hasValue("method");
        assertThat(post.key()).isNull();
        assertThat(badAccept.bypass()).hasValue("malformed-accept");
    }

    @Test
    void carriesTheClientsDirectives() {
        PreparedLookup revalidate = PreparedLookup.of(Requests.get("/health").cacheControl("no-cache").build(), POLICIES);

        assertThat(revalidate.bypassed()).isFalse();
        assertThat(revalidate.directives().noCache()).isTrue();
    }
}
