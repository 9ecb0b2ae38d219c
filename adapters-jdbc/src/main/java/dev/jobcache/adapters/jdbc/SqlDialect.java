package dev.jobcache.adapters.jdbc;

import java.sql.SQLException;
import java.util.Collections;
import java.util.Locale;

/**
 * What differs between the supported databases: where their migrations live, how they insert-or-replace a row
 * in one atomic statement, and how they report a row whose job does not exist. The rest of the SQL is standard
 * and shared.
 */
enum SqlDialect {

    H2("H2", "jdbc:h2:", "23506") {
        @Override
        String upsert(String table, String key, String columns, int columnCount) {
            return "MERGE INTO " + table + " (" + columns + ") KEY (" + key + ") VALUES (" + placeholders(columnCount) + ")";
        }

        /**
         * H2 keeps committed changes in memory for up to {@code WRITE_DELAY} ms (500 by default) before writing
         * them; the port promises that a returned write is durable, so a file database writes on every commit
         * unless the caller chose otherwise. An in-memory database has nothing to write.
         */
        @Override
        String tuneUrl(String jdbcUrl) {
            String lower = jdbcUrl.toLowerCase(Locale.ROOT);
            if (lower.startsWith("jdbc:h2:mem:") || lower.contains("write_delay")) {
                return jdbcUrl;
            }
            return jdbcUrl + ";WRITE_DELAY=0";
        }
    },

    POSTGRESQL("PostgreSQL", "jdbc:postgresql:", "23503") {
        @Override
        String upsert(String table, String key, String columns, int columnCount) {
            StringBuilder updates = new StringBuilder();
            for (String column : columns.split(",")) {
                String name = column.strip();
                if (!name.equals(key)) {
                    updates.append(updates.length() == 0 ? "" : ", ").append(name).append(" = EXCLUDED.").append(name);
                }
            }
            return "INSERT INTO " + table + " (" + columns + ") VALUES (" + placeholders(columnCount) + ")"
                    + " ON CONFLICT (" + key + ") DO UPDATE SET " + updates;
        }

        @Override
        String tuneUrl(String jdbcUrl) {
            return jdbcUrl;
        }
    };

    private final String displayName;
    private final String urlPrefix;
    private final String foreignKeyMissingState;

    SqlDialect(String displayName, String urlPrefix, String foreignKeyMissingState) {
        this.displayName = displayName;
        this.urlPrefix = urlPrefix;
        this.foreignKeyMissingState = foreignKeyMissingState;
    }

    /** @throws IllegalArgumentException for a URL of any other database; the URL is not echoed, it may hold a password */
    static SqlDialect forUrl(String jdbcUrl) {
        if (jdbcUrl != null) {
            for (SqlDialect dialect : values()) {
                if (jdbcUrl.regionMatches(true, 0, dialect.urlPrefix, 0, dialect.urlPrefix.length())) {
                    return dialect;
                }
            }
        }
        throw new IllegalArgumentException("unsupported job database URL: expected jdbc:h2:... or jdbc:postgresql://...");
    }

    /** A statement that inserts the row, or replaces every non-key column of the row with the same key, atomically. */
    abstract String upsert(String table, String key, String columns, int columnCount);

    abstract String tuneUrl(String jdbcUrl);

    String migrationLocation() {
        return "classpath:db/migration/" + name().toLowerCase(Locale.ROOT);
    }

    String displayName() {
        return displayName;
    }

    /** True when a row was refused because the job it belongs to does not exist. */
    boolean isMissingParent(SQLException e) {
        return foreignKeyMissingState.equals(e.getSQLState());
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
