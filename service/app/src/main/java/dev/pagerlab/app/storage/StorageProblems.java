package dev.pagerlab.app.storage;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A change the database did not store answers 503 STORAGE_UNAVAILABLE: the service's fault, so a 5xx, and
 * retryable, since the lab is as it was before the request.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class StorageProblems {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StorageProblems.class);

    @ExceptionHandler(StorageUnavailableException.class)
    ProblemDetail unavailable(StorageUnavailableException e) {
        log.error(e.getMessage(), e.getCause());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the change was not stored (the database is unavailable), so the lab is as it was before this request;"
                        + " try again later");
        problem.setType(java.net.URI.create("urn:pagerlab:problem:storage-unavailable"));
        problem.setTitle("Storage unavailable");
        problem.setProperty("code", "STORAGE_UNAVAILABLE");
        return problem;
    }
}
