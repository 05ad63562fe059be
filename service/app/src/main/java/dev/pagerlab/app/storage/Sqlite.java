package dev.pagerlab.app.storage;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

import javax.sql.DataSource;

import java.nio.file.Path;
import java.sql.DatabaseMetaData;

/**
 * The embedded default database, SQLite in a file (docs/durability.md, "Which database"): how to tell it from
 * another one, and where its file is.
 */
final class Sqlite {

    private static final String URL_PREFIX = "jdbc:sqlite:";

    private Sqlite() {
    }

    /**
     * Whether {@code dataSource} is an SQLite database (asks the database, so whatever its URL looks like); throws
     * when the database cannot be asked, rather than take it for another one.
     */
    static boolean is(DataSource dataSource) {
        try {
            return "SQLite".equals(JdbcUtils.extractDatabaseMetaData(dataSource,
                    DatabaseMetaData::getDatabaseProductName));
        } catch (MetaDataAccessException e) {
            throw new DataAccessResourceFailureException("cannot tell which database this is", e);
        }
    }

    /**
     * The file a {@code jdbc:sqlite:} URL names ({@code jdbc:sqlite:PATH} or {@code jdbc:sqlite:file:PATH}, with or
     * without {@code ?settings}); null for another database's URL or an in-memory SQLite database.
     */
    static @Nullable Path file(@Nullable String url) {
        if (url == null || !url.startsWith(URL_PREFIX)) {
            return null;
        }
        String name = url.substring(URL_PREFIX.length());
        int settings = name.indexOf('?');
        String query = settings < 0 ? "" : name.substring(settings + 1);
        name = settings < 0 ? name : name.substring(0, settings);
        if (name.startsWith("file:")) {
            name = name.substring("file:".length());
        }
        if (name.isEmpty() || name.equals(":memory:") || name.startsWith(":resource:")
                || ("&" + query + "&").contains("&mode=memory&")) {
            return null;
        }
        return Path.of(name);
    }
}
