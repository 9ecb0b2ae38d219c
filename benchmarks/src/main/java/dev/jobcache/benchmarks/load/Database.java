package dev.jobcache.benchmarks.load;

import java.nio.file.Path;

/** A job database the service is started on: what the report calls it, and how the service reaches it. */
record Database(String label, String jdbcUrl, String user) {

    static Database h2(Path file) {
        return new Database("H2", "jdbc:h2:file:" + file, null);
    }

    /**
     * The same H2 file opened in H2's auto-server mode, so that two service processes can share it: the first one
     * serves it to the second over a local socket. Only for the two-instance measurements when PostgreSQL is missing.
     */
    Database shared() {
        return label.equals("H2") ? new Database("H2 (AUTO_SERVER)", jdbcUrl + ";AUTO_SERVER=TRUE", user) : this;
    }

    boolean isPostgres() {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }
}
