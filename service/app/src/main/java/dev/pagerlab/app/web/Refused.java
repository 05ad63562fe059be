package dev.pagerlab.app.web;

import dev.pagerlab.engine.model.Failure;
import dev.pagerlab.engine.model.Result;

/** An engine refusal on its way to a problem answer; the status follows from the failure's code. */
public final class Refused extends RuntimeException {

    private final Failure failure;

    public Refused(Failure failure) {
        super(failure.detail(), null, false, false);
        this.failure = failure;
    }

    public Refused(Failure.Code code, String detail) {
        this(new Failure(code, detail));
    }

    public Failure failure() {
        return failure;
    }

    /** The value of a successful result; a refusal is thrown for the problem handler. */
    public static <T> T unwrap(Result<T> result) {
        return switch (result) {
            case Result.Ok<T>(T value) -> value;
            case Result.Refused<T>(Failure failure) -> throw new Refused(failure);
        };
    }
}
