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

    /**
     * A request body without the fields named (none of them null): the same words as a {@code @NotNull} field that
     * the validator refuses, for the endpoints that check by hand.
     */
    public static Refused required(String... fields) {
        return new Refused(Failure.Code.VALIDATION_FAILED, java.util.Arrays.stream(fields)
                .filter(java.util.Objects::nonNull).map(Refused::requiredText).sorted()
                .collect(java.util.stream.Collectors.joining("; ")));
    }

    /** How a missing required field is named in a problem's detail. */
    static String requiredText(String field) {
        return "'" + field + "' is required";
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
