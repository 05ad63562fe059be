package dev.pagerlab.app.web;

import dev.pagerlab.engine.model.Failure;
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
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.net.URI;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns every error into an RFC 9457 problem with a machine-readable {@code code}; never a stack trace, and never a
 * 5xx for anything a client sent.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

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

    @ExceptionHandler(Refused.class)
    ResponseEntity<Object> refused(Refused e) {
        Failure f = e.failure();
        return answer(problem(statusOf(f.code()), f.code().name(), f.detail()));
    }

    @ExceptionHandler(BodySizeLimit.TooLarge.class)
    ResponseEntity<Object> tooLarge(BodySizeLimit.TooLarge e) {
        return answer(problem(HttpStatus.CONTENT_TOO_LARGE, "BODY_TOO_LARGE", e.getMessage()));
    }

    @ExceptionHandler({FieldValueException.class, UnsignedInput.InvalidValue.class})
    ResponseEntity<Object> invalidValue(RuntimeException e) {
        return answer(problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", e.getMessage()));
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
            case MismatchedInputException mismatch when !mismatch.getPath().isEmpty() -> "'" + fieldPath(mismatch)
                    + "': " + withoutJavaTypes(mismatch.getOriginalMessage());
            case JacksonException json -> "malformed JSON: " + withoutJavaTypes(json.getOriginalMessage());
            case null, default -> "the request body is missing or is not JSON";
        };
        return answer(problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", detail));
    }

    private static String fieldPath(MismatchedInputException e) {
        return e.getPath().stream().map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** Jackson names Java classes in its messages; a client needs only the wrong value. */
    private static String withoutJavaTypes(String message) {
        return message.replaceAll("`[^`]*`", "value").replaceAll(" ?\\(class [^)]*\\)", "");
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> "'" + e.getField() + "' " + e.getDefaultMessage()).sorted()
                .collect(Collectors.joining("; "));
        return answer(problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", detail));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        String code = switch (statusCode.value()) {
            case 400 -> "VALIDATION_FAILED";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 413 -> "BODY_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> statusCode.is5xxServerError() ? "INTERNAL_ERROR" : "BAD_REQUEST";
        };
        String detail = body instanceof ProblemDetail given && given.getDetail() != null ? given.getDetail()
                : ex.getMessage();
        ProblemDetail problem = problem(statusCode, code, detail == null ? code : detail);
        return ResponseEntity.status(statusCode).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
