package dev.pagerlab.app.storage;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.List;
import java.util.Map;

/**
 * With {@code pagerlab.storage=memory} no database is opened at all: the data source, Flyway and their health and
 * metrics auto-configurations are switched off, so nothing is created on disk.
 */
final class MemoryModeEnvironment implements EnvironmentPostProcessor {

    private static final List<String> DATABASE_AUTO_CONFIGURATIONS = List.of(
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayEndpointAutoConfiguration");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String mode = environment.getProperty("pagerlab.storage", "database");
        if (!StorageMode.MEMORY.name().equalsIgnoreCase(mode.strip())) {
            return;
        }
        String excluded = environment.getProperty("spring.autoconfigure.exclude", "");
        String joined = (excluded.isBlank() ? "" : excluded + ",") + String.join(",", DATABASE_AUTO_CONFIGURATIONS);
        environment.getPropertySources().addFirst(new MapPropertySource("pagerlab-memory-storage",
                Map.of("spring.autoconfigure.exclude", joined)));
    }
}
