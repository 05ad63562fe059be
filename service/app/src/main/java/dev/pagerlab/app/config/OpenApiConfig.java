package dev.pagerlab.app.config;

import dev.pagerlab.app.web.ProblemAdvice;
import dev.pagerlab.app.web.Refusals;
import dev.pagerlab.engine.model.Failure;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI document: fixed title and server so that the checked-in openapi.yaml is stable, and every operation's
 * refusals documented as problem details with an example in Genode's terms.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    private static final String PROBLEM = "Problem";

    /** An example detail per refusal, in the words a student meets in the seed letter. */
    private static final Map<Failure.Code, String> EXAMPLES = Map.of(
            Failure.Code.INVALID_ARGUMENTS, "offset 0x800 must be page-aligned and below the dataspace size 0x4000",
            Failure.Code.VALIDATION_FAILED, "'size': '0x1_0000' is not an address or size: use \"0x1000\", \"4096\""
                    + " or \"4K\"",
            Failure.Code.REGION_CONFLICT, "[0x3000, +0x2000) leaves rm-1 of 0x100000 bytes or overlaps a region",
            Failure.Code.OUT_OF_RAM, "no free 0x400000 bytes left in physical memory [0x0, 0xffffffff]",
            Failure.Code.NOT_FOUND, "no RM session rm-9",
            Failure.Code.INVALID_DATASPACE, "no dataspace ds-9",
            Failure.Code.INVALID_HANDLER, "no fault handler fh-9",
            Failure.Code.THREAD_NOT_RUNNING, "th-1 is FAULTED waiting in rm-4",
            Failure.Code.QUOTA_EXCEEDED, "this lab holds its limit of 4096 regions",
            Failure.Code.PHYS_CONFLICT, "I/O memory [0x0, 0xfff] overlaps the physical range of a live RAM or"
                    + " I/O-memory dataspace");

    @Bean
    OpenAPI pagerlabOpenApi() {
        Schema<?> problem = new ObjectSchema().description("RFC 9457 problem details with a machine-readable code.")
                .addProperty("type", new StringSchema().example("urn:pagerlab:problem:region-conflict"))
                .addProperty("title", new StringSchema().example("Conflict"))
                .addProperty("status", new IntegerSchema().example(409))
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("code", new StringSchema().example("REGION_CONFLICT"));
        return new OpenAPI()
                .info(new Info().title("pagerlab API").version("v1")
                        .description("Explore how Genode core resolves page faults: RM sessions (region maps),"
                                + " dataspaces, pagers that find the largest flexpage through nested managed"
                                + " dataspaces, and fault handlers. Addresses and sizes are strings: \"0x400000\","
                                + " \"4194304\" or \"4M\" in, lowercase 0x hex out.")
                        .license(new License().name("Apache-2.0")))
                .servers(List.of(new Server().url("http://localhost:8080").description("local")))
                .components(new Components().addSchemas(PROBLEM, problem));
    }

    @Bean
    OperationCustomizer refusalResponses() {
        return (operation, handler) -> {
            // Derived ids are stable; springdoc's own append _1, _2 in bean-scan order.
            String feature = handler.getBeanType().getSimpleName().replace("Controller", "");
            String method = handler.getMethod().getName();
            operation.setOperationId(Character.toLowerCase(feature.charAt(0)) + feature.substring(1)
                    + Character.toUpperCase(method.charAt(0)) + method.substring(1));
            Refusals refusals = handler.getMethodAnnotation(Refusals.class);
            List<Failure.Code> codes = new ArrayList<>(List.of(Failure.Code.VALIDATION_FAILED));
            if (refusals != null) {
                for (Failure.Code code : refusals.value()) {
                    if (!codes.contains(code)) {
                        codes.add(code);
                    }
                }
            }
            Map<Integer, Map<String, Failure.Code>> byStatus = new TreeMap<>();
            for (Failure.Code code : codes) {
                byStatus.computeIfAbsent(ProblemAdvice.statusOf(code).value(), s -> new LinkedHashMap<>())
                        .put(code.name(), code);
            }
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            byStatus.forEach((status, named) -> {
                MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM));
                named.forEach((name, code) -> media.addExamples(name, new Example().value(example(status, code))));
                responses.addApiResponse(Integer.toString(status), new ApiResponse()
                        .description(String.join(", ", named.keySet()))
                        .content(new Content().addMediaType("application/problem+json", media)));
            });
            operation.setResponses(responses);
            return operation;
        };
    }

    @Bean
    org.springdoc.core.customizers.OpenApiCustomizer sortedTags() {
        return openApi -> {
            if (openApi.getTags() != null) {
                openApi.getTags().sort(java.util.Comparator.comparing(io.swagger.v3.oas.models.tags.Tag::getName));
            }
        };
    }

    private static Map<String, Object> example(int status, Failure.Code code) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:pagerlab:problem:" + code.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        body.put("status", status);
        body.put("detail", EXAMPLES.get(code));
        body.put("code", code.name());
        return body;
    }
}
