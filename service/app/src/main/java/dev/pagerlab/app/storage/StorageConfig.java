package dev.pagerlab.app.storage;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The lab store of {@code pagerlab.storage}: a database through JDBC (schema by Flyway), or memory only. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@org.springframework.boot.context.properties.EnableConfigurationProperties(StorageProperties.class)
public class StorageConfig {

    /** Created after Flyway has migrated the schema, so that the registry can read stored labs at once. */
    @Bean
    @DependsOnDatabaseInitialization
    LabStore labStore(StorageProperties properties, ObjectProvider<DataSource> dataSource,
                      ObjectProvider<PlatformTransactionManager> transactions) {
        if (properties.storage() == StorageMode.MEMORY) {
            return new MemoryLabStore();
        }
        JdbcLabStore store = new JdbcLabStore(dataSource.getObject(), transactions.getObject());
        // Before the registry reads the labs: those of the H2 file an earlier version kept are among them.
        H2Import.ifPresent(dataSource.getObject(), store, transactions.getObject());
        return store;
    }

    /**
     * Creates the directory of an SQLite file before the pool first connects: SQLite creates a missing file but not
     * its directory, and the README's run command must just work. Before any other post-processor, which might wrap
     * the pool (StorageOutageTest does).
     */
    @Bean
    static BeanPostProcessor sqliteDirectory() {
        return new SqliteDirectory();
    }

    private static final class SqliteDirectory implements BeanPostProcessor, PriorityOrdered {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) throws BeansException {
            if (bean instanceof HikariDataSource pool) {
                Path file = Sqlite.file(pool.getJdbcUrl());
                Path directory = file == null ? null : file.toAbsolutePath().getParent();
                if (directory != null) {
                    try {
                        Files.createDirectories(directory);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot create the directory of " + file, e);
                    }
                }
            }
            return bean;
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }

    /**
     * SQLite's migrations instead of H2's and PostgreSQL's: the same schema in SQLite's terms
     * ({@code db/sqlite-migration}).
     */
    @Bean
    FlywayConfigurationCustomizer sqliteMigrations() {
        return configuration -> {
            if (Sqlite.is(configuration.getDataSource())) {
                configuration.locations("classpath:db/sqlite-migration");
            }
        };
    }

    /**
     * Commits journal rows: grouped on a writer thread with a database, at once in memory mode (which writes
     * nothing, so that it pays nothing). Closed before the data source, after the web server has stopped.
     */
    @Bean(destroyMethod = "close")
    GroupCommit groupCommit(LabStore store, MeterRegistry registry) {
        if (!store.keepsOperations()) {
            return GroupCommit.inline(store);
        }
        GroupCommit commits = GroupCommit.threaded(store);
        // Their ratio is how many operations share a commit: what group commit buys under the load of the moment.
        FunctionCounter.builder("pagerlab.journal.commits", commits, GroupCommit::commits)
                .description("Transactions that stored journaled operations").register(registry);
        FunctionCounter.builder("pagerlab.journal.operations", commits, GroupCommit::committedOperations)
                .description("Journaled operations stored").register(registry);
        return commits;
    }
}
