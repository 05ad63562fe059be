package dev.pagerlab.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The pagerlab service: the pager engine over HTTP/JSON, with fault signals as server-sent events. */
@SpringBootApplication
@org.springframework.boot.context.properties.ConfigurationPropertiesScan
public class PagerlabApplication {

    /** Starts the service. */
    public static void main(String[] args) {
        SpringApplication.run(PagerlabApplication.class, args);
    }
}
