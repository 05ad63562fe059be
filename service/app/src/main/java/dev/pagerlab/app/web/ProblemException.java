package dev.pagerlab.app.web;

import org.springframework.http.HttpStatus;

/** A refusal of the service itself rather than of the engine: its status and code go into the problem as given. */
public final class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    /** A refusal with {@code status}, machine-readable {@code code} and {@code detail}. */
    public ProblemException(HttpStatus status, String code, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** 403 PROTECTED: the shared lab {@code default} cannot be destroyed or reset by a client. */
    public static ProblemException protectedLab(String lab) {
        return new ProblemException(HttpStatus.FORBIDDEN, "PROTECTED", "the lab '" + lab + "' is shared by everyone"
                + " using Swagger UI and cannot be destroyed or reset; create a lab of your own with POST"
                + " /api/v1/labs");
    }

    /** 415 UNSUPPORTED_MEDIA_TYPE. */
    static ProblemException unsupportedMediaType(String detail) {
        return new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", detail);
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }
}
