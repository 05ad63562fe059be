package dev.pagerlab.app.storage;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;

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
        return new JdbcLabStore(dataSource.getObject(), transactions.getObject());
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
