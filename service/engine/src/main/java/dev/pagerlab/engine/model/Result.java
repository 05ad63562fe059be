package dev.pagerlab.engine.model;

import java.util.function.Function;

/** The outcome of an engine operation: a value, or the reason it was refused. */
public sealed interface Result<T> {

    /** The operation happened and produced {@code value}. */
    record Ok<T>(T value) implements Result<T> {
    }

    /** The operation was refused and changed nothing. */
    record Refused<T>(Failure failure) implements Result<T> {
    }

    /** A successful result. */
    static <T> Result<T> ok(T value) {
        return new Ok<>(value);
    }

    /** A refusal with {@code code} and a sentence for people. */
    static <T> Result<T> refused(Failure.Code code, String detail) {
        return new Refused<>(new Failure(code, detail));
    }

    /** The value transformed when this is a success; the same refusal otherwise. */
    default <U> Result<U> map(Function<? super T, ? extends U> f) {
        return switch (this) {
            case Ok<T>(T value) -> new Ok<>(f.apply(value));
            case Refused<T>(Failure failure) -> new Refused<>(failure);
        };
    }

    /** The value; a refusal here is a programming error (for tests and set-up code that knows it succeeds). */
    default T orThrow() {
        return switch (this) {
            case Ok<T>(T value) -> value;
            case Refused<T>(Failure failure) -> throw new IllegalStateException(failure.code() + ": " + failure.detail());
        };
    }
}
