package dev.pagerlab.app.web;

import org.jspecify.annotations.Nullable;

/** A request-body field whose value is not acceptable; becomes a 400 VALIDATION_FAILED naming the field. */
public final class FieldValueException extends RuntimeException {

    private final @Nullable String field;

    public FieldValueException(@Nullable String field, String message) {
        super((field == null ? "" : "'" + field + "': ") + message);
        this.field = field;
    }

    /** The JSON field, when known. */
    public @Nullable String field() {
        return field;
    }
}
