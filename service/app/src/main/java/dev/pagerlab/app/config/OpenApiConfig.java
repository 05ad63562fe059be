package dev.pagerlab.app.config;

import dev.pagerlab.app.scenarios.ScenarioDocuments;
import dev.pagerlab.app.web.Dto;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.providers.ObjectMapperProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The OpenAPI document as a client generator and Swagger UI need it. The fixed parts live here; what holds for every
 * operation (statuses, media types, refusals, path parameters, order) is derived from the controllers by the
 * customizers in this package, so that a new endpoint is documented correctly without a line of its own.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String PROBLEM = "Problem";

    /** The tags in the order a student works through them; tags not named here follow alphabetically. */
    static final List<String> TAG_ORDER = List.of("Labs and platforms", "Dataspaces", "RM sessions and regions",
            "Threads and faults", "Fault handlers and events", "Teaching page", "Layout", "Scenarios", "Exercises",
            "Fault batches", "Trace runs");

    static final String CAPABILITIES = """
            Explore how Genode core resolves page faults: RM sessions (region maps), dataspaces, pagers that find \
            the largest flexpage through nested managed dataspaces, and fault handlers.

            Addresses and sizes are strings: "0x400000", "4194304" or "4M" in (K, M, G, T are binary), lowercase \
            0x hex out; a JSON integer is accepted up to 2^53. Errors are RFC 9457 problem details \
            (application/problem+json) with a machine-readable `code`.

            Security model: there are no accounts, API keys or tokens, so the document declares no security \
            scheme. A lab's id is unguessable and acts as a capability: whoever knows it may use and destroy that \
            lab, and nobody can list the labs. The lab `default` is a shared sandbox for Swagger UI; create your \
            own lab (POST /api/v1/labs) for work that others must not disturb. Limits per instance and per lab \
            answer 429 QUOTA_EXCEEDED.""";

    /**
     * Who answers for this instance: a course that runs pagerlab names itself here ({@code pagerlab.contact.name},
     * {@code .email}, {@code .url}), so that students reading Swagger UI know whom to ask.
     */
    @Bean
    OpenAPI pagerlabOpenApi(@Value("${pagerlab.contact.name:the operators of this pagerlab instance}") String name,
                            @Value("${pagerlab.contact.email:}") String email,
                            @Value("${pagerlab.contact.url:}") String url) {
        Contact contact = new Contact().name(name);
        if (!email.isBlank()) {
            contact.email(email);
        }
        if (!url.isBlank()) {
            contact.url(url);
        }
        Schema<?> problem = new ObjectSchema().description("RFC 9457 problem details with a machine-readable code.")
                .addProperty("type", new StringSchema().format("uri").example("urn:pagerlab:problem:region-conflict")
                        .description("Identifies the kind of problem; derived from code."))
                .addProperty("title", new StringSchema().example("Conflict")
                        .description("The reason phrase of the status."))
                .addProperty("status", new IntegerSchema().example(409))
                .addProperty("detail", new StringSchema()
                        .example("[0x3000, +0x2000) leaves rm-1 of 0x100000 bytes or overlaps a region")
                        .description("What was wrong, naming the field or object and what is accepted."))
                .addProperty("instance", new StringSchema().format("uri-reference").example("/api/v1/labs/default"))
                .addProperty("code", new StringSchema().example("REGION_CONFLICT")
                        .description("Machine-readable: REGION_CONFLICT, INVALID_ARGUMENTS, VALIDATION_FAILED, ..."));
        problem.setRequired(List.of("type", "title", "status", "code"));
        Components components = new Components().addSchemas(PROBLEM, problem)
                .addResponses(ScenarioDocuments.ANSWER.substring(ScenarioDocuments.ANSWER.lastIndexOf('/') + 1),
                        new ApiResponse()
                        .description("A scenario document, YAML or JSON as Accept asks")
                        .content(new Content()
                                .addMediaType("application/json", new MediaType().schema(new ObjectSchema()
                                        .description("A scenario document: GET /api/v1/scenarios/schema is its JSON"
                                                + " Schema.")))
                                .addMediaType("application/yaml", new MediaType().schema(new StringSchema()
                                        .description("The same document as YAML.")))));
        // Shapes only named inside event streams (contentSchema), which springdoc does not collect by itself.
        ModelConverters.getInstance(true).readAll(Dto.SignalDto.class).forEach(components::addSchemas);
        return new OpenAPI()
                .info(new Info().title("pagerlab API").version("v1").description(CAPABILITIES).contact(contact)
                        .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
                // Relative: "Try it out" and generated clients talk to wherever the document was served from.
                .servers(List.of(new Server().url("/").description("the server that serves this document")))
                .components(components);
    }

    @Bean
    OperationCustomizer operationDocs() {
        return OperationDocs::document;
    }

    @Bean
    OpenApiCustomizer documentOrder() {
        return DocumentOrder::apply;
    }

    /** Swagger UI shows operations in document order: the writer keeps the order {@link DocumentOrder} chose. */
    @Bean
    SmartInitializingSingleton documentWriterOrder(ObjectMapperProvider mappers) {
        return () -> DocumentOrder.keepOrder(mappers);
    }
}
