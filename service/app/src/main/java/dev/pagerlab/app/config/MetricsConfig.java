package dev.pagerlab.app.config;

import dev.pagerlab.app.events.StreamRegistry;
import dev.pagerlab.app.labs.LabRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Gauges over the service's state: labs and connected stream clients. */
@Configuration(proxyBeanMethods = false)
class MetricsConfig {

    @Bean
    MeterBinder pagerlabGauges(LabRegistry labs, StreamRegistry streams) {
        return registry -> {
            Gauge.builder("pagerlab.labs", labs, LabRegistry::count).description("Labs on this instance")
                    .register(registry);
            Gauge.builder("pagerlab.sse.subscribers", streams, StreamRegistry::subscribers)
                    .description("Connected event-stream clients").register(registry);
        };
    }
}
