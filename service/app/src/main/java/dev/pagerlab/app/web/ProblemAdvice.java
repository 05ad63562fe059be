package dev.pagerlab.app.web;

import dev.pagerlab.engine.model.Failure;
import dev.pagerlab.scenario.ScenarioException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns every error into an RFC 9457 problem with a machine-readable {@code code}; never a stack trace, and never a
 * 5xx for anything a client sent.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    /** The Retry-After of a 429. */
    static final java.time.Duration RETRY_AFTER = java.time.Duration.ofSeconds(5);

    /** The HTTP status of each engine refusal (api.md, Conventions); the OpenAPI document uses it too. */
    public static HttpStatus statusOf(Failure.Code code) {
        return switch (code) {
            case INVALID_ARGUMENTS, VALIDATION_FAILED -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case INVALID_DATASPACE, INVALID_HANDLER -> HttpStatus.UNPROCESSABLE_CONTENT;
            case REGION_CONFLICT, THREAD_NOT_RUNNING, OUT_OF_RAM, PHYS_CONFLICT -> HttpStatus.CONFLICT;
            case QUOTA_EXCEEDED -> HttpStatus.TOO_MANY_REQUESTS;
        };
    }

    /** A problem with {@code code}, whose type URI is derived from the code. */
    static ProblemDetail problem(HttpStatusCode status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:pagerlab:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-')));
        HttpStatus known = HttpStatus.resolve(status.value());
        problem.setTitle(known == null ? code : known.getReasonPhrase());
        problem.setProperty("code", code);
        return problem;
    }

    private static ResponseEntity<Object> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** The code of a problem that only has a status: container errors and Spring's own refusals. */
    public static String codeOf(int status) {
        return switch (status) {
            case 400 -> "VALIDATION_FAILED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 408 -> "REQUEST_TIMEOUT";
            case 413 -> "BODY_TOO_LARGE";
            case 414 -> "URI_TOO_LONG";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 431 -> "HEADERS_TOO_LARGE";
            case 503 -> "UNAVAILABLE";
            default -> status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
        };
    }

    @ExceptionHandler(Refused.class)
    ResponseEntity<Object> refused(Refused e) {
        Failure f = e.failure();
        ResponseEntity<Object> answer = answer(problem(statusOf(f.code()), f.code().name(), f.detail()));
        if (answer.getStatusCode() == HttpStatus.TOO_MANY_REQUESTS) {
            // A quota frees when something is destroyed or a stream closes; a client should not retry at once.
            return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds())).body(answer.getBody());
        }
        return answer;
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<Object> problemException(ProblemException e) {
        return answer(problem(e.status(), e.code(), e.getMessage()));
    }

    @ExceptionHandler(BodySizeLimit.TooLarge.class)
    ResponseEntity<Object> tooLarge(BodySizeLimit.TooLarge e) {
        return answer(problem(HttpStatus.CONTENT_TOO_LARGE, "BODY_TOO_LARGE", e.getMessage()));
    }

    @ExceptionHandler({FieldValueException.class, UnsignedInput.InvalidValue.class})
    ResponseEntity<Object> invalidValue(RuntimeException e) {
        return answer(problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", e.getMessage()));
    }

    /** A malformed scenario: refused whole, with where it is malformed. */
    @ExceptionHandler(ScenarioException.class)
    ResponseEntity<Object> malformedScenario(ScenarioException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", e.describe());
        problem.setProperty("line", e.location().line());
        problem.setProperty("column", e.location().column());
        problem.setProperty("path", e.location().path());
        return answer(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("unexpected error", e);
        return answer(problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "The service failed; this is a bug in pagerlab, not in your request."));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BodySizeLimit.TooLarge tooLarge) {
                return tooLarge(tooLarge);
            }
            if (t instanceof FieldValueException field) {
                return invalidValue(field);
            }
        }
        String detail = switch (ex.getCause()) {
            case UnrecognizedPropertyException unknown -> "unknown field '" + unknown.getPropertyName() + "'";
            case InvalidFormatException bad when bad.getTargetType() != null && bad.getTargetType().isEnum()
                    && !bad.getPath().isEmpty() -> "'" + fieldPath(bad) + "' must be one of "
                    + Arrays.stream(bad.getTargetType().getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", ")) + ", not " + quoted(bad.getValue());
            case MismatchedInputException missing when !missing.getPath().isEmpty()
                    && missing.getOriginalMessage().contains("FAIL_ON_NULL_FOR_PRIMITIVES") ->
                    Refused.requiredText(fieldPath(missing));
            case MismatchedInputException mismatch when !mismatch.getPath().isEmpty()
                    && mismatch.getTargetType() != null -> "'" + fieldPath(mismatch) + "': expected "
                    + expected(mismatch.getTargetType()) + given(mismatch);
            case JacksonException json when !json.getPath().isEmpty() -> "'" + fieldPath(json)
                    + "': " + withoutJavaTypes(json.getOriginalMessage());
            // A duplicate key is found by the parser, which still stands on the field.
            case JacksonException json when json.processor() instanceof JsonParser parser
                    && parser.currentName() != null -> "'" + parser.currentName() + "': "
                    + withoutJavaTypes(json.getOriginalMessage());
            case JacksonException json -> "malformed JSON: " + withoutJavaTypes(json.getOriginalMessage());
            case null, default -> "the request body is missing or is not JSON";
        };
        return answer(problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", detail));
    }

    private static String quoted(@Nullable Object value) {
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }

    /** What a field of {@code type} takes, in JSON's words. */
    private static String expected(Class<?> type) {
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** The JSON value that was sent instead, when the parser still stands on it. */
    private static String given(JacksonException e) {
        if (e.processor() instanceof JsonParser parser && parser.currentToken() != null
                && parser.currentToken().isScalarValue()) {
            String text = parser.getString();
            text = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            return parser.currentToken() == tools.jackson.core.JsonToken.VALUE_STRING ? ", not the string \""
                    + text + "\"" : ", not " + text;
        }
        return "";
    }

    private static String fieldPath(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Jackson names Java classes in its messages; a client needs only the wrong value. */
    private static String withoutJavaTypes(String message) {
        return message.replaceAll("`[^`]*`", "value").replaceAll(" ?\\(class [^)]*\\)", "");
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> "NotNull".equals(e.getCode()) ? Refused.requiredText(e.getField())
                        : "'" + e.getField() + "' " + e.getDefaultMessage()).sorted()
                .collect(Collectors.joining("; "));
        return answer(problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", detail));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        String code = codeOf(statusCode.value());
        String detail = body instanceof ProblemDetail given && given.getDetail() != null ? given.getDetail()
                : ex.getMessage();
        ProblemDetail problem = problem(statusCode, code, detail == null ? code : detail);
        return ResponseEntity.status(statusCode).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
