package dev.pagerlab.app.web;

import dev.pagerlab.engine.model.Failure;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The refusals an operation can answer besides 400 VALIDATION_FAILED; the OpenAPI document lists each with its
 * status and an example problem.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Refusals {

    /** The codes, each documented with the status of api.md. */
    Failure.Code[] value();
}
