package dev.pagerlab.app.config;

import dev.pagerlab.app.web.ProblemAdvice;
import dev.pagerlab.app.web.Refusals;
import dev.pagerlab.engine.model.Failure;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.HandlerMethod;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every operation's documentation derives from its controller method: a stable operationId, the success status
 * and media type the method really answers with, the refusals of {@link Refusals} as problem details, and a
 * description and example for every path parameter.
 */
final class OperationDocs {

    private OperationDocs() {
    }

    /**
     * A description and a "Try it out" value per path parameter name. One place for all endpoints: a new path
     * parameter gets its line here (OpenApiExamplesTest fails until it has one).
     */
    static final Map<String, PathParameter> PATH_PARAMETERS = Map.of(
            "lab", new PathParameter("The lab's id: `default` (the shared sandbox) or the id that POST /api/v1/labs"
                    + " answered. The id is the capability to use the lab.", "default"),
            "rm", new PathParameter("An RM session of the lab, by the id its creation answered (rm-1, rm-2, ...).",
                    "rm-1"),
            "ds", new PathParameter("A dataspace of the lab, by the id its allocation answered (ds-1, ds-2, ...).",
                    "ds-2"),
            "th", new PathParameter("A thread of the lab, by the id its creation answered (th-1, th-2, ...).", "th-1"),
            "fh", new PathParameter("A fault handler of the lab, by the id its creation answered (fh-1, ...).",
                    "fh-1"),
            "at", new PathParameter("An address in the RM session, in the API's notation (\"0x0\", \"4096\", \"4M\")."
                    + " Reading wants the region's start; detaching accepts any address inside the region.", "0x0"),
            "kind", new PathParameter("An exercise kind, as GET /api/v1/exercises lists them (best-mapping,"
                    + " nested-translation, fault-handling, revocation, tlb).", "best-mapping"));

    /** A path parameter's documentation. */
    record PathParameter(String description, String example) {
    }

    /**
     * One refusal per code as the service answers it in the walkthrough of OpenApiExamplesTest (which provokes each
     * and compares): the detail is a real message, not an invented one.
     */
    static final Map<Failure.Code, String> PROBLEM_DETAILS = Map.ofEntries(
            Map.entry(Failure.Code.INVALID_ARGUMENTS,
                    "offset 0x800 must be page-aligned and below the dataspace size 0x400000"),
            Map.entry(Failure.Code.VALIDATION_FAILED,
                    "'size': '0x1_0000' is not an address or size that fits 64 bits: use \"0x1000\", \"4096\" or"
                            + " \"4K\""),
            Map.entry(Failure.Code.REGION_CONFLICT,
                    "[0x0, +0x400000) leaves rm-1 of 0x40000000 bytes or overlaps a region"),
            Map.entry(Failure.Code.OUT_OF_RAM,
                    "no free 0x100000000 bytes left in physical memory [0x0, 0xffffffff] (0x400000 in use)"),
            Map.entry(Failure.Code.NOT_FOUND, "no RM session rm-9"),
            Map.entry(Failure.Code.INVALID_DATASPACE, "no dataspace ds-9"),
            Map.entry(Failure.Code.INVALID_HANDLER, "no fault handler fh-9"),
            Map.entry(Failure.Code.THREAD_NOT_RUNNING, "th-1 is FAULTED waiting in rm-1"),
            Map.entry(Failure.Code.QUOTA_EXCEEDED, "this lab holds its limit of 64 fault handlers"),
            Map.entry(Failure.Code.PHYS_CONFLICT,
                    "I/O memory [0x0, 0xfff] overlaps the physical range of a live RAM or I/O-memory dataspace"));

    static Operation document(Operation operation, HandlerMethod handler) {
        operation.setOperationId(operationId(handler));
        // Tags named on the method replace the controller's (springdoc would list both).
        var declared = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(),
                io.swagger.v3.oas.annotations.Operation.class);
        if (declared != null && declared.tags().length > 0) {
            operation.setTags(List.of(declared.tags()));
        }
        requestExamples(operation);
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        success(operation, handler);
        refusals(operation, handler);
        pathParameters(operation);
        return operation;
    }

    /** Derived ids are stable; springdoc's own append _1, _2 in bean-scan order. */
    private static String operationId(HandlerMethod handler) {
        String feature = handler.getBeanType().getSimpleName().replace("Controller", "");
        String method = handler.getMethod().getName();
        return Character.toLowerCase(feature.charAt(0)) + feature.substring(1)
                + Character.toUpperCase(method.charAt(0)) + method.substring(1);
    }

    /**
     * The status the method answers with: its {@code @ResponseStatus}; else {@code 204} for a
     * {@code ResponseEntity<Void>}, {@code 201} (with Location) for a POST answering a {@code ResponseEntity} with a
     * body (the convention of {@code Created.at}), {@code 200} otherwise. An explicit 2xx {@code @ApiResponse} wins.
     * Success bodies are JSON unless the mapping says what it produces.
     */
    static int successStatus(HandlerMethod handler) {
        Method method = handler.getMethod();
        ResponseStatus declared = AnnotatedElementUtils.findMergedAnnotation(method, ResponseStatus.class);
        if (declared != null) {
            return declared.code().value();
        }
        ResolvableType returned = ResolvableType.forMethodReturnType(method);
        if (ResponseEntity.class.isAssignableFrom(returned.toClass())) {
            Class<?> body = returned.getGeneric(0).toClass();
            if (body == Void.class) {
                return HttpStatus.NO_CONTENT.value();
            }
            RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
            if (mapping != null && Arrays.asList(mapping.method()).contains(RequestMethod.POST)) {
                return HttpStatus.CREATED.value();
            }
        }
        return HttpStatus.OK.value();
    }

    private static void success(Operation operation, HandlerMethod handler) {
        ApiResponses responses = operation.getResponses();
        boolean explicit = AnnotatedElementUtils.findMergedRepeatableAnnotations(handler.getMethod(),
                        io.swagger.v3.oas.annotations.responses.ApiResponse.class).stream()
                .anyMatch(r -> r.responseCode().startsWith("2"));
        String found = responses.keySet().stream().filter(k -> k.startsWith("2")).findFirst().orElse(null);
        ApiResponse response = found == null ? new ApiResponse() : responses.get(found);
        int status = explicit && found != null ? Integer.parseInt(found) : successStatus(handler);
        if (found != null) {
            responses.remove(found);
        }
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        String produces = mapping != null && mapping.produces().length > 0 ? mapping.produces()[0]
                : org.springframework.http.MediaType.APPLICATION_JSON_VALUE;
        if (status == HttpStatus.NO_CONTENT.value()) {
            response.setContent(null);
        } else if (response.getContent() != null && response.getContent().containsKey("*/*")) {
            Content content = new Content();
            response.getContent().forEach((type, media) -> content.addMediaType("*/*".equals(type) ? produces : type,
                    media));
            response.setContent(content);
        }
        if (!explicit) {
            response.setDescription(switch (status) {
                case 201 -> "Created: the new resource, whose URL is in Location";
                case 204 -> "Done; no body";
                default -> HttpStatus.valueOf(status).getReasonPhrase();
            });
        }
        if (status == HttpStatus.CREATED.value()) {
            response.addHeaderObject("Location", new Header().description("The URL of the new resource")
                    .schema(new StringSchema().format("uri-reference")));
        }
        // Success first, then the refusals by status.
        ApiResponses ordered = new ApiResponses();
        ordered.addApiResponse(Integer.toString(status), response);
        responses.forEach(ordered::addApiResponse);
        operation.setResponses(ordered);
    }

    private static void refusals(Operation operation, HandlerMethod handler) {
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
        ApiResponses responses = operation.getResponses();
        byStatus.forEach((status, named) -> {
            MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/"
                    + OpenApiConfig.PROBLEM));
            named.forEach((name, code) -> media.addExamples(name, new Example().value(problemExample(status, code))));
            responses.addApiResponse(Integer.toString(status), new ApiResponse()
                    .description(String.join(", ", named.keySet()))
                    .content(new Content().addMediaType("application/problem+json", media)));
        });
    }

    /** The problem the service answers for {@code code}, as ProblemAdvice builds it. */
    static Map<String, Object> problemExample(int status, Failure.Code code) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:pagerlab:problem:" + code.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        body.put("title", HttpStatus.valueOf(status).getReasonPhrase());
        body.put("status", status);
        body.put("detail", PROBLEM_DETAILS.getOrDefault(code, code.name()));
        body.put("code", code.name());
        return body;
    }

    /** springdoc repeats a named example's name as its description; the summary says it better. */
    private static void requestExamples(Operation operation) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return;
        }
        operation.getRequestBody().getContent().values().stream().filter(m -> m.getExamples() != null)
                .forEach(m -> m.getExamples().forEach((name, example) -> {
                    if (name.equals(example.getDescription())) {
                        example.setDescription(null);
                    }
                }));
    }

    private static void pathParameters(Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        for (Parameter parameter : operation.getParameters()) {
            PathParameter known = PATH_PARAMETERS.get(parameter.getName());
            if (!"path".equals(parameter.getIn()) || known == null) {
                continue;
            }
            if (parameter.getDescription() == null || parameter.getDescription().isBlank()) {
                parameter.setDescription(known.description());
            }
            if (parameter.getExample() == null) {
                parameter.setExample(known.example());
            }
        }
    }
}
