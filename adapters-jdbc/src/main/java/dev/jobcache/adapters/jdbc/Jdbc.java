package dev.jobcache.adapters.jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Borrows a pooled connection for one piece of work and turns any {@link SQLException} into a
 * {@link JdbcAccessException} naming the action. Every repository method is a single statement in auto-commit
 * mode, so it is atomic and committed, hence visible to other instances, when the method returns.
 */
final class Jdbc {

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    <T> T run(String action, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new JdbcAccessException(action, e);
        }
    }
}
