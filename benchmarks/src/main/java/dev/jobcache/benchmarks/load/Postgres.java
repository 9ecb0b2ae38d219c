package dev.jobcache.benchmarks.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The local PostgreSQL (127.0.0.1:5432, user postgres, trust auth), reached through its {@code test} database to
 * create a fresh {@value #DATABASE} for each run.
 */
final class Postgres {

    static final String DATABASE = "jobcache_bench";
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String USER = "postgres";

    private Postgres() {
    }

    /** Whether PostgreSQL answers, and its version; never throws. */
    static Availability probe() {
        try (Connection connection = connect(ADMIN_URL);
             Statement statement = connection.createStatement();
             ResultSet version = statement.executeQuery("SHOW server_version")) {
            version.next();
            return new Availability(true, "PostgreSQL " + version.getString(1), "");
        } catch (SQLException e) {
            return new Availability(false, "", "PostgreSQL not reachable at " + ADMIN_URL + " as " + USER + ": "
                    + e.getMessage());
        }
    }

    /** Drops {@value #DATABASE} (with whoever is connected to it) and creates it empty; the service migrates it. */
    static Database recreate() {
        try (Connection connection = connect(ADMIN_URL);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new BenchmarkFailure("could not recreate database " + DATABASE + ": " + e.getMessage(), e);
        }
        return new Database("PostgreSQL", "jdbc:postgresql://127.0.0.1:5432/" + DATABASE, USER);
    }

    private static Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("loginTimeout", "3");
        properties.setProperty("socketTimeout", "60");
        return DriverManager.getConnection(url, properties);
    }

    record Availability(boolean reachable, String version, String reason) {
    }
}
