package dev.pagerlab.app.storage;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The lab store of {@code pagerlab.storage}: a database through JDBC (schema by Flyway), or memory only. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class StorageConfig {

    @Bean
    LabStore labStore(StorageProperties properties, ObjectProvider<JdbcClient> jdbc,
                      ObjectProvider<PlatformTransactionManager> transactions) {
        if (properties.storage() == StorageMode.MEMORY) {
            return new MemoryLabStore();
        }
        return new JdbcLabStore(jdbc.getObject(), new TransactionTemplate(transactions.getObject()));
    }
}
