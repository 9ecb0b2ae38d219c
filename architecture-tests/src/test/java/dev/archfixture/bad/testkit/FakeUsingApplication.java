package dev.archfixture.bad.testkit;

import dev.archfixture.bad.application.NamesAnAdapter;

/** Fixture violating rule 12's test-kit wall: a fake that depends on the application. */
public final class FakeUsingApplication {

    public String get(String key) {
        return new NamesAnAdapter().get(key);
    }
}
