package dev.jobcache.adapters.jdbc;

import java.sql.SQLException;

/**
 * A database failure, unchecked because the port's callers treat every repository failure as a real error and
 * cannot do anything JDBC-specific about it. The message names what was being done; the SQL state is kept so an
 * operator can tell a lost connection (class 08) from a constraint violation (class 23).
 */
final class JdbcAccessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    JdbcAccessException(String action, SQLException cause) {
        super("could not " + action + " (SQLState " + cause.getSQLState() + "): " + cause.getMessage(), cause);
    }

    JdbcAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
