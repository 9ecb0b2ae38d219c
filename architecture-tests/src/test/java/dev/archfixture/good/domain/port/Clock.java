package dev.archfixture.good.domain.port;

import java.time.Instant;

/** Fixture: the time port, whose system enum is the one place allowed to read the system time. */
public interface Clock {

    Instant now();

    long nanoTime();

    enum SystemClock implements Clock {
        INSTANCE;

        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    }
}
