package dev.jobcache.adapters.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The job database: a connection pool on an H2 or PostgreSQL URL, migrated to the current schema on open, and the
 * {@link JdbcJobRepository} that uses it. Closing it closes the pool; for an embedded H2 file database that also
 * closes the file, so the same path can be opened again.
 *
 * <p>Migrations are per vendor (types differ: {@code BYTEA} and {@code TIMESTAMPTZ} against {@code BLOB} and
 * {@code TIMESTAMP WITH TIME ZONE}); Flyway's history table makes opening an up-to-date database a no-op, and lets
 * several instances start against one PostgreSQL database without racing each other's DDL.
 */
public final class JdbcDatabase implements AutoCloseable {

    private static final int MAX_POOL_SIZE = 10;

    private final HikariDataSource dataSource;
    private final JdbcJobRepository jobRepository;

    private JdbcDatabase(HikariDataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.jobRepository = new JdbcJobRepository(dataSource, dialect);
    }

    /** Opens a database that needs no credentials, e.g. {@code jdbc:h2:file:./data/jobcache}. */
    public static JdbcDatabase open(String jdbcUrl) {
        return open(jdbcUrl, null, null);
    }

    /**
     * Opens and migrates the database at {@code jdbcUrl} ({@code jdbc:h2:...} or {@code jdbc:postgresql://...}).
     *
     * @param user     may be null to use the driver's default
     * @param password may be null
     * @throws IllegalArgumentException for any other kind of URL
     * @throws RuntimeException         when the database cannot be reached or migrated; the message names the vendor,
     *                                  never the URL, which may carry a password
     */
    public static JdbcDatabase open(String jdbcUrl, String user, String password) {
        SqlDialect dialect = SqlDialect.forUrl(jdbcUrl);
        HikariDataSource dataSource = connect(dialect, jdbcUrl, user, password);
        try {
            migrate(dialect, dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new JdbcDatabase(dataSource, dialect);
    }

    public JdbcJobRepository jobRepository() {
        return jobRepository;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static HikariDataSource connect(SqlDialect dialect, String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("jobcache-" + dialect.name().toLowerCase(Locale.ROOT));
        config.setJdbcUrl(dialect.tuneUrl(jdbcUrl));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(MAX_POOL_SIZE);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            // Hikari wraps the driver's SQLException; its message (auth failed, connection refused) is the useful part.
            Throwable reason = e.getCause() != null ? e.getCause() : e;
            throw new JdbcAccessException("could not connect to the " + dialect.displayName() + " job database: "
                    + why(reason), e);
        }
    }

    /**
     * The reason an operator acts on, ahead of the driver's words: credentials refused (SQLState class 28, as H2 and
     * PostgreSQL both say it), a host that does not resolve, or a server not reachable.
     */
    private static String why(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("28")) {
                return "authentication failed (" + sql.getMessage() + ")";
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return "the host does not resolve (" + cause.getMessage() + ")";
            }
            if (cause instanceof ConnectException) {
                return "not reachable (" + failure.getMessage() + ")";
            }
        }
        return failure.getMessage();
    }

    private static void migrate(SqlDialect dialect, HikariDataSource dataSource) {
        try {
            Flyway.configure(JdbcDatabase.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(dialect.migrationLocation())
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new JdbcAccessException("could not migrate the " + dialect.displayName() + " job database: "
                    + e.getMessage(), e);
        }
    }
}
