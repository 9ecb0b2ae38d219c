package dev.archfixture.bad.adapters.jdbc;

import java.util.logging.Logger;

/** Fixture violating rule 12: java.util.logging instead of slf4j. */
public final class UsesJulLogging {

    private static final Logger LOG = Logger.getLogger(UsesJulLogging.class.getName());

    public void report(String line) {
        LOG.info(line);
    }
}
