package dev.pagerlab.app.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * Cross-origin access to the API for a browser front end served elsewhere (a course platform): only the origins in
 * {@code pagerlab.cors.allowed-origins}; none by default, so that browsers keep the same-origin rule.
 */
@Configuration(proxyBeanMethods = false)
// Enabled here, not only by the application's properties scan, so that web slices (@WebMvcTest) get it too.
@EnableConfigurationProperties(CorsConfig.CorsProperties.class)
class CorsConfig implements WebMvcConfigurer {

    /** {@code pagerlab.cors.*}: origins such as {@code https://course.example.org}, or patterns. */
    @ConfigurationProperties("pagerlab.cors")
    record CorsProperties(@DefaultValue List<String> allowedOrigins) {
    }

    private final CorsProperties properties;

    CorsConfig(CorsProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        if (properties.allowedOrigins().isEmpty()) {
            return;
        }
        // Last-Event-ID lets a browser's EventSource resume; Location tells a front end the id it created.
        registry.addMapping("/api/**").allowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new))
                .allowedMethods("GET", "POST", "PUT", "DELETE").allowedHeaders("Content-Type", "Last-Event-ID",
                        "Accept").exposedHeaders("Location").maxAge(3600);
    }
}
